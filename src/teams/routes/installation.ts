import { TurnContext } from 'botbuilder';
import { recordConversation } from '../../app/record-conversation';
import { can } from '../../domain/permissions';
import { CardJson, renderCard } from '../card-renderer';
import { sendCard } from '../replies';
import { Turn } from '../turn';

function welcomeCard(turn: Turn): CardJson {
  const where =
    turn.scope === 'personal' ? '' : turn.scope === 'channel' ? `dans « ${turn.conversationName} »` : 'dans cette conversation';
  let nextStep = 'Tapez « aide » pour voir ce que vous pouvez faire.';
  if (!turn.actor.person) {
    nextStep = 'Vous n’êtes pas encore enregistré·e dans une centrale : un administrateur de la centrale doit vous ajouter.';
  } else if (turn.scope !== 'personal' && can(turn.actor.person, 'channel.link')) {
    nextStep = 'Administrateur : mentionnez-moi avec « lier » pour lier ce canal à une instance ; ses notifications y seront publiées.';
  } else if (turn.scope !== 'personal') {
    nextStep = 'Mentionnez-moi avec « aide » pour voir ce que vous pouvez faire.';
  }
  return renderCard('welcome', {
    where,
    centraleName: turn.actor.centrale?.name ?? 'pas encore de centrale pour vous',
    nextStep,
  });
}

/**
 * The bot was added to a personal chat, a group chat or a team: keep the conversation's address
 * (proactive notices need it) and say hello, once per conversation.
 */
export async function onInstalled(turn: Turn): Promise<void> {
  const { conversations } = turn.deps;
  const known = await conversations.getForConversation(turn.conversationId);
  await recordConversation(turn.deps, {
    conversationId: turn.conversationId,
    reference: TurnContext.getConversationReference(turn.context.activity),
    personalChatOf: turn.scope === 'personal' && turn.actor.identity.aadObjectId !== 'inconnu' ? turn.actor.key : undefined,
  });
  if (!known) await sendCard(turn.context, welcomeCard(turn));
}

/** A personal chat that predates the bot's storage still becomes the person's address. */
const rememberedPersonalChats = new Set<string>();
export async function rememberPersonalChat(turn: Turn): Promise<void> {
  if (turn.scope !== 'personal' || !turn.actor.person || rememberedPersonalChats.has(turn.actor.key)) return;
  if (!(await turn.deps.conversations.getForPerson(turn.actor.key))) {
    await recordConversation(turn.deps, {
      conversationId: turn.conversationId,
      reference: TurnContext.getConversationReference(turn.context.activity),
      personalChatOf: turn.actor.key,
    });
  }
  rememberedPersonalChats.add(turn.actor.key);
}
