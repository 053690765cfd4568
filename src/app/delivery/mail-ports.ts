/**
 * The e-mail channel's ports: one message as the app composed it, and what a transport (an SMTP
 * relay, Microsoft Graph, the local folder of .eml files) answered. The transports live in
 * src/mail; the MIME itself is built there, by nodemailer.
 */

/** A calendar invitation carried by the message (text/calendar, and the same as an .ics attachment). */
export interface MailCalendar {
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  /** The iCalendar text (VCALENDAR). */
  content: string;
  /** The attachment's name, e.g. « convocation.ics ». */
  filename: string;
}

export interface OutgoingMail {
  /** Our own Message-ID, `<…@domain>`: the same on every attempt for one (notice, recipient). */
  messageId: string;
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  calendar: MailCalendar | null;
  /** Files attached (a kept document: the convocation's PDF), with their type and name. */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export type MailResult =
  /** The relay (or Graph) took the message: `response` is what it said (« 250 OK queued as … »). */
  | { kind: 'accepted'; messageId: string; response: string }
  /** Try again later: SMTP 4xx, a connection that failed, Graph 429 or 5xx (with its Retry-After). */
  | { kind: 'temporary'; code: number | null; reason: string; retryAfterMs: number | null }
  /** Never again: SMTP 5xx, an invalid address, Graph 400/401/403. */
  | { kind: 'permanent'; code: number | null; reason: string };

export interface MailTransport {
  /** 'smtp', 'graph' or 'fichiers' (local mode: .eml files in the data folder). */
  readonly name: 'smtp' | 'graph' | 'fichiers';
  /** The mailbox messages are sent from (its sending limits apply). */
  readonly mailbox: string;
  send(mail: OutgoingMail): Promise<MailResult>;
  close?(): Promise<void>;
}
