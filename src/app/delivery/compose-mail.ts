import { sittingIcs } from '../../domain/meetings/calendar';
import { MailEntry, NoticeHeader, PERSONAL_LINK, StoredCalendarEvent } from './ports';
import { MailAttachment, OutgoingMail } from './mail-ports';
import { messageIdOf } from './mail-entries';

export interface MailComposition {
  from: { name: string; address: string };
  /** The personal signed link for `id` (a sitting id and the person's key), valid until `expiresAt`. */
  linkFor(kind: 'seance' | 'scrutin' | 'besoins', id: string, expiresAt: Date): string;
  /** A kept document's bytes (null: not kept), for the notices that attach one. */
  document?(ownerId: string, documentId: string): Promise<MailAttachment | null>;
}

/**
 * The documents a notice attaches, read when its message is composed. One not kept (erased, or
 * no document store wired) is left out, the message going without it: the e-mail still convenes.
 */
export async function mailAttachments(c: MailComposition, notice: NoticeHeader): Promise<MailAttachment[]> {
  const wanted = notice.mail?.attachments ?? [];
  if (!wanted.length || !c.document) return [];
  const found = await Promise.all(wanted.map((a) => c.document!(a.ownerId, a.documentId)));
  return found.filter((a): a is MailAttachment => !!a);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const eventOf = (e: StoredCalendarEvent) => ({ ...e, startsAt: new Date(e.startsAt), stamp: new Date(e.stamp) });

/** One recipient's message: the notice's e-mail with their own link, calendar attendee line and Message-ID. */
export function composeMail(
  c: MailComposition,
  notice: NoticeHeader,
  entry: MailEntry,
  attachments: MailAttachment[] = [],
): OutgoingMail | null {
  const mail = notice.mail;
  if (!mail) return null;
  const link = mail.link
    ? c.linkFor(mail.link.kind, `${mail.link.id}|${entry.recipient.personKey}`, new Date(mail.link.expiresAt))
    : '';
  return {
    messageId: messageIdOf(entry.id, c.from.address),
    from: c.from,
    to: { name: entry.recipient.label, address: entry.address },
    subject: mail.subject,
    text: mail.text.split(PERSONAL_LINK).join(link),
    html: mail.html.split(PERSONAL_LINK).join(escapeHtml(link)),
    calendar: mail.calendar
      ? {
          method: mail.calendar.method,
          content: sittingIcs(eventOf(mail.calendar.event), {
            method: mail.calendar.method,
            organizer: { name: c.from.name, email: c.from.address },
            attendee: { name: entry.recipient.label, email: entry.address },
          }),
          filename: mail.calendar.method === 'CANCEL' ? 'annulation.ics' : 'convocation.ics',
        }
      : null,
    ...(attachments.length ? { attachments } : {}),
  };
}
