import { auditAdmin } from '../../app/privacy/personal-data';
import { z } from 'zod';
import { linkChannel } from '../../app/link-channel';
import { recordConversation } from '../../app/record-conversation';
import { DomainError } from '../../domain/errors';
import { findInstance } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { messageCard } from '../replies';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';

const linkData = z.object({ instanceId: z.string({ error: 'Choisissez une instance.' }).min(1, 'Choisissez une instance.') });

function requireSharedConversation(turn: Turn) {
  if (turn.scope === 'personal') {
    throw new DomainError('link-in-personal-chat', 'On lie une instance à un canal d’équipe ou à une conversation de groupe : tapez « lier » dans le canal voulu, en me mentionnant.');
  }
}

async function linkForm(turn: Turn): Promise<CardJson> {
  authorize(turn.actor.person, 'channel.link');
  requireSharedConversation(turn);
  const instances = await turn.deps.governance.listInstances(turn.actor.person.centraleId);
  const current = instances.find((i) => i.channel?.conversationId === turn.conversationId);
  return renderCard('channel-link.form', {
    channelName: cardText(await turn.channelDisplayName()),
    current: current ? cardText(current.name) : '',
    selected: current?.id ?? '',
    choices: instances.map((i) => ({ title: i.name, value: i.id })),
  });
}

async function link(turn: Turn, instanceId: string): Promise<CardJson> {
  requireSharedConversation(turn);
  const channelName = await turn.channelDisplayName();
  const instance = await linkChannel(turn.deps, turn.actor, { instanceId, conversationId: turn.conversationId, channelName });
  await recordConversation(turn.deps, { conversationId: turn.conversationId, reference: turn.reference() });
  await auditAdmin(turn.deps, turn.actor, 'canal', `« ${channelName} » lié à « ${instance.name} »`);
  return messageCard({
    title: 'Canal lié',
    text: `Les notifications de « ${cardText(instance.name)} » seront publiées dans « ${cardText(channelName)} ».`,
    facts: [{ title: 'Membres', value: `${instance.members.length}` }],
    hint: 'Tapez « membres » ici pour choisir les membres de l’instance parmi ceux de l’équipe.',
    tone: 'good',
  });
}

export function registerChannelLink(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['lier', 'lien'], async (turn, args) => {
    if (!args.trim()) return turn.reply(await linkForm(turn));
    authorize(turn.actor.person, 'channel.link');
    const instance = findInstance(await turn.deps.governance.listInstances(turn.actor.person.centraleId), args);
    if (!instance) return turn.reply(await linkForm(turn));
    await turn.reply(await link(turn, instance.id));
  });
  verbs.add('channel.link', linkData, (turn, data) => link(turn, data.instanceId));
}
