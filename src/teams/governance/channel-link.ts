import { z } from 'zod';
import { linkConversation } from '../../app/governance/admin-actions';
import { instanceToLink, linkFormData } from '../../app/governance/queries';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { NO_BACK } from '../back';
import { CommandRouter } from '../command-router';
import { namedInstanceId } from './instance-target';
import { messageCard } from '../replies';
import { TO_GOVERNANCE } from '../back';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';

const linkData = z.object({
  instanceId: z.string({ error: 'Choisissez une instance.' }).min(1, 'Choisissez une instance.'),
});

async function linkForm(turn: Turn, chosen?: string): Promise<CardJson> {
  const { instances, current } = await linkFormData(turn.deps, turn.actor, turn);
  return renderCard('channel-link.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    channelName: cardText(await turn.channelDisplayName()),
    current: current ? cardText(current.name) : '',
    selected: chosen ?? current?.id ?? '',
    choices: instances.map((i) => ({ title: i.name, value: i.id })),
  });
}

async function link(turn: Turn, instanceId: string): Promise<CardJson> {
  const channelName = await turn.channelDisplayName();
  const instance = await linkConversation(turn.deps, turn.actor, {
    scope: turn.scope,
    instanceId,
    conversationId: turn.conversationId,
    channelName,
    reference: turn.reference(),
  });
  const card = messageCard({
    title: 'Canal lié',
    text: `Les notifications de « ${cardText(instance.name)} » seront publiées dans « ${cardText(channelName)} ».`,
    facts: [{ title: 'Membres', value: `${instance.members.length}` }],
    hint: 'Tapez « membres » ici pour choisir les membres de l’instance parmi ceux de l’équipe.',
    tone: 'good',
  });
  return { ...card, actions: [TO_GOVERNANCE] };
}

export function registerChannelLink(commands: CommandRouter, verbs: VerbRouter): void {
  // « lier ce canal au COPIL »: shows the link to make, with its button (linking is the button's).
  commands.add('channel.link', async (turn, request) => {
    const named = namedInstanceId(request);
    const instance = named ? await instanceToLink(turn.deps, turn.actor, named) : undefined;
    return linkForm(turn, instance?.id);
  });
  verbs.add('channel.link', linkData, (turn, data) => link(turn, data.instanceId));
}
