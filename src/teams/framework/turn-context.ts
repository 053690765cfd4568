import { TeamsChannelAccount, TeamsInfo, TurnContext } from 'botbuilder';
import { identifyActor } from '../../app/identify-actor';
import { turnReads } from '../../app/governance/turn-reads';
import { UserIdentity } from '../../domain/identity';
import { CardJson } from '../card-renderer';
import { attach } from '../replies';
import { BotDeps, RosterMember, Scope, Turn } from '../turn';

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

/** Names as this activity gives them; message activities often carry none (see channelDisplayName). */
function conversationNameOf(context: TurnContext, scope: Scope): string {
  const data = context.activity.channelData as TeamsChannelData;
  if (scope === 'channel') {
    const channel =
      data?.channel?.name ?? (data?.channel?.id && data.channel.id === data.team?.id ? 'Général' : 'canal de l’équipe');
    return data?.team?.name ? `${data.team.name} › ${channel}` : channel;
  }
  return (
    context.activity.conversation?.name ||
    (scope === 'groupChat' ? 'conversation de groupe' : 'conversation personnelle')
  );
}

export async function sendCard(context: TurnContext, card: CardJson): Promise<void> {
  await context.sendActivity({ type: 'message', attachments: [attach(card)] });
}

async function rosterOf(context: TurnContext): Promise<RosterMember[]> {
  if (scopeOf(context) === 'personal') return [];
  const members: TeamsChannelAccount[] = [];
  let token: string | undefined;
  do {
    const page = await TeamsInfo.getPagedMembers(context, 500, token);
    members.push(...page.members);
    token = page.continuationToken || undefined;
  } while (token);
  return members.map((m) => ({
    teamsUserId: m.id,
    aadObjectId: m.aadObjectId,
    name: m.name,
    // Teams gives the mail, or only the user principal name (most often the same address).
    email: m.email ?? m.userPrincipalName ?? undefined,
  }));
}

/**
 * "Équipe › Canal": message activities carry ids only, so names come from the Teams API; the
 * General channel has the team's id and no name of its own.
 */
async function channelDisplayName(
  context: TurnContext,
  turn: { scope: Scope; conversationId: string; conversationName: string },
): Promise<string> {
  if (turn.scope !== 'channel') return turn.conversationName;
  try {
    const [team, channels] = await Promise.all([TeamsInfo.getTeamDetails(context), TeamsInfo.getTeamChannels(context)]);
    const channel = channels.find((c) => c.id === turn.conversationId);
    const name = channel?.name || (turn.conversationId === team.id ? 'Général' : 'canal de l’équipe');
    return team.name ? `${team.name} › ${name}` : name;
  } catch {
    return turn.conversationName;
  }
}

/** Someone Teams does not identify (no Entra id) is treated as unregistered. */
const ANONYMOUS: UserIdentity = { tenantId: 'inconnu', aadObjectId: 'inconnu' };

/** The framework's turn context, seen as the `Turn` every route gets. */
export async function openTurn(
  context: TurnContext,
  shared: BotDeps,
  correlationId: string,
): Promise<Turn & { end(): void }> {
  // The governance read once per turn (app/governance/turn-reads.ts), forgotten at its end.
  const governance = turnReads(shared.governance);
  const deps: BotDeps = { ...shared, governance };
  const scope = scopeOf(context);
  const conversationId = conversationIdOf(context);
  const identity = identityOf(context);
  // A personal chat is never linked to an instance (only channels and group chats are): no binding to look up.
  const actor = identity
    ? await identifyActor(deps, identity, scope === 'personal' ? undefined : conversationId)
    : { identity: ANONYMOUS, key: 'anonyme', person: null, centrale: null };
  const conversationName = conversationNameOf(context, scope);
  const where = { scope, conversationId, conversationName };
  return {
    deps,
    actor,
    ...where,
    correlationId,
    serviceUrl: context.activity.serviceUrl ?? null,
    tenantId: context.activity.conversation?.tenantId ?? null,
    reply: (card) => sendCard(context, card),
    roster: () => rosterOf(context),
    reference: () => {
      const reference = TurnContext.getConversationReference(context.activity);
      return { ...reference, conversation: { ...reference.conversation!, id: conversationId } };
    },
    channelDisplayName: () => channelDisplayName(context, where),
    end: () => governance.end(),
  };
}
