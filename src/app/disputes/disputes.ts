import { ErrorCode } from '../../domain/error-codes';
import {
  DEFAULT_DELAYS_H,
  Dispute,
  Severity,
  SimilarReport,
  similarTo,
  similarWindow,
} from '../../domain/disputes/dispute';
import { FileTotals, SIMILAR_FROM_TOTALS_MS } from '../../domain/disputes/totals';
import { localDay } from '../../domain/local-date';
import { Contract, PurchaseFile } from '../../domain/disputes/registry';
import { DomainError } from '../../domain/errors';
import { Instance, Person, referentMemberOf } from '../../domain/governance';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { Addressed, channelRecipient, memberRecipients } from '../meetings/recipients';
import { AppDeps } from '../ports';
import { zoneOf, zoneOfCentrale } from '../time-zone';
import { CommitteeCardData, DisputePresenter } from './ports';

export const DISPUTE_OVERDUE_JOB = 'dispute.overdue';
export const delaysFor = (deps: Pick<AppDeps, 'disputeDelaysH'>, s: Severity) =>
  deps.disputeDelaysH?.[s] ?? DEFAULT_DELAYS_H[s];
export const disputeNoticeId = (d: Pick<Dispute, 'id'>) => `litige-${d.id}`;

type Deadline = { what: 'takeCharge' | 'resolve'; dueAt: Date };
/**
 * The overdue timer of one deadline (fixed id: scheduled again, it is not doubled), with the
 * deadline after it if any: a report schedules one timer, which schedules the next when it has run.
 */
export const overdueTimer = (d: Pick<Dispute, 'id' | 'fileId'>, at: Deadline, then?: Deadline) => ({
  id: `litige-${at.what}-${d.id}`,
  type: DISPUTE_OVERDUE_JOB,
  dueAt: at.dueAt,
  payload: {
    fileId: d.fileId,
    disputeId: d.id,
    what: at.what,
    ...(then ? { then: { what: then.what, dueAt: then.dueAt.toISOString() } } : {}),
  },
});

/** Today in the actor's centrale (YYYY-MM-DD): a contract is in force until its last day included. */
const todayOf = (deps: Pick<AppDeps, 'clock'>, actor: Actor) => localDay(deps.clock.now(), zoneOf(actor));

/**
 * The contracts a person may report on: those in force that their adhérent uses — one query
 * bounded by the contracts' last day, never every contract ever.
 */
export async function usableContracts(deps: Pick<AppDeps, 'disputes' | 'clock'>, actor: Actor): Promise<Contract[]> {
  const person = requirePerson(actor);
  const memberId = referentMemberOf(person);
  if (!memberId) return [];
  return (await deps.disputes.listContractsEndingFrom(person.centraleId, todayOf(deps, actor))).filter((c) =>
    c.memberIds.includes(memberId),
  );
}

/** The one contract a report names, if the person may report on it (one point read). */
export async function usableContract(
  deps: Pick<AppDeps, 'disputes' | 'clock'>,
  actor: Actor,
  contractId: string,
): Promise<Contract | null> {
  const person = requirePerson(actor);
  const memberId = referentMemberOf(person);
  if (!memberId || !contractId) return null;
  const c = await deps.disputes.getContract(person.centraleId, contractId);
  return c && c.memberIds.includes(memberId) && c.endDate >= todayOf(deps, actor) ? c : null;
}

/** Only a référent of an adhérent reports a dispute (the form too is refused to anyone else). */
export function requireReferent(actor: Actor): string {
  const memberId = referentMemberOf(requirePerson(actor));
  if (!memberId)
    throw new DomainError(
      ErrorCode.NotMember,
      'Seuls les référents d’un adhérent signalent un litige sur ses marchés : un administrateur donne ce rôle avec votre commune (« rôles »).',
    );
  return memberId;
}

/** The form has nothing to offer: said by the form and by a report sent back with errors alike. */
export function someContracts(contracts: Contract[]): Contract[] {
  if (contracts.length === 0)
    throw new DomainError(
      ErrorCode.NoContract,
      'Votre commune n’utilise aucun marché enregistré : rien à signaler ici. La Direction Achats tient la liste des marchés.',
    );
  return contracts;
}

/** A dispute's committee side, read once: what its card names, and where that card goes. */
export interface CommitteeSide {
  card: CommitteeCardData;
  people: Person[];
  /** Its committee's channel, else its coordinator and the Direction Achats. */
  recipients(payload: Record<string, unknown>): Addressed[];
}

