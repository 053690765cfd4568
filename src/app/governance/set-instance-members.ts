import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Instance, Person, withMembers } from '../../domain/governance';
import { keyOf, UserIdentity } from '../../domain/identity';
import { authorize } from '../../domain/permissions';
import { isValidEmail } from '../../domain/email';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

export interface Candidate extends UserIdentity {
  displayName: string;
  email?: string;
}

/**
 * Sets who sits in an instance, chosen among people Teams knows (the team's roster). People
 * not yet in the centrale are added to it, with no role.
 */
export async function setInstanceMembers(
  deps: Pick<AppDeps, 'governance'>,
  actor: Actor,
  input: { instanceId: string; candidates: Candidate[]; memberKeys: string[]; organiserKeys: string[] },
): Promise<Instance> {
  const centraleId = requirePerson(actor).centraleId;
  const instance = await deps.governance.getInstance(centraleId, input.instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownInstance, 'Cette instance n’existe pas dans votre centrale.');
  authorize(actor.person, 'instance.members.set', { instance });

  const candidates = new Map(input.candidates.map((c) => [keyOf(c), c]));
  const current = new Set(instance.members.map((m) => m.personKey));
  const unknown = input.memberKeys.find((k) => !candidates.has(k) && !current.has(k));
  if (unknown) {
    throw new DomainError(
      ErrorCode.UnknownPerson,
      'Une personne choisie n’est plus dans l’équipe. Rouvrez la liste des membres.',
    );
  }
  const updated = withMembers(instance, input.memberKeys, input.organiserKeys);
  for (const key of input.memberKeys) {
    const c = candidates.get(key);
    if (!c) continue;
    const email = rosterEmail(c.email);
    if (current.has(key)) {
      // A known person without an address gets the roster's; an address already set is kept.
      if (!email) continue;
      const known = await deps.governance.getPerson(centraleId, key);
      if (known && !known.email) await deps.governance.upsertPerson(known, (p) => (p.email ? p : { ...p, email }));
      continue;
    }
    const person: Person = {
      key,
      centraleId,
      tenantId: c.tenantId,
      aadObjectId: c.aadObjectId,
      teamsUserId: c.teamsUserId ?? null,
      displayName: c.displayName,
      email,
      roles: [],
      memberId: null,
    };
    // Someone stored meanwhile (or before, without being a member) is kept, with the address if they had none.
    await deps.governance.upsertPerson(person, (p) => (p.email || !email ? p : { ...p, email }));
  }
  return deps.governance.updateInstance(centraleId, instance.id, (i) =>
    withMembers(
      i,
      updated.members.map((m) => m.personKey),
      input.organiserKeys,
    ),
  );
}

/** The roster's address, if it is one (a UPN that is not an address, or a bad value, gives none). */
function rosterEmail(raw: string | undefined): string | null {
  const value = raw?.trim();
  return value && isValidEmail(value) ? value : null;
}
