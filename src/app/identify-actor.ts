import { ErrorCode } from '../domain/error-codes';
import { DomainError } from '../domain/errors';
import { NOT_REGISTERED } from '../domain/permissions';
import { Centrale, Person } from '../domain/governance';
import { UserIdentity, keyOf } from '../domain/identity';
import { AppDeps } from './ports';

export interface Actor {
  identity: UserIdentity;
  key: string;
  person: Person | null;
  centrale: Centrale | null;
}

/**
 * Who is acting, and for which centrale. A conversation linked to an instance decides the
 * centrale (someone who does not belong to it acts there as unregistered); elsewhere the
 * person's first centrale does. Someone no centrale lists gets `person: null`: help only.
 */
export async function identifyActor(
  deps: Pick<AppDeps, 'governance' | 'directory'>,
  identity: UserIdentity,
  conversationId?: string,
): Promise<Actor> {
  const key = keyOf(identity);
  const [centraleIds, binding] = await Promise.all([
    deps.directory.centralesOf(key),
    conversationId ? deps.directory.instanceOfConversation(conversationId) : Promise.resolve(null),
  ]);
  // In a conversation linked to a centrale, only that centrale's people act (and see its data).
  if (binding && !centraleIds.includes(binding.centraleId)) return { identity, key, person: null, centrale: null };
  const centraleId = binding ? binding.centraleId : centraleIds[0];
  if (!centraleId) return { identity, key, person: null, centrale: null };
  const [person, centrale] = await Promise.all([
    deps.governance.getPerson(centraleId, key),
    deps.governance.getCentrale(centraleId),
  ]);
  if (!person || !centrale) return { identity, key, person: null, centrale: null };
  return { identity, key, person: await refreshTeamsDetails(deps, person, identity), centrale };
}

/** Keeps the name and the Teams id (needed to open a 1:1 chat) as Teams last gave them. */
async function refreshTeamsDetails(
  deps: Pick<AppDeps, 'governance'>,
  person: Person,
  identity: UserIdentity,
): Promise<Person> {
  const name = identity.displayName?.trim();
  const stale =
    (identity.teamsUserId && identity.teamsUserId !== person.teamsUserId) || (name && name !== person.displayName);
  if (!stale) return person;
  return deps.governance.upsertPerson(person, (p) => ({
    ...p,
    teamsUserId: identity.teamsUserId ?? p.teamsUserId,
    displayName: name || p.displayName,
  }));
}

/** The actor's person, or the French "not registered" error. */
export function requirePerson(actor: Actor): Person {
  if (!actor.person) throw new DomainError(ErrorCode.NotRegistered, NOT_REGISTERED);
  return actor.person;
}
