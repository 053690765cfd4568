import { DeliveryState } from './send-outcome';
import { plural } from '../french-text';

/** Who a notice goes to: a person (their 1:1 chat) or a conversation (a channel, a group chat). */
export type Recipient =
  | {
      kind: 'person';
      personKey: string;
      tenantId: string;
      teamsUserId: string | null;
      label: string;
      /** Their address when the notice was queued, for the e-mail channel (absent: none). */
      email?: string | null;
      /** 'email': e-mail always; else Teams first, e-mail when Teams cannot deliver. */
      delivery?: 'teams' | 'email';
    }
  | { kind: 'conversation'; conversationId: string; tenantId: string; label: string };

export const recipientId = (r: Recipient): string =>
  r.kind === 'person' ? `p:${r.personKey}` : `c:${r.conversationId}`;

/** Where a recipient's messages count against Teams' per-conversation limits. */
export const rateKeyOf = (r: Recipient): string =>
  r.kind === 'person' ? `person:${r.personKey}` : `conversation:${r.conversationId}`;

export interface RecipientStatus {
  label: string;
  state: DeliveryState;
  reason: string | null;
}

export const STATE_LABELS: Record<DeliveryState, string> = {
  queued: 'en attente',
  sending: 'en cours d’envoi',
  sent: 'délivré',
  failed: 'échec',
  unreachable: 'injoignable',
};

export interface DeliverySummary {
  total: number;
  delivered: number;
  pending: number;
  failed: number;
  /** "57/58 délivrés" */
  headline: string;
}

export function summarize(statuses: RecipientStatus[]): DeliverySummary {
  const delivered = statuses.filter((s) => s.state === 'sent').length;
  const pending = statuses.filter((s) => s.state === 'queued' || s.state === 'sending').length;
  const failed = statuses.length - delivered - pending;
  return {
    total: statuses.length,
    delivered,
    pending,
    failed,
    headline: `${delivered}/${statuses.length} ${plural(delivered, 'délivré', 'délivrés')}`,
  };
}

/** Failures first, then pending, then delivered; by name within each. */
export function sortForReport(statuses: RecipientStatus[]): RecipientStatus[] {
  const rank = (s: RecipientStatus) =>
    s.state === 'failed' || s.state === 'unreachable' ? 0 : s.state === 'sent' ? 2 : 1;
  return [...statuses].sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label, 'fr'));
}
