import { createHash } from 'crypto';
import { Recipient, recipientId } from '../../domain/delivery/delivery';
import { MailEntry, NoticeHeader, OutboxEntry } from './ports';

/** Why a notice goes to someone by e-mail when they asked for it. */
export const BY_PREFERENCE = 'Envoi par e-mail demandé par la personne.';

/** The e-mail's entry id for one (notice, recipient): the Teams entry's, channel after it. */
export const mailEntryId = (noticeId: string, recipient: Recipient) => `${noticeId}~${recipientId(recipient)}~email`;

/** Whether this notice can go to this recipient by e-mail: it has an e-mail form, they have an address. */
export function mailable(
  notice: Pick<NoticeHeader, 'mail'>,
  recipient: Recipient,
): recipient is Recipient & { kind: 'person'; email: string } {
  return !!notice.mail && recipient.kind === 'person' && !!recipient.email;
}

export function newMailEntry(
  noticeId: string,
  recipient: Recipient & { kind: 'person'; email: string },
  because: string,
  now: Date,
): MailEntry {
  return {
    id: mailEntryId(noticeId, recipient),
    noticeId,
    recipient,
    address: recipient.email,
    because,
    state: 'queued',
    attempts: 0,
    lastStatus: null,
    lastReason: null,
    notBefore: now.getTime(),
    leaseUntil: null,
    claimedBy: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/**
 * The same Message-ID at every attempt for one (notice, recipient): a message sent again after a
 * crash is the same message, which mail clients and the relay's logs recognise.
 */
export function messageIdOf(entryId: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'centrale.invalid';
  return `<${createHash('sha256').update(entryId).digest('hex').slice(0, 32)}@${domain}>`;
}

/** The e-mail queued when Teams did not deliver a post: null when the notice or the person has none. */
export function fallbackEntry(notice: NoticeHeader, entry: OutboxEntry, reason: string, now: Date): MailEntry | null {
  const { recipient } = entry;
  if (entry.kind !== 'post' || !mailable(notice, recipient)) return null;
  return newMailEntry(entry.noticeId, recipient, `Injoignable dans Teams : ${reason}`, now);
}
