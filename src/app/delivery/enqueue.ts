import { Recipient, recipientId } from '../../domain/delivery/delivery';
import { Clock } from '../ports';
import { BY_PREFERENCE, mailEntryId, mailable, newMailEntry } from './mail-entries';
import { MailEntry, NoticeHeader, OutboxEntry, OutboxStore } from './ports';

/** A notice as a flow asks for it: the header's fields, and who gets it (a payload each, or the notice's). */
export interface NoticeInput extends Omit<NoticeHeader, 'recipientCount' | 'createdAt'> {
  recipients: Array<{ recipient: Recipient; payload?: Record<string, unknown> }>;
}

interface EnqueueDeps {
  outbox: OutboxStore;
  clock: Clock;
  /** Tells this process's dispatcher there is work (others find it at their next poll). */
  wake?: () => void;
}

const entryId = (noticeId: string, r: Recipient) => `${noticeId}~${recipientId(r)}`;

function newEntry(
  noticeId: string,
  recipient: Recipient,
  payload: Record<string, unknown> | null,
  now: Date,
): OutboxEntry {
  return {
    id: entryId(noticeId, recipient),
    noticeId,
    kind: 'post',
    recipient,
    payload,
    activityId: null,
    version: 1,
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
 * Records a notice and one outbox entry per recipient before anything is sent. Idempotent per
 * (notice, recipient): enqueueing the same notice again adds only the recipients it lacked.
 * A notice seen for the first time (its header created now) has no delivery record yet, since
 * its entries are queued only after its header: they are created without reading anything, in
 * one batch. A notice already there (a retry, a double click, recipients added) reads its
 * delivery records once, in one query, and queues only the recipients with none.
 */
export async function enqueueNotice(deps: EnqueueDeps, input: NoticeInput): Promise<{ enqueued: number }> {
  const now = deps.clock.now();
  const { recipients, ...fields } = input;
  const header: NoticeHeader = { ...fields, recipientCount: recipients.length, createdAt: now.toISOString() };
  const fresh = await deps.outbox.createNotice(header);
  const delivered = fresh ? new Set<string>() : new Set((await deps.outbox.records(input.noticeId)).map((r) => r.id));
  const entries = new Map<string, OutboxEntry>();
  for (const { recipient, payload } of recipients) {
    const entry = newEntry(input.noticeId, recipient, payload ?? null, now);
    // Delivered on either channel (their preference may have changed since): not sent again.
    if (!delivered.has(entry.id) && !delivered.has(mailEntryId(input.noticeId, recipient)))
      entries.set(entry.id, entry);
  }
  // Those who asked for e-mail always get the notice's e-mail and no Teams message.
  const mails: MailEntry[] = [];
  for (const [id, entry] of entries) {
    if (entry.recipient.kind !== 'person' || entry.recipient.delivery !== 'email' || !mailable(header, entry.recipient))
      continue;
    entries.delete(id);
    const mail = newMailEntry(input.noticeId, entry.recipient, BY_PREFERENCE, now);
    mails.push(mail);
  }
  const enqueued =
    (await deps.outbox.enqueueAll(input.noticeId, [...entries.values()])) +
    (mails.length ? await deps.outbox.enqueueMailAll(input.noticeId, mails) : 0);
  deps.wake?.();
  return { enqueued };
}

/**
 * Asks for a shared card (a tally, a status) to show new content. Updates of one card are
 * coalesced: the latest content wins, at most one update a second, and the last one lands.
 */
export async function enqueueCardUpdate(
  deps: EnqueueDeps,
  input: {
    cardId: string;
    conversationId: string;
    tenantId: string;
    activityId: string;
    payload: Record<string, unknown>;
    /** A card in a person's chat: updated through their conversation reference. */
    person?: Recipient & { kind: 'person' };
    /** The card's post has no answer from Teams yet: its message id comes from its record once sent. */
    afterPost?: { noticeId: string; entryId: string };
  },
): Promise<void> {
  const now = deps.clock.now();
  const noticeId = `carte-${input.cardId}`;
  const recipient: Recipient = input.person ?? {
    kind: 'conversation',
    conversationId: input.conversationId,
    tenantId: input.tenantId,
    label: 'carte partagée',
  };
  const id = entryId(noticeId, recipient);
  const last = await deps.outbox.record(noticeId, id);
  const earliest = last ? Date.parse(last.finishedAt) + 1_000 : now.getTime();
  const fresh: OutboxEntry = {
    ...newEntry(noticeId, recipient, input.payload, now),
    kind: 'update',
    activityId: input.activityId,
    afterPost: input.afterPost ?? null,
    notBefore: Math.max(now.getTime(), earliest),
  };
  await deps.outbox.upsertUpdate(fresh, (current) => ({
    ...current,
    payload: input.payload,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  }));
  deps.wake?.();
}

/**
 * Replaces a card a notice posted to one recipient (a channel, a person): a coalesced update of
 * the message its delivery record names. A post Teams has not answered yet (still queued, or
 * being sent) is updated once it is sent — the update waits for its record — so that a change
 * made meanwhile (a vote in the first seconds) is not lost. False when there is nothing to
 * update: the post failed, or there never was one.
 */
export async function updatePostedCard(
  deps: EnqueueDeps,
  input: { noticeId: string; recipient: Recipient; cardId: string; payload: Record<string, unknown> },
): Promise<boolean> {
  const postId = entryId(input.noticeId, input.recipient);
  const record = await deps.outbox.record(input.noticeId, postId);
  const waiting = !record && (await deps.outbox.queued(input.noticeId, postId)) !== null;
  if (!record?.activityId && !waiting) return false;
  const conversationId =
    input.recipient.kind === 'conversation' ? input.recipient.conversationId : (record?.conversationId ?? '');
  if (!conversationId && !waiting) return false;
  await enqueueCardUpdate(deps, {
    cardId: input.cardId,
    conversationId,
    tenantId: input.recipient.tenantId,
    activityId: record?.activityId ?? '',
    payload: input.payload,
    ...(input.recipient.kind === 'person' ? { person: input.recipient } : {}),
    ...(waiting ? { afterPost: { noticeId: input.noticeId, entryId: postId } } : {}),
  });
  return true;
}
