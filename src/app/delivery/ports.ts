import { Recipient } from '../../domain/delivery/delivery';
import { DeliveryState } from '../../domain/delivery/send-outcome';
import { CalendarEvent } from '../../domain/meetings/calendar';

/** A message to send: the payload is an opaque activity the Teams layer built. */
export interface NoticeHeader {
  noticeId: string;
  centraleId: string;
  senderKey: string | null;
  title: string;
  payload: Record<string, unknown>;
  /** The Bot Connector address to open new 1:1 chats with (from the sender's turn). */
  serviceUrl: string | null;
  recipientCount: number;
  createdAt: string;
  /**
   * The same notice as an e-mail, for the members Teams cannot reach (or who asked for e-mail):
   * absent for notices that have no e-mail form (card updates, alerts to the sender).
   */
  mail?: MailNotice | null;
}

/** Where each recipient's personal signed link goes in a notice's e-mail text and HTML. */
export const PERSONAL_LINK = '{{lien-personnel}}';

/** A notice's e-mail, the same for every recipient but for their personal link and their calendar attendee line. */
export interface MailNotice {
  subject: string;
  /** Plain text and HTML, with PERSONAL_LINK where the recipient's link goes (when `link` is set). */
  text: string;
  html: string;
  /** The invitation attached (the same UID as the Teams card's calendar file). */
  calendar: { method: 'REQUEST' | 'CANCEL'; event: StoredCalendarEvent } | null;
  /** What the personal link opens, e.g. a sitting's answer page (`id` + the person's key are signed). */
  link: { kind: 'seance' | 'scrutin' | 'besoins'; id: string; expiresAt: string } | null;
  /**
   * Kept documents attached to the message (the convocation's PDF), by their owner and id: the
   * bytes are read from the document store when each message is composed, never copied here.
   */
  attachments?: Array<{ ownerId: string; documentId: string }>;
}

/** A CalendarEvent as stored (dates as ISO strings). */
export type StoredCalendarEvent = Omit<CalendarEvent, 'startsAt' | 'stamp'> & { startsAt: string; stamp: string };

/**
 * One e-mail to send: the second channel beside Teams, for one (notice, recipient). Its id is the
 * Teams entry's with `~email` after it, so each (notice, recipient, channel) is queued once.
 */
