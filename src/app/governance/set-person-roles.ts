import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { normalizeEmail } from '../../domain/email';
import { DeliveryPreference, Person } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { Role } from '../../domain/roles';
import { Actor } from '../identify-actor';
import { AppDeps } from '../ports';

/** What the roles form showed ticked and selected for the person when it was opened. */
export interface ShownRoles {
  roles: Role[];
  memberId: string | null;
  /** The address and preference the form showed (absent from forms sent before it carried them). */
  email?: string | null;
  delivery?: DeliveryPreference;
}

/**
 * Gives a person of the centrale their roles and, for a référent, the adhérent they speak for.
 * With `shown` (what the form showed ticked), only what the administrator changed on the form
 * changes: a role ticked is added, a role unticked is removed, the commune is set if another was
 * chosen; the rest stays as stored, even if it changed since the form was opened. Without it, the
 * roles and the commune sent replace the person's.
 */
export async function setPersonRoles(
  deps: Pick<AppDeps, 'governance'>,
  actor: Actor,
  input: {
    personKey: string;
    roles: Role[];
    memberId: string | null;
    /** The address as typed ('' removes it); absent leaves it as stored. */
    email?: string;
    /** Absent leaves it as stored. */
    delivery?: DeliveryPreference;
    shown?: ShownRoles;
  },
): Promise<Person> {
  authorize(actor.person, 'person.roles.set');
  const admin = actor.person;
  const centraleId = admin.centraleId;
  const person = await deps.governance.getPerson(centraleId, input.personKey);
  if (!person) throw new DomainError(ErrorCode.UnknownPerson, 'Cette personne n’est pas enregistrée dans la centrale.');
  if (input.memberId) {
    const members = await deps.governance.listMembers(centraleId);
    if (!members.some((m) => m.id === input.memberId)) {
      throw new DomainError(ErrorCode.UnknownMember, 'Cet adhérent n’existe pas dans la centrale.');
    }
  }
  // Checked before anything is read or written: a bad address changes nothing.
  const email = input.email === undefined ? undefined : normalizeEmail(input.email);
  const next = (p: Person): Person => {
    const { shown } = input;
    const roles = shown
      ? [
          ...p.roles.filter((r) => input.roles.includes(r) || !shown.roles.includes(r)),
          ...input.roles.filter((r) => !shown.roles.includes(r)),
        ]
      : input.roles;
    const memberId = shown && (input.memberId ?? null) === (shown.memberId ?? null) ? p.memberId : input.memberId;
    const emailChanged = email !== undefined && !(shown && 'email' in shown && (shown.email ?? null) === email);
    const deliveryChanged = input.delivery !== undefined && !(shown?.delivery && shown.delivery === input.delivery);
    return {
      ...p,
      roles: [...new Set(roles)],
      memberId,
      ...(emailChanged ? { email } : {}),
      ...(deliveryChanged ? { delivery: input.delivery } : {}),
    };
  };
  const check = (before: Person, after: Person) => {
    if (after.roles.includes('referent') && !after.memberId) {
      throw new DomainError(
        ErrorCode.ReferentWithoutMember,
        'Un référent doit être rattaché à un adhérent : choisissez sa commune.',
      );
    }
    if (after.delivery === 'email' && !after.email) {
      throw new DomainError(
        ErrorCode.InvalidEmail,
        'Pour envoyer les convocations toujours par e-mail, indiquez l’adresse e-mail de la personne.',
      );
    }
    const removesAdmin = before.roles.includes('administrateur') && !after.roles.includes('administrateur');
    if (removesAdmin && before.key === admin.key) {
      throw new DomainError(
        ErrorCode.OwnAdminGuard,
        'Vous ne pouvez pas retirer votre propre rôle d’administrateur : demandez-le à un autre administrateur.',
      );
    }
  };
  check(person, next(person));
  return deps.governance.upsertPerson(person, (p) => {
    const after = next(p);
    check(p, after);
    return after;
  });
}
