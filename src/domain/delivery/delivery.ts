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

export type Channel = 'teams' | 'email';

export interface RecipientStatus {
  label: string;
  state: DeliveryState;
  reason: string | null;
  /** The channel this state is of (absent: Teams). */
  channel?: Channel;
}

/** One channel's item for one recipient: an outbox entry still there, or a delivery record. */
export interface ChannelStatus extends RecipientStatus {
  recipientKey: string;
  channel: Channel;
  /** A Teams record whose recipient was e-mailed instead. */
  fellBackToEmail?: boolean;
}

/**
 * One status per recipient, whatever the channels tried: the e-mail's when there is one (Teams
 * could not reach them, or they asked for e-mail), else Teams'. A member reached by e-mail after
 * Teams failed counts once, as delivered by e-mail.
 */
export function byRecipient(items: ChannelStatus[]): RecipientStatus[] {
  const chosen = new Map<string, ChannelStatus>();
  for (const item of items) {
    const current = chosen.get(item.recipientKey);
    if (!current || (item.channel === 'email' && current.channel === 'teams')) chosen.set(item.recipientKey, item);
  }
  return [...chosen.values()].map(({ label, state, reason, channel, fellBackToEmail }) => ({
    label,
    // A Teams record whose e-mail is not found (being queued right now): the e-mail is under way.
    state: fellBackToEmail ? 'queued' : state,
    reason,
    channel,
  }));
}

/** « délivré par e-mail », « échec (e-mail) »: a state with the channel it is of, when not Teams. */
export const stateLabel = (s: Pick<RecipientStatus, 'state' | 'channel'>) =>
  s.channel !== 'email'
    ? STATE_LABELS[s.state]
    : s.state === 'sent'
      ? 'délivré par e-mail'
      : `${STATE_LABELS[s.state]} (e-mail)`;

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
  /** Of those delivered, by e-mail (the others in Teams). */
  byEmail: number;
  /** "57/58 délivrés", and by channel when e-mail was used: "57/59 délivrés : 52 par Teams, 5 par e-mail" */
  headline: string;
}

export function summarize(statuses: RecipientStatus[]): DeliverySummary {
  const delivered = statuses.filter((s) => s.state === 'sent').length;
  const pending = statuses.filter((s) => s.state === 'queued' || s.state === 'sending').length;
  const failed = statuses.length - delivered - pending;
  const byEmail = statuses.filter((s) => s.state === 'sent' && s.channel === 'email').length;
  const channels = byEmail ? ` : ${delivered - byEmail} par Teams, ${byEmail} par e-mail` : '';
  return {
    total: statuses.length,
    delivered,
    pending,
    failed,
    byEmail,
    headline: `${delivered}/${statuses.length} ${plural(delivered, 'délivré', 'délivrés')}${channels}`,
  };
}

/** Failures first, then pending, then delivered; by name within each. */
export function sortForReport(statuses: RecipientStatus[]): RecipientStatus[] {
  const rank = (s: RecipientStatus) =>
    s.state === 'failed' || s.state === 'unreachable' ? 0 : s.state === 'sent' ? 2 : 1;
  return [...statuses].sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label, 'fr'));
}