export interface MailEntry {
  id: string;
  noticeId: string;
  recipient: Recipient & { kind: 'person' };
  address: string;
  /** Why by e-mail: the person asked for it, or what Teams answered (« injoignable dans Teams : … »). */
  because: string;
  state: 'queued' | 'sending';
  attempts: number;
  lastStatus: number | null;
  lastReason: string | null;
  notBefore: number;
  leaseUntil: number | null;
  claimedBy: string | null;
  /** The relay accepted it but the record could not be written then: recorded, never sent again. */
  accepted?: { response: string; at: string; sentBy: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ClaimedMail {
  entry: MailEntry;
  etag: string;
}

export interface OutboxEntry {
  id: string;
  noticeId: string;
  kind: 'post' | 'update';
  recipient: Recipient;
  /** Per-recipient payload; else the notice's. */
  payload: Record<string, unknown> | null;
  /** For 'update': the message to replace, and how many times its content was asked for. */
  activityId: string | null;
  /**
   * For an 'update' asked for while the card's post had no answer from Teams yet (queued, or
   * being sent): the post whose message id it replaces, taken from its record once it is sent.
   */
  afterPost?: { noticeId: string; entryId: string } | null;
  version: number;
  state: 'queued' | 'sending';
  attempts: number;
  lastStatus: number | null;
  lastReason: string | null;
  notBefore: number;
  leaseUntil: number | null;
  claimedBy: string | null;
  /**
   * Teams accepted this post but its delivery record could not be written then (the database
   * failing): written on the entry as soon as it can be, so that whoever claims the entry next
   * records that outcome instead of sending again. Absent otherwise.
   */
  accepted?: AcceptedSend | null;
  createdAt: string;
  updatedAt: string;
}

/** What Teams answered to a post it accepted. */
export interface AcceptedSend {
  status: number;
  activityId: string | null;
  conversationId: string | null;
  /** The bot instance that sent it, and when Teams answered. */
  sentBy: string | null;
  at: string;
}

export interface DeliveryRecord {
  id: string;
  noticeId: string;
  recipient: Recipient;
  state: Exclude<DeliveryState, 'queued' | 'sending'>;
  attempts: number;
  lastStatus: number | null;
  reason: string | null;
  conversationId: string | null;
  activityId: string | null;
  /** The bot instance that made the last attempt. */
  sentBy: string | null;
  finishedAt: string;
  /** Absent: Teams. */
  channel?: 'teams' | 'email';
  /** E-mail: the address, our Message-ID, and what the relay (or Graph) said when it accepted it. */
  address?: string | null;
  messageId?: string | null;
  relayResponse?: string | null;
  /** Teams: the member could not be reached there and the notice went by e-mail instead. */
  fellBackToEmail?: boolean;
}

export interface Claimed {
  entry: OutboxEntry;
  etag: string;
}

/** Whose limits instances split: Teams' (the default) or the sending mailbox's. */
export type LimitsGroup = 'teams' | 'mail';

/** The outbox (active entries) and the delivery records (finished ones, per notice). */
export interface OutboxStore {
  createNotice(header: NoticeHeader): Promise<boolean>;
  getNotice(noticeId: string): Promise<NoticeHeader | null>;
  enqueue(entry: OutboxEntry): Promise<boolean>;
  /**
   * The entries of one notice (one partition), created where absent: in as few requests as the
   * database allows (a batch). Returns how many were created.
   */
  enqueueAll(noticeId: string, entries: OutboxEntry[]): Promise<number>;
  /** Queued entries due now, and sending ones whose lease expired (their sender died). */
  due(now: number, limit: number): Promise<Claimed[]>;
  /** The same scan, with when the first entry waiting for later falls due (the queue's idle sleep). */
  scan?(now: number, limit: number): Promise<{ due: Claimed[]; nextAt: number | null }>;
  /** Replaces under the etag; null when another instance changed it first. */
  replace(claimed: Claimed, next: OutboxEntry): Promise<Claimed | null>;
  /** Writes the record, then removes the entry. */
  complete(entry: OutboxEntry, record: DeliveryRecord): Promise<void>;
  writeRecord(record: DeliveryRecord): Promise<void>;
  record(noticeId: string, id: string): Promise<DeliveryRecord | null>;
  pending(noticeId: string): Promise<OutboxEntry[]>;
  /** One entry still in the outbox (queued or being sent), or null. */
  queued(noticeId: string, id: string): Promise<OutboxEntry | null>;
  records(noticeId: string): Promise<DeliveryRecord[]>;
  /** Card updates: one entry per card, the latest payload wins (coalescing). */
  upsertUpdate(entry: OutboxEntry, change: (current: OutboxEntry) => OutboxEntry): Promise<void>;
  remove(claimed: Claimed): Promise<boolean>;
  /**
   * This instance is delivering, at `share` of Teams' limits: records it, and returns the shares
   * the other instances delivering now declared at their last heartbeat (to split the limits).
   */
  heartbeat(instanceId: string, now: number, share: number, group?: LimitsGroup): Promise<number[]>;
  /** This instance has nothing left to deliver: the others no longer keep a share of the limits for it. */
  leave(instanceId: string, group?: LimitsGroup): Promise<void>;

  /** The e-mail channel: the same outbox (one partition per notice), another document type. */
  enqueueMail(entry: MailEntry): Promise<boolean>;
  enqueueMailAll(noticeId: string, entries: MailEntry[]): Promise<number>;
  scanMail(now: number, limit: number): Promise<{ due: ClaimedMail[]; nextAt: number | null }>;
  replaceMail(claimed: ClaimedMail, next: MailEntry): Promise<ClaimedMail | null>;
  removeMail(claimed: ClaimedMail): Promise<boolean>;
  /** Writes the record, then removes the entry. */
  completeMail(entry: MailEntry, record: DeliveryRecord): Promise<void>;
  pendingMail(noticeId: string): Promise<MailEntry[]>;
}

export interface SendResult {
  status: number;
  retryAfter: string | null;
  activityId: string | null;
}

/** Talks to the Bot Connector; references are opaque (Teams conversation references). */
export interface MessageSender {
  send(reference: unknown, activity: Record<string, unknown>): Promise<SendResult>;
  update(reference: unknown, activityId: string, activity: Record<string, unknown>): Promise<SendResult>;
  openPersonalChat(
    serviceUrl: string,
    tenantId: string,
    teamsUserId: string,
  ): Promise<{ status: number; reference: unknown | null }>;
  conversationIdOf(reference: unknown): string | null;
}

/** The cards of the delivery path, built by the Teams layer (opaque activities here). */
export interface DeliveryPresenter {
  /** To a notice's sender: one recipient could not be reached, and why. */
  givenUpAlert(notice: NoticeHeader, record: DeliveryRecord): Record<string, unknown>;
}
