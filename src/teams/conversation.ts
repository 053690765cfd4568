import { ConversationReference, TeamsInfo, TurnContext } from 'botbuilder';
import { Turn } from './turn';

/** The address to post to later: in a channel, the channel itself, not the thread. */
export function referenceOf(turn: Turn): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(turn.context.activity);
  return { ...reference, conversation: { ...reference.conversation!, id: turn.conversationId } };
}

/**
 * "Équipe › Canal": message activities carry ids only, so names come from the Teams API; the
 * General channel has the team's id and no name of its own.
 */
export async function channelDisplayName(turn: Turn): Promise<string> {
  if (turn.scope !== 'channel') return turn.conversationName;
  try {
    const [team, channels] = await Promise.all([TeamsInfo.getTeamDetails(turn.context), TeamsInfo.getTeamChannels(turn.context)]);
    const channel = channels.find((c) => c.id === turn.conversationId);
    const name = channel?.name || (turn.conversationId === team.id ? 'Général' : 'canal de l’équipe');
    return team.name ? `${team.name} › ${name}` : name;
  } catch {
    return turn.conversationName;
  }
}
