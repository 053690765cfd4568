import {
  recordConversation,
  rememberPersonalChat as rememberKnownChat,
} from '../../app/governance/record-conversation';
import { can } from '../../domain/permissions';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { Turn } from '../turn';

function welcomeCard(turn: Turn): CardJson {
  const where =
    turn.scope === 'personal'
      ? ''
      : turn.scope === 'channel'
        ? `dans « ${cardText(turn.conversationName)} »`
        : 'dans cette conversation';
  let nextStep = 'Tapez « aide » pour voir ce que vous pouvez faire.';
  if (!turn.actor.person) {
    nextStep =
      'Vous n’êtes pas encore enregistré·e dans une centrale : un administrateur de la centrale doit vous ajouter.';
  } else if (turn.scope !== 'personal' && can(turn.actor.person, 'channel.link')) {
    nextStep =
      'Administrateur : mentionnez-moi avec « lier » pour lier ce canal à une instance ; ses notifications y seront publiées.';
  } else if (turn.scope !== 'personal') {
    nextStep = 'Mentionnez-moi avec « aide » pour voir ce que vous pouvez faire.';
  }
  return renderCard('welcome', {
    where,
    // The instances are shown to people of the centrale only: a stranger would be refused.
    registered: !!turn.actor.person,
    intro:
      (turn.actor.centrale
        ? `Je suis l’assistant de gouvernance — ${cardText(turn.actor.centrale.name)}. `
        : 'Je suis l’assistant de gouvernance de la centrale d’achat. ') +
      'Je tiens la carte de ses instances, de leurs membres et de leurs canaux, et j’y porte les convocations, les votes, les besoins d’achat des adhérents et le suivi des litiges.',
    nextStep,
  });
}

/**
 * The bot was added to a personal chat, a group chat or a team: keep the conversation's address
 * (proactive notices need it) and say hello, once per conversation.
 */
export async function onInstalled(turn: Turn): Promise<void> {
  const isNew = await recordConversation(turn.deps, {
    conversationId: turn.conversationId,
    reference: turn.reference(),
    personalChatOf:
      turn.scope === 'personal' && turn.actor.identity.aadObjectId !== 'inconnu' ? turn.actor.key : undefined,
  });
  // Teams sends conversationUpdate and installationUpdate together: only the first says hello.
  if (isNew) await turn.reply(welcomeCard(turn));
}

/** A personal chat that predates the bot's storage still becomes the person's address. */
const rememberedPersonalChats = new Set<string>();
export async function rememberPersonalChat(turn: Turn): Promise<void> {
  if (turn.scope !== 'personal' || !turn.actor.person || rememberedPersonalChats.has(turn.actor.key)) return;
  await rememberKnownChat(turn.deps, {
    personKey: turn.actor.key,
    conversationId: turn.conversationId,
    reference: turn.reference(),
  });
  rememberedPersonalChats.add(turn.actor.key);
}
