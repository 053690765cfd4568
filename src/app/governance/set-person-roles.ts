import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Person } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { Role } from '../../domain/roles';
import { Actor } from '../identify-actor';
import { AppDeps } from '../ports';

/** Gives a person of the centrale their roles and, for a référent, the adhérent they speak for. */
export async function setPersonRoles(
  deps: Pick<AppDeps, 'governance'>,
  actor: Actor,
  input: { personKey: string; roles: Role[]; memberId: string | null },
): Promise<Person> {
  authorize(actor.person, 'person.roles.set');
  const centraleId = actor.person.centraleId;
  const person = await deps.governance.getPerson(centraleId, input.personKey);
  if (!person) throw new DomainError(ErrorCode.UnknownPerson, 'Cette personne n’est pas enregistrée dans la centrale.');
  if (input.memberId) {
    const members = await deps.governance.listMembers(centraleId);
    if (!members.some((m) => m.id === input.memberId)) {
      throw new DomainError(ErrorCode.UnknownMember, 'Cet adhérent n’existe pas dans la centrale.');
    }
  }
  if (input.roles.includes('referent') && !input.memberId) {
    throw new DomainError(
      ErrorCode.ReferentWithoutMember,
      'Un référent doit être rattaché à un adhérent : choisissez sa commune.',
    );
  }
  const removesAdmin = person.roles.includes('administrateur') && !input.roles.includes('administrateur');
  if (removesAdmin && person.key === actor.person.key) {
    throw new DomainError(
      ErrorCode.OwnAdminGuard,
      'Vous ne pouvez pas retirer votre propre rôle d’administrateur : demandez-le à un autre administrateur.',
    );
  }
  return deps.governance.upsertPerson(person, (p) => ({
    ...p,
    roles: [...new Set(input.roles)],
    memberId: input.memberId,
  }));
}
