import { ErrorCode } from '../../domain/error-codes';
import { createHash } from 'crypto';
import { DomainError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { Ballot } from '../../domain/ballots/ballot';
import { AppDeps } from '../ports';
import { StoredDocument } from './ports';

type Deps = Pick<AppDeps, 'governance' | 'directory' | 'personalData' | 'adminAudit' | 'ballots' | 'clock'>;

/** Records an administrative action (roles, members, channel links, exports, erasures). */
export async function auditAdmin(
  deps: Pick<AppDeps, 'adminAudit' | 'clock'>,
  actor: Actor,
  action: 'roles' | 'membres' | 'import' | 'canal' | 'export' | 'effacement',
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

/** A ballot as an exported vote names it, so that the person reads what they voted on and when. */
export interface VoteContext {
  ballot: string;
  instance: string;
  openedAt: string;
  /** When it closes (planned); `closedAt` when it did, null while open. */
  closesAt: string;
  closedAt: string | null;
  status: Ballot['status'];
}

/**
 * The documents of an export, each vote with a readable context (`about`: its ballot's subject,
 * instance, dates and status) read from its ballot — added to the export, never stored.
 */
export async function readableDocuments(
  deps: Pick<AppDeps, 'ballots'>,
  documents: StoredDocument[],
): Promise<Array<StoredDocument & { about?: VoteContext }>> {
  const ballots = new Map<string, Promise<Ballot | null>>();
  const ballotOf = (id: string) => {
    if (!ballots.has(id)) ballots.set(id, deps.ballots.get(id));
    return ballots.get(id)!;
  };
  return Promise.all(
    documents.map(async (d) => {
      if (d.container !== 'ballots' || d.type !== 'vote') return d;
      const b = await ballotOf(d.partition);
      if (!b) return d;
      const about: VoteContext = {
        ballot: b.subject,
        instance: b.instanceName,
        openedAt: b.opensAt,
        closesAt: b.closesAt,
        closedAt: b.result?.closedAt ?? null,
        status: b.status,
      };
      return { ...d, about };
    }),
  );
}

/** Everything stored about a person, as JSON (the right of access, RGPD art. 15). */
export async function exportPerson(deps: Deps, actor: Actor, personKey: string) {
  const { admin, person } = await target(deps, actor, personKey);
  const documents = await readableDocuments(deps, await deps.personalData.find(admin.centraleId, person));
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
  // Membership is current state, not a decision: the erased person leaves the instances.
  for (const instance of await deps.governance.listInstances(admin.centraleId))
    if (instance.members.some((m) => m.personKey === person.key))
      await deps.governance.updateInstance(admin.centraleId, instance.id, (i) => ({
        ...i,
        members: i.members.filter((m) => m.personKey !== person.key),
      }));
  const elsewhere = (await deps.directory.centralesOf(person.key)).some((c) => c !== admin.centraleId);
  const documents = await deps.personalData.pseudonymise(admin.centraleId, person, alias, elsewhere);
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
