import { DeliveryPreference, Instance, Person } from '../../domain/governance';
import { keyOf } from '../../domain/identity';
import { Actor } from '../identify-actor';
import { AppDeps } from '../ports';
import { auditAdmin } from '../privacy/personal-data';
import { linkChannel } from './link-channel';
import { ConversationScope, memberCandidates, requireSharedConversation } from './queries';
import { recordConversation } from './record-conversation';
import { Candidate, setInstanceMembers } from './set-instance-members';
import { setPersonRoles } from './set-person-roles';
import { count } from '../../domain/french-text';

/** How the log of administrative actions names a delivery preference. */
const DELIVERY_AUDIT: Record<DeliveryPreference, string> = { teams: 'Teams d’abord', email: 'toujours par e-mail' };

type Deps = Pick<AppDeps, 'governance' | 'directory' | 'conversations' | 'adminAudit' | 'clock'>;

/** Links this conversation to an instance, keeps its address for notices, and logs it. */
export async function linkConversation(
  deps: Deps,
  actor: Actor,
  input: {
    scope: ConversationScope;
    instanceId: string;
    conversationId: string;
    channelName: string;
    reference: unknown;
  },
): Promise<Instance> {
  requireSharedConversation(input.scope);
  const instance = await linkChannel(deps, actor, input);
  await recordConversation(deps, { conversationId: input.conversationId, reference: input.reference });
  await auditAdmin(deps, actor, 'canal', `« ${input.channelName} » lié à « ${instance.name} »`);
  return instance;
}

/**
 * Sets an instance's members among the known people and the conversation's roster, and logs
 * it. Returns the display names of the candidates, for the confirmation.
 */
export async function composeInstance(
  deps: Deps,
  actor: Actor,
  input: {
    instance: Instance;
    scope: ConversationScope;
    roster: Candidate[];
    memberKeys: string[];
    organiserKeys: string[];
  },
): Promise<{ saved: Instance; names: Map<string, string> }> {
  const candidates = await memberCandidates(deps, actor, input);
  const saved = await setInstanceMembers(deps, actor, {
    instanceId: input.instance.id,
    candidates,
    memberKeys: input.memberKeys,
    organiserKeys: input.organiserKeys,
  });
  const organisers = saved.members.filter((m) => m.organiser).length;
  await auditAdmin(
    deps,
    actor,
    'membres',
    `« ${saved.name} » : ${count(saved.members.length, 'membre', 'membres')}, dont ${count(organisers, 'organisateur·rice', 'organisateur·rices')}`,
  );
  return { saved, names: new Map(candidates.map((c) => [keyOf(c), c.displayName])) };
}

/** Gives a person their roles (and adhérent), and logs it. */
export async function assignRoles(
  deps: Deps,
  actor: Actor,
  input: Parameters<typeof setPersonRoles>[2],
): Promise<Person> {
  const before = actor.person ? await deps.governance.getPerson(actor.person.centraleId, input.personKey) : null;
  const saved = await setPersonRoles(deps, actor, input);
  const changes: string[] = [];
  if (before && (before.email ?? null) !== (saved.email ?? null)) {
    changes.push(`e-mail : ${before.email ?? 'aucun'} → ${saved.email ?? 'aucun'}`);
  }
  if (before && (before.delivery ?? 'teams') !== (saved.delivery ?? 'teams')) {
    changes.push(
      `envoi : ${DELIVERY_AUDIT[before.delivery ?? 'teams']} → ${DELIVERY_AUDIT[saved.delivery ?? 'teams']}`,
    );
  }
  await auditAdmin(
    deps,
    actor,
    'roles',
    `${saved.displayName} : ${saved.roles.join(', ') || 'aucun rôle'}${saved.memberId ? ` (${saved.memberId})` : ''}` +
      changes.map((c) => `, ${c}`).join(''),
  );
  return saved;
}
