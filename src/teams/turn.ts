import { TurnContext } from 'botbuilder';
import { Actor, identifyActor } from '../app/identify-actor';
import { AppDeps } from '../app/ports';
import { SignedLinks } from '../app/files/signed-links';
import { CardRefresher } from './card-refresher';
import { UserIdentity } from '../domain/identity';
import { Logger } from '../logger';

export type Scope = 'personal' | 'channel' | 'groupChat';

export type { Logger } from '../logger';

export interface BotDeps extends AppDeps {
  log: Logger;
  /** Signed links to the files the bot serves (calendar, exports). */
  links: SignedLinks;
  /** Coalesces refreshes of shared cards (tallies) in this process. */
  refresher: CardRefresher;
  /** False until the database has been reached and prepared (a start while it was down). */
  storageReady(): boolean;
}

/** What every handler gets: the Teams turn, who acts, and where. */
export interface Turn {
  context: TurnContext;
  deps: BotDeps;
  actor: Actor;
  scope: Scope;
  conversationId: string;
  /** Channel name where Teams gives it, else a readable label for the conversation. */
  conversationName: string;
}

export function scopeOf(context: TurnContext): Scope {
  const type = context.activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

export function identityOf(context: TurnContext): UserIdentity | null {
  const a = context.activity;
  const tenantId = a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const aadObjectId = a.from?.aadObjectId;
  if (!tenantId || !aadObjectId) return null;
  return { tenantId, aadObjectId, teamsUserId: a.from.id, displayName: a.from.name };
}

type TeamsChannelData = { channel?: { id?: string; name?: string }; team?: { id?: string; name?: string } } | undefined;

/**
 * In a channel, Teams gives each thread its own conversation id (`19:…;messageid=…`): the
 * channel itself is what links and notices are about.
 */
export function conversationIdOf(context: TurnContext): string {
  const id = context.activity.conversation?.id ?? '';
  if (scopeOf(context) !== 'channel') return id;
  return (context.activity.channelData as TeamsChannelData)?.channel?.id ?? id.split(';')[0]!;
}

/** Names as this activity gives them; message activities often carry none (see channelName). */
function conversationNameOf(context: TurnContext, scope: Scope): string {
  const data = context.activity.channelData as TeamsChannelData;
  if (scope === 'channel') {
    const channel = data?.channel?.name ?? (data?.channel?.id && data.channel.id === data.team?.id ? 'Général' : 'canal de l’équipe');
    return data?.team?.name ? `${data.team.name} › ${channel}` : channel;
  }
  return context.activity.conversation?.name || (scope === 'groupChat' ? 'conversation de groupe' : 'conversation personnelle');
}

/** Someone Teams does not identify (no Entra id) is treated as unregistered. */
const ANONYMOUS: UserIdentity = { tenantId: 'inconnu', aadObjectId: 'inconnu' };

export async function openTurn(context: TurnContext, deps: BotDeps): Promise<Turn> {
  const scope = scopeOf(context);
  const conversationId = conversationIdOf(context);
  const identity = identityOf(context);
  const actor = identity
    ? await identifyActor(deps, identity, conversationId)
    : { identity: ANONYMOUS, key: 'anonyme', person: null, centrale: null };
  return { context, deps, actor, scope, conversationId, conversationName: conversationNameOf(context, scope) };
}
