import { randomUUID } from 'crypto';
import { DEFAULT_DELAYS_H, Dispute, DisputeDraft, DisputeErrors, HandlingAction, handle, similarTo, validateDispute, Category, Severity } from '../../domain/disputes/dispute';
import { DomainError } from '../../domain/errors';
import { createOrResume } from '../create-once';
import { LocalDate } from '../../domain/meetings/zoned-time';
import { enqueueNotice, updatePostedCard } from '../delivery/enqueue';
import { recipientId } from '../../domain/delivery/delivery';
import { Actor, requirePerson } from '../identify-actor';
import { Addressed, channelRecipient, memberRecipients } from '../meetings/recipients';
import { AppDeps } from '../ports';
import { DisputePresenter } from './ports';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'outbox' | 'clock' | 'wake' | 'timers' | 'disputeDelaysH'>;
export const DISPUTE_OVERDUE_JOB = 'dispute.overdue';
export const delaysFor = (deps: Pick<AppDeps, 'disputeDelaysH'>, s: Severity) => deps.disputeDelaysH?.[s] ?? DEFAULT_DELAYS_H[s];
export const disputeNoticeId = (d: Pick<Dispute, 'id'>) => `litige-${d.id}`;

/** The contracts a person may report on: those their adhérent uses. */
export async function usableContracts(deps: Pick<AppDeps, 'disputes'>, actor: Actor) {
  const person = requirePerson(actor);
  if (!person.memberId) return [];
  return (await deps.disputes.listContracts(person.centraleId)).filter((c) => c.memberIds.includes(person.memberId!));
}

/** Where a file's disputes go: its committee's channel, else its coordinator and the Direction Achats. */
async function committeeRecipients(deps: Deps, d: Dispute, card: Record<string, unknown>): Promise<Addressed[]> {
  const [instance, file, people] = await Promise.all([deps.governance.getInstance(d.centraleId, d.committeeInstanceId), deps.disputes.getFile(d.centraleId, d.fileId), deps.governance.listPeople(d.centraleId)]);
  const tenantId = people.find((p) => p.key === d.reporterKey)?.tenantId ?? '';
  if (instance?.channel) return channelRecipient(instance, tenantId, card);
  const directionAchats = people.filter((p) => p.roles.includes('acheteur')).map((p) => p.key);
  return memberRecipients(people, [...new Set([file?.coordinatorKey ?? '', ...directionAchats])], () => card);
}

export type ReportResult = { ok: true; dispute: Dispute } | { ok: false; errors: DisputeErrors };

