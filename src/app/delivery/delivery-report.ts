import { ErrorCode } from '../../domain/error-codes';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import {
  ChannelStatus,
  DeliverySummary,
  RecipientStatus,
  byRecipient,
  recipientId,
  sortForReport,
  summarize,
} from '../../domain/delivery/delivery';
import { DomainError } from '../../domain/errors';
import { NoticeHeader, OutboxStore } from './ports';

export interface DeliveryReport {
  notice: NoticeHeader;
  summary: DeliverySummary;
  statuses: RecipientStatus[];
}

/** Every channel's item of a notice: Teams' and the e-mail's entries still queued, and the records. */
export async function channelStatuses(outbox: OutboxStore, noticeId: string): Promise<ChannelStatus[]> {
  const [pending, mails, records] = await Promise.all([
    outbox.pending(noticeId),
    outbox.pendingMail(noticeId),
    outbox.records(noticeId),
  ]);
  return [
    ...pending.map((e) => ({
      recipientKey: recipientId(e.recipient),
      label: e.recipient.label,
      state: e.state,
      reason: e.lastReason,
      channel: 'teams' as const,
    })),
    ...mails.map((e) => ({
      recipientKey: recipientId(e.recipient),
      label: e.recipient.label,
      state: e.state,
      reason: e.lastReason,
      channel: 'email' as const,
    })),
    ...records.map((r) => ({
      recipientKey: recipientId(r.recipient),
      label: r.recipient.label,
      state: r.state,
      reason: r.reason,
      channel: r.channel ?? 'teams',
      fellBackToEmail: r.fellBackToEmail,
    })),
  ];
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
  const statuses = byRecipient(await channelStatuses(deps.outbox, noticeId));
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
