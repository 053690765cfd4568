import { ErrorCode } from '../../domain/error-codes';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { DeliverySummary, RecipientStatus, sortForReport, summarize } from '../../domain/delivery/delivery';
import { DomainError } from '../../domain/errors';
import { NoticeHeader, OutboxStore } from './ports';

export interface DeliveryReport {
  notice: NoticeHeader;
  summary: DeliverySummary;
  statuses: RecipientStatus[];
}

/** Per-recipient state of a notice, from what is still in the outbox and what finished. */
export async function deliveryReport(
  deps: { outbox: OutboxStore },
  noticeId: string,
  centraleId: string,
): Promise<DeliveryReport> {
  const notice = await deps.outbox.getNotice(noticeId);
  if (!notice || notice.centraleId !== centraleId) {
    throw new DomainError(ErrorCode.UnknownNotice, 'Cet envoi est introuvable dans votre centrale.');
  }
  const [pending, records] = await Promise.all([deps.outbox.pending(noticeId), deps.outbox.records(noticeId)]);
  const statuses: RecipientStatus[] = [
    ...pending.map((e) => ({ label: e.recipient.label, state: e.state, reason: e.lastReason })),
    ...records.map((r) => ({ label: r.recipient.label, state: r.state, reason: r.reason })),
  ];
  return { notice, summary: summarize(statuses), statuses: sortForReport(statuses) };
}

/** The report of a notice, for its sender or an administrator of its centrale. */
export async function deliveryReportFor(
  deps: { outbox: OutboxStore },
  actor: Actor,
  noticeId: string,
): Promise<DeliveryReport> {
  const person = requirePerson(actor);
  const report = await deliveryReport(deps, noticeId, person.centraleId);
  authorize(person, 'delivery.report.view', { senderKey: report.notice.senderKey });
  return report;
}