/** A member reports a problem on a contract their commune uses; it goes to the file's Comité Opérationnel. */
export async function reportDispute(deps: Deps, actor: Actor, draft: DisputeDraft, presenter: DisputePresenter, serviceUrl: string | null, today: LocalDate, draftId?: string): Promise<ReportResult> {
  const person = requirePerson(actor);
  if (!person.memberId) throw new DomainError('not-member', 'Seuls les référents d’un adhérent signalent un litige sur ses marchés.');
  const contracts = await usableContracts(deps, actor);
  const errors = validateDispute(draft, contracts.map((c) => c.id), today);
  if (Object.keys(errors).length) return { ok: false, errors };
  const contract = contracts.find((c) => c.id === draft.contractId)!;
  const file = await deps.disputes.getFile(person.centraleId, contract.fileId);
  if (!file) throw new DomainError('unknown-file', 'Le dossier de ce marché est introuvable : prévenez la Direction Achats.');
  const now = deps.clock.now();
  const id = draftId ?? randomUUID().slice(0, 12);
  // The same form sent again (after a fault, or a double click): finish that report, same reference.
  const earlier = draftId ? await deps.disputes.get(file.id, id) : null;
  if (earlier && earlier.reporterKey !== person.key) throw new DomainError('already-reported', 'Ce formulaire a déjà servi : tapez « litige » pour un nouveau signalement.');
  const drafted: Dispute = earlier ?? {
    id,
    ref: await deps.disputes.nextRef(person.centraleId, now.getUTCFullYear()),
    centraleId: person.centraleId,
    contractId: contract.id,
    fileId: file.id,
    committeeInstanceId: file.committeeInstanceId,
    reporterKey: person.key,
    memberId: person.memberId,
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
  const dispute = earlier ?? (await createOrResume(drafted, { create: (d) => deps.disputes.create(d), get: () => deps.disputes.get(file.id, id) }, (d) => d.reporterKey, 'Ce formulaire a déjà servi : tapez « litige » pour un nouveau signalement.'));
  const similar = similarTo(dispute, await deps.disputes.listByCentrale(person.centraleId));
  const card = presenter.committee(dispute, similar);
  await enqueueNotice(deps, { noticeId: disputeNoticeId(dispute), centraleId: dispute.centraleId, senderKey: person.key, title: `Litige ${dispute.ref}`, payload: card, serviceUrl, recipients: await committeeRecipients(deps, dispute, card) });
  if (deps.timers) {
    const delays = delaysFor(deps, dispute.severity);
    for (const [what, h] of [['takeCharge', delays.takeCharge], ['resolve', delays.resolve]] as const) {
      await deps.timers.schedule({ id: `litige-${what}-${dispute.id}`, type: DISPUTE_OVERDUE_JOB, dueAt: new Date(now.getTime() + h * 3_600_000), payload: { fileId: dispute.fileId, disputeId: dispute.id, what } });
    }
  }
  return { ok: true, dispute };
}

/** Committee members handle the dispute; the reporter answers questions. Each change reaches the reporter; the committee card follows. */
export async function handleDispute(deps: Deps, actor: Actor, input: { fileId: string; disputeId: string; action: HandlingAction }, presenter: DisputePresenter): Promise<Dispute> {
  const person = requirePerson(actor);
  const current = await deps.disputes.get(input.fileId, input.disputeId);
  if (!current || current.centraleId !== person.centraleId) throw new DomainError('unknown-dispute', 'Ce litige est introuvable dans votre centrale.');
  if (input.action.kind === 'repondre') {
    if (current.reporterKey !== person.key) throw new DomainError('not-reporter', 'Seul le déclarant répond aux questions du comité.');
  } else {
    const committee = await deps.governance.getInstance(current.centraleId, current.committeeInstanceId);
    if (!committee?.members.some((m) => m.personKey === person.key)) {
      throw new DomainError('not-committee', `Seuls les membres du ${committee?.name ?? 'Comité Opérationnel'} traitent ce litige.`);
    }
  }
  const now = deps.clock.now();
  let changed = false;
  const dispute = await deps.disputes.update(current.fileId, current.id, (d) => {
    const r = handle(d, input.action, person.key, now);
    changed = r.statusChanged || input.action.kind === 'action';
    return r.dispute;
  });
  const people = await deps.governance.listPeople(dispute.centraleId);
  if (changed) {
    const card = presenter.reporter(dispute);
    await enqueueNotice(deps, { noticeId: `${disputeNoticeId(dispute)}-${dispute.history.length}`, centraleId: dispute.centraleId, senderKey: person.key, title: `Litige ${dispute.ref}`, payload: card, serviceUrl: null, recipients: memberRecipients(people, [dispute.reporterKey], () => card) });
  }
  await refreshCommitteeCards(deps, dispute, presenter);
  return dispute;
}

/** Every committee card of the dispute (channel, or coordinator and Direction Achats) shows the new state. */
async function refreshCommitteeCards(deps: Deps, d: Dispute, presenter: DisputePresenter) {
  const similar = similarTo(d, await deps.disputes.listByCentrale(d.centraleId));
  const card = presenter.committee(d, similar);
  const noticeId = disputeNoticeId(d);
  for (const { recipient } of await committeeRecipients(deps, d, card)) {
    await updatePostedCard(deps, { noticeId, recipient, cardId: `${d.id}-${recipientId(recipient)}`, payload: card });
  }
}

/**
 * The overdue job: a dispute not taken in charge (or not resolved) in time is escalated once —
 * the flag is set under the etag before anything is sent, and the notice id is fixed.
 */
export async function escalateIfOverdue(deps: Deps, payload: { fileId: string; disputeId: string; what: 'takeCharge' | 'resolve' }, presenter: DisputePresenter): Promise<boolean> {
  let escalate = false;
  const d = await deps.disputes.update(payload.fileId, payload.disputeId, (x) => {
    const late = payload.what === 'takeCharge' ? x.takenAt === null && x.status !== 'resolu' : x.resolvedAt === null;
    escalate = late && !x.escalated[payload.what];
    return escalate ? { ...x, escalated: { ...x.escalated, [payload.what]: true } } : x;
  });
  if (!escalate) return false;
  const people = await deps.governance.listPeople(d.centraleId);
  const file = await deps.disputes.getFile(d.centraleId, d.fileId);
  const card = presenter.overdue(d, payload.what);
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