/**
 * `known`: what the caller has just read (a report has its file and contract; a handling its
 * committee and contract; both the file's totals they wrote), not read twice. The similar reports
 * of a recent dispute are among the totals' entries; an older one's are queried in the file's
 * partition, within the window.
 */
export async function committeeSide(
  deps: Pick<AppDeps, 'governance' | 'disputes'> & Partial<Pick<AppDeps, 'documents'>>,
  d: Dispute,
  known: {
    file?: PurchaseFile;
    contract?: Contract | null;
    instance?: Instance | null;
    totals?: { totals: FileTotals; now: Date };
  } = {},
): Promise<CommitteeSide> {
  const fromTotals =
    known.totals && Date.parse(d.createdAt) >= known.totals.now.getTime() - SIMILAR_FROM_TOTALS_MS
      ? known.totals.totals.entries
      : null;
  const [instance, file, people, members, contract, candidates, timeZone, documents] = await Promise.all([
    known.instance !== undefined ? known.instance : deps.governance.getInstance(d.centraleId, d.committeeInstanceId),
    known.file ?? deps.disputes.getFile(d.centraleId, d.fileId),
    deps.governance.listPeople(d.centraleId),
    deps.governance.listMembers(d.centraleId),
    known.contract !== undefined ? known.contract : deps.disputes.getContract(d.centraleId, d.contractId),
    fromTotals ??
      deps.disputes.similarCandidates(d.fileId, d.contractId, d.category, similarWindow(d).from, similarWindow(d).to),
    zoneOfCentrale(deps, d.centraleId),
    // Its letters (mise en demeure), read only when its journal names one.
    deps.documents && d.history.some((h) => h.detail.includes('SHA-256'))
      ? deps.documents.list(d.id)
      : Promise.resolve([]),
  ]);
  const tenantId = people.find((p) => p.key === d.reporterKey)?.tenantId ?? '';
  const directionAchats = people.filter((p) => p.roles.includes('acheteur')).map((p) => p.key);
  return {
    people,
    card: {
      contract: contract?.id === d.contractId ? contract : null,
      similar: similarTo<SimilarReport>(d, candidates),
      members,
      people,
      coordinator: people.find((p) => p.key === file?.coordinatorKey) ?? null,
      timeZone,
      documents: documents.filter((r) => r.centraleId === d.centraleId),
    },
    recipients: (payload) =>
      instance?.channel
        ? channelRecipient(instance, tenantId, payload)
        : memberRecipients(people, [...new Set([file?.coordinatorKey ?? '', ...directionAchats])], () => payload),
  };
}

/**
 * The overdue job: a dispute not taken in charge (or not resolved) in time is escalated once —
 * the flag is set under the etag before anything is sent, and the notice id is fixed. The
 * presenter is a parameter (the job passes `deps.presenters.disputes`) so that two instances
 * can be raced in a test with bare repositories.
 */
export async function escalateIfOverdue(
  deps: Pick<AppDeps, 'governance' | 'disputes' | 'outbox' | 'clock' | 'wake'>,
  payload: { fileId: string; disputeId: string; what: 'takeCharge' | 'resolve' },
  presenter: DisputePresenter,
): Promise<boolean> {
  let escalate = false;
  const d = await deps.disputes.update(payload.fileId, payload.disputeId, (x) => {
    const late = payload.what === 'takeCharge' ? x.takenAt === null && x.status !== 'resolu' : x.resolvedAt === null;
    escalate = late && !x.escalated[payload.what];
    return escalate ? { ...x, escalated: { ...x.escalated, [payload.what]: true } } : x;
  });
  if (!escalate) return false;
  const [people, file, contract, timeZone] = await Promise.all([
    deps.governance.listPeople(d.centraleId),
    deps.disputes.getFile(d.centraleId, d.fileId),
    deps.disputes.getContract(d.centraleId, d.contractId),
    zoneOfCentrale(deps, d.centraleId),
  ]);
  const card = presenter.overdue(d, payload.what, contract, timeZone);
  const directionAchats = people.filter((p) => p.roles.includes('acheteur')).map((p) => p.key);
  await enqueueNotice(deps, {
    noticeId: `retard-${payload.what}-${d.id}`,
    centraleId: d.centraleId,
    senderKey: null,
    title: `Litige ${d.ref} en retard`,
    payload: card,
    serviceUrl: null,
    recipients: memberRecipients(people, [...new Set([...directionAchats, file?.coordinatorKey ?? ''])], () => card),
  });
  return true;
}
