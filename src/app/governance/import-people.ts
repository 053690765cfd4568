import { randomUUID } from 'crypto';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { count } from '../../domain/french-text';
import { Person } from '../../domain/governance';
import { personKey } from '../../domain/identity';
import { authorize } from '../../domain/permissions';
import { ImportedPerson, readPeopleImport } from '../../domain/people-import';
import { Actor } from '../identify-actor';
import { AppDeps } from '../ports';
import { auditAdmin } from '../privacy/personal-data';

/** The tenant of people who have no Teams account in the centrale's tenants: they are reached by e-mail. */
export const EXTERNAL_TENANT = 'externe';

/** The errors a card shows of a file with many: the first ones, then how many more. */
const SHOWN_ERRORS = 15;

export interface PeopleImportResult {
  created: number;
  updated: number;
  /** « 3 membres importés : 2 créés, 1 mis à jour » */
  summary: string;
}

/**
 * Imports the members file an administrator pasted: every line is checked first, and nothing is
 * written unless all are right. A person already known under the same address (whatever its case)
 * is updated — roles, adhérent and delivery as the file says; a Teams name is kept, Teams gives it;
 * someone new gets an external identity (no Teams account: notices go by e-mail), whose key never
 * carries the address.
 */
export async function importPeople(
  deps: Pick<AppDeps, 'governance' | 'adminAudit' | 'clock'>,
  actor: Actor,
  input: { text: string },
): Promise<PeopleImportResult> {
  authorize(actor.person, 'person.roles.set');
  const admin = actor.person;
  const centraleId = admin.centraleId;
  const read = readPeopleImport(input.text, await deps.governance.listMembers(centraleId));
  if (!read.ok) throw importRefusal(read.errors);

  const byEmail = new Map<string, Person>();
  for (const p of await deps.governance.listPeople(centraleId)) {
    if (p.email && !byEmail.has(p.email.toLowerCase())) byEmail.set(p.email.toLowerCase(), p);
  }
  const matched = read.people.map((row) => ({ row, known: byEmail.get(row.email.toLowerCase()) }));
  const own = matched.find(({ row, known }) => known?.key === admin.key && !row.roles.includes('administrateur'));
  if (own) {
    throw importRefusal([
      `Ligne ${own.row.line} : vous ne pouvez pas retirer votre propre rôle d’administrateur : gardez « Administrateur » dans ses rôles.`,
    ]);
  }

  let created = 0;
  let updated = 0;
  for (const { row, known } of matched) {
    if (known) {
      await deps.governance.upsertPerson(known, (p) => updatedPerson(p, row));
      updated++;
    } else {
      const aadObjectId = `mail-${randomUUID()}`;
      await deps.governance.upsertPerson({
        key: personKey(EXTERNAL_TENANT, aadObjectId),
        centraleId,
        tenantId: EXTERNAL_TENANT,
        aadObjectId,
        teamsUserId: null,
        displayName: row.name,
        email: row.email,
        // No Teams account: e-mail always, whatever the file says.
        delivery: 'email',
        roles: row.roles,
        memberId: row.memberId,
      });
      created++;
    }
  }
  const summary = importSummary(created, updated);
  await auditAdmin(deps, actor, 'import', summary);
  return { created, updated, summary };
}

function updatedPerson(p: Person, row: ImportedPerson): Person {
  const external = p.tenantId === EXTERNAL_TENANT;
  return {
    ...p,
    displayName: external ? row.name : p.displayName,
    roles: row.roles,
    memberId: row.memberId,
    delivery: external ? 'email' : row.delivery,
  };
}

/** « 3 membres importés : 2 créés, 1 mis à jour », « 2 membres créés », « 1 membre mis à jour ». */
export function importSummary(created: number, updated: number): string {
  if (created && updated) {
    return `${count(created + updated, 'membre importé', 'membres importés')} : ${count(created, 'créé', 'créés')}, ${count(updated, 'mis à jour', 'mis à jour')}`;
  }
  return created
    ? count(created, 'membre créé', 'membres créés')
    : count(updated, 'membre mis à jour', 'membres mis à jour');
}

function importRefusal(errors: string[]): DomainError {
  const more = errors.length - SHOWN_ERRORS;
  const lines = [
    ...errors.slice(0, SHOWN_ERRORS),
    ...(more > 0 ? [`… et ${count(more, 'autre erreur', 'autres erreurs')}.`] : []),
  ];
  return new DomainError(
    ErrorCode.InvalidPeopleImport,
    `Rien n’a été importé : ${count(errors.length, 'erreur', 'erreurs')} à corriger.\n\n${lines.join('\n\n')}`,
    { errors },
  );
}
