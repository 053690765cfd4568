import { TurnContext } from 'botbuilder';
import { Actor, identifyActor } from '../app/identify-actor';
import { AppDeps } from '../app/ports';
import { UserIdentity } from '../domain/identity';
import { Logger } from '../logger';

export type Scope = 'personal' | 'channel' | 'groupChat';

export type { Logger } from '../logger';

export interface BotDeps extends AppDeps {
  log: Logger;
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

function conversationNameOf(context: TurnContext, scope: Scope): string {
  const data = context.activity.channelData as { channel?: { name?: string }; team?: { name?: string } } | undefined;
  if (scope === 'channel') {
    const channel = data?.channel?.name ?? 'Général';
    return data?.team?.name ? `${data.team.name} › ${channel}` : channel;
  }
  return context.activity.conversation?.name ?? (scope === 'groupChat' ? 'conversation de groupe' : 'conversation personnelle');
}

/** Someone Teams does not identify (no Entra id) is treated as unregistered. */
const ANONYMOUS: UserIdentity = { tenantId: 'inconnu', aadObjectId: 'inconnu' };

export async function openTurn(context: TurnContext, deps: BotDeps): Promise<Turn> {
  const scope = scopeOf(context);
  const conversationId = context.activity.conversation?.id ?? '';
  const identity = identityOf(context);
  const actor = identity
    ? await identifyActor(deps, identity, conversationId)
    : { identity: ANONYMOUS, key: 'anonyme', person: null, centrale: null };
  return { context, deps, actor, scope, conversationId, conversationName: conversationNameOf(context, scope) };
}
