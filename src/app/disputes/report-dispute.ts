import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import {
  Category,
  Dispute,
  DisputeDraft,
  DisputeErrors,
  Severity,
  validateDispute,
} from '../../domain/disputes/dispute';
import { Contract } from '../../domain/disputes/registry';
import { DomainError } from '../../domain/errors';
import { referenceYear } from '../../domain/local-date';
import { LocalDate } from '../../domain/meetings/zoned-time';
import { createOrResume } from '../create-once';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import {
  committeeSide,
  delaysFor,
  disputeNoticeId,
  overdueTimer,
  requireReferent,
  someContracts,
  usableContract,
  usableContracts,
} from './disputes';

type Deps = Pick<
  AppDeps,
  'governance' | 'disputes' | 'outbox' | 'clock' | 'wake' | 'timers' | 'disputeDelaysH' | 'presenters'
>;

export interface ReportInput {
  draft: DisputeDraft;
  /** The Bot Connector the report came through (where the committee's notice is sent). */
  serviceUrl: string | null;
  /** Today in the centrale's time zone: the date of facts may not be later. */
  today: LocalDate;
  /** The form's id: sent again, it finishes the same report (same reference). */
  draftId?: string;
}

/** Reported: the dispute and its contract (the acknowledgement names it); refused: the errors and the form's contracts. */
export type ReportResult =
  { ok: true; dispute: Dispute; contract: Contract } | { ok: false; errors: DisputeErrors; contracts: Contract[] };

const ALREADY_USED = 'Ce formulaire a déjà servi : tapez « litige » pour un nouveau signalement.';

/** A member reports a problem on a contract their commune uses; it goes to the file's Comité Opérationnel. */
export async function reportDispute(
  deps: Deps,
  actor: Actor,
  { draft, serviceUrl, today, draftId }: ReportInput,
): Promise<ReportResult> {
  const person = requirePerson(actor);
  const memberId = requireReferent(actor);
  // The contract the report names, one point read; the form's list only to send the form back.
  const named = await usableContract(deps, actor, draft.contractId);
  const errors = validateDispute(draft, named ? [named.id] : [], today);
  if (Object.keys(errors).length || !named)
    return { ok: false, errors, contracts: someContracts(await usableContracts(deps, actor)) };
  const contract = named;
  const file = await deps.disputes.getFile(person.centraleId, contract.fileId);
  if (!file)
    throw new DomainError(
      ErrorCode.UnknownFile,
      'Le dossier de ce marché est introuvable : prévenez la Direction Achats.',
    );
  const now = deps.clock.now();
  const id = draftId ?? randomUUID().slice(0, 12);
  // The same form sent again (after a fault, or a double click): finish that report, same reference.
  const earlier = draftId ? await deps.disputes.get(file.id, id) : null;
  if (earlier && (earlier.centraleId !== person.centraleId || earlier.reporterKey !== person.key))
    throw new DomainError(ErrorCode.AlreadyReported, ALREADY_USED);
  const drafted: Dispute = earlier ?? {
    id,
    ref: await deps.disputes.nextRef(person.centraleId, referenceYear(now, zoneOf(actor))),
    centraleId: person.centraleId,
    contractId: contract.id,
    fileId: file.id,
    committeeInstanceId: file.committeeInstanceId,
    reporterKey: person.key,
    memberId,
    // validateDispute has checked both against CATEGORIES and SEVERITIES.
    category: draft.category as Category,
    factsDate: draft.factsDate,
    reference: draft.reference.trim(),
    description: draft.description.trim(),
    severity: draft.severity as Severity,
    links: draft.links,
    status: 'nouveau',
    question: '',
    answer: '',
    actions: [],
    contradictoryDeadline: null,
    resolution: '',
    history: [{ at: now.toISOString(), by: person.key, status: 'nouveau', detail: 'Signalé' }],
    takenAt: null,
    resolvedAt: null,
    escalated: { takeCharge: false, resolve: false },
    createdAt: now.toISOString(),
  };
  // createOrResume settles a double click: the second request finishes the first one's report.
  const dispute =
    earlier ??
    (await createOrResume(
      drafted,
      { create: (d) => deps.disputes.create(d), get: () => deps.disputes.get(file.id, id) },
      (d) => d.reporterKey,
      ALREADY_USED,
    ));
  // Counted in the file's totals (again after a resend: it changes nothing, or repairs a crash).
  const totals = await deps.disputes.recordInTotals(dispute, null, now, deps.disputeDelaysH, contract.endDate);
  const side = await committeeSide(deps, dispute, { file, contract, totals: { totals, now } });
  const card = deps.presenters.disputes.committee(dispute, side.card);
  await enqueueNotice(deps, {
    noticeId: disputeNoticeId(dispute),
    centraleId: dispute.centraleId,
    senderKey: person.key,
    title: `Litige ${dispute.ref}`,
    payload: card,
    serviceUrl,
    recipients: side.recipients(card),
  });
  if (deps.timers) {
    // One timer, the earlier deadline's: when it has run, it schedules the later one (disputeJobs).
    const delays = delaysFor(deps, dispute.severity);
    const [first, then] = (
      [
        ['takeCharge', delays.takeCharge],
        ['resolve', delays.resolve],
      ] as const
    )
      .map(([what, h]) => ({ what, dueAt: new Date(Date.parse(dispute.createdAt) + h * 3_600_000) }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    await deps.timers.schedule(overdueTimer(dispute, first!, then!));
  }
  return { ok: true, dispute, contract };
}
