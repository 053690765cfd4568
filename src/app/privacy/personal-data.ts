import { ErrorCode } from '../../domain/error-codes';
import { createHash } from 'crypto';
import { DomainError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

type Deps = Pick<AppDeps, 'governance' | 'personalData' | 'adminAudit' | 'clock'>;

/** Records an administrative action (roles, members, channel links, exports, erasures). */
export async function auditAdmin(
  deps: Pick<AppDeps, 'adminAudit' | 'clock'>,
  actor: Actor,
  action: 'roles' | 'membres' | 'canal' | 'export' | 'effacement',
  detail: string,
) {
  const person = requirePerson(actor);
  await deps.adminAudit.record(person.centraleId, {
    at: deps.clock.now().toISOString(),
    by: person.key,
    action,
    detail,
  });
}

async function target(deps: Deps, actor: Actor, personKey: string) {
  const admin = requirePerson(actor);
  authorize(admin, 'person.data.manage');
  const person = await deps.governance.getPerson(admin.centraleId, personKey);
  if (!person) throw new DomainError(ErrorCode.UnknownPerson, 'Cette personne n’est pas enregistrée dans la centrale.');
  return { admin, person };
}

/** What the export's signed link names: the person, and the centrale whose data it holds. */
export const exportLinkId = (centraleId: string, personKey: string) => `${centraleId}|${personKey}`;
export function ofExportLinkId(id: string): { centraleId: string; personKey: string } | null {
  const cut = id.indexOf('|');
  return cut > 0 ? { centraleId: id.slice(0, cut), personKey: id.slice(cut + 1) } : null;
}

/** Everything the actor's centrale stores about a person, as JSON (the right of access, RGPD art. 15). */
export async function exportPerson(deps: Deps, actor: Actor, personKey: string) {
  const { person } = await target(deps, actor, personKey);
  const documents = await deps.personalData.find(person.key, person.centraleId);
  await auditAdmin(
    deps,
    actor,
    'export',
    `Export des données de ${person.displayName} (${documents.length} documents)`,
  );
  return { exportedAt: deps.clock.now().toISOString(), person, documents };
}

/**
 * Erasure that keeps the centrale's decisions valid: the person becomes « Membre supprimé »
 * under an alias everywhere (votes, answers, histories keep their count and meaning), and what
 * only served to reach them is deleted. The alias cannot be traced back without the old key.
 */
export async function erasePerson(
  deps: Deps,
  actor: Actor,
  personKey: string,
): Promise<{ alias: string; documents: number }> {
  const { admin, person } = await target(deps, actor, personKey);
  if (person.key === admin.key)
    throw new DomainError(
      ErrorCode.SelfErase,
      'Vous ne pouvez pas effacer vos propres données : demandez-le à un autre administrateur.',
    );
  const alias = `supprime:${createHash('sha256').update(`${person.key}\n${deps.clock.now().toISOString()}`).digest('hex').slice(0, 16)}`;
  await deps.governance.upsertPerson(person, (p) => ({
    ...p,
    aadObjectId: 'supprime',
    displayName: 'Membre supprimé',
    email: null,
    teamsUserId: null,
    roles: [],
    memberId: null,
  }));
  const documents = await deps.personalData.pseudonymise(person.key, alias, person.centraleId);
  await auditAdmin(
    deps,
    actor,
    'effacement',
    `Données d’une personne effacées (remplacée par « Membre supprimé », ${documents} documents)`,
  );
  return { alias, documents };
}

/** The administrators' view: the people one may export or erase, and the latest administrative actions. */
export async function privacyOverview(deps: Deps, actor: Actor, latest = 6) {
  const admin = requirePerson(actor);
  authorize(admin, 'person.data.manage');
  const people = (await deps.governance.listPeople(admin.centraleId)).filter(
    (p) => p.displayName !== 'Membre supprimé',
  );
  const log = (await deps.adminAudit.list(admin.centraleId)).slice(-latest);
  return { people, log };
}

/** Erasure only once the administrator typed the confirmation word. */
export async function eraseConfirmed(deps: Deps, actor: Actor, input: { personKey: string; confirm: string }) {
  if (input.confirm.trim() !== 'EFFACER')
    throw new DomainError(ErrorCode.ConfirmErase, 'Tapez EFFACER pour confirmer l’effacement : rien n’a été effacé.');
  return erasePerson(deps, actor, input.personKey);
}
