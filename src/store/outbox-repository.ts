import { z } from 'zod';
import {
  Claimed,
  ClaimedMail,
  DeliveryRecord,
  LimitsGroup,
  MailEntry,
  MailNotice,
  NoticeHeader,
  OutboxEntry,
  OutboxStore,
} from '../app/delivery/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable, inBatches } from './doc-table';
import { safeId } from './directory-repository';
import { scanLeased } from './leased-docs';

const recipient = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    personKey: z.string(),
    tenantId: z.string(),
    teamsUserId: z.string().nullable(),
    label: z.string(),
    email: z.string().nullish(),
    delivery: z.enum(['teams', 'email']).optional(),
  }),
  z.object({ kind: z.literal('conversation'), conversationId: z.string(), tenantId: z.string(), label: z.string() }),
]);
const payload = z.record(z.string(), z.unknown());

const noticeSchema = z.object({
  noticeId: z.string(),
  centraleId: z.string(),
  senderKey: z.string().nullable(),
  title: z.string(),
  payload,
  serviceUrl: z.string().nullable(),
  recipientCount: z.number(),
  createdAt: z.string(),
  mail: z.lazy(() => mailNoticeSchema).nullish(),
}) satisfies z.ZodType<NoticeHeader>;

const entrySchema = z.object({
  id: z.string(),
  noticeId: z.string(),
  kind: z.enum(['post', 'update']),
  recipient,
  payload: payload.nullable(),
  activityId: z.string().nullable(),
  afterPost: z.object({ noticeId: z.string(), entryId: z.string() }).nullish(),
  version: z.number(),
  state: z.enum(['queued', 'sending']),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastReason: z.string().nullable(),
  notBefore: z.number(),
  leaseUntil: z.number().nullable(),
  claimedBy: z.string().nullable(),
  accepted: z
    .object({
      status: z.number(),
      activityId: z.string().nullable(),
      conversationId: z.string().nullable(),
      sentBy: z.string().nullable(),
      at: z.string(),
    })
    .nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<OutboxEntry>;

const recordSchema = z.object({
  id: z.string(),
  noticeId: z.string(),
  recipient,
  state: z.enum(['sent', 'failed', 'unreachable']),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  reason: z.string().nullable(),
  conversationId: z.string().nullable(),
  activityId: z.string().nullable(),
  sentBy: z.string().nullable(),
  finishedAt: z.string(),
  channel: z.enum(['teams', 'email']).optional(),
  address: z.string().nullish(),
  messageId: z.string().nullish(),
  relayResponse: z.string().nullish(),
  fellBackToEmail: z.boolean().optional(),
}) satisfies z.ZodType<DeliveryRecord>;

const calendarEventSchema = z.object({
  uid: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number(),
  title: z.string(),
  location: z.string(),
  description: z.string(),
  url: z.string().nullable(),
  cancelled: z.boolean(),
  sequence: z.number(),
  stamp: z.string(),
});

const mailNoticeSchema = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  calendar: z.object({ method: z.enum(['REQUEST', 'CANCEL']), event: calendarEventSchema }).nullable(),
  link: z.object({ kind: z.enum(['seance', 'scrutin', 'besoins']), id: z.string(), expiresAt: z.string() }).nullable(),
  // Notices queued before e-mails could carry a kept document: none.
  attachments: z.array(z.object({ ownerId: z.string(), documentId: z.string() })).optional(),
}) satisfies z.ZodType<MailNotice>;

const mailEntrySchema = z.object({
  id: z.string(),
  noticeId: z.string(),
  recipient: recipient.options[0],
  address: z.string(),
  because: z.string(),
  state: z.enum(['queued', 'sending']),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastReason: z.string().nullable(),
  notBefore: z.number(),
  leaseUntil: z.number().nullable(),
  claimedBy: z.string().nullable(),
  accepted: z.object({ response: z.string(), at: z.string(), sentBy: z.string().nullable() }).nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<MailEntry>;

/** `share`: the fraction of Teams' limits it takes (heartbeats written before it: the whole, the safe guess). */
const heartbeatSchema = z.object({ instanceId: z.string(), lastSeen: z.number(), share: z.number().default(1) });
/** A delivering instance heartbeats every second or so; one silent this long is gone (its share is free). */
const LIVE_MS = 5_000;

/** Containers `outbox` (active) and `deliveries` (notices and finished records), pk = notice id. */
export class CosmosOutboxStore implements OutboxStore {
  private readonly notices: DocTable<NoticeHeader>;
  private readonly entries: DocTable<OutboxEntry>;
  private readonly finished: DocTable<DeliveryRecord>;
  private readonly heartbeats: DocTable<z.infer<typeof heartbeatSchema>>;
  private readonly mails: DocTable<MailEntry>;

  constructor(cosmos: CosmosHandle) {
    this.notices = new DocTable(cosmos.container('deliveries'), 'notice', noticeSchema);
    this.finished = new DocTable(cosmos.container('deliveries'), 'delivery', recordSchema);
    this.entries = new DocTable(cosmos.container('outbox'), 'outbox-entry', entrySchema);
    this.heartbeats = new DocTable(cosmos.container('directory'), 'instance-heartbeat', heartbeatSchema);
    this.mails = new DocTable(cosmos.container('outbox'), 'mail-entry', mailEntrySchema);
  }

  createNotice(header: NoticeHeader) {
    return this.notices.createIfAbsent(header.noticeId, 'notice', header);
  }

  getNotice(noticeId: string) {
    return this.notices.get(noticeId, 'notice');
  }

  enqueue(entry: OutboxEntry) {
    return this.entries.createIfAbsent(entry.noticeId, safeId(entry.id), entry);
  }

  /** In batches (see createAllAbsent). */
  enqueueAll(noticeId: string, entries: OutboxEntry[]): Promise<number> {
    return createAllAbsent(this.entries, noticeId, entries);
  }

  async due(now: number, limit: number): Promise<Claimed[]> {
    return (await this.scan(now, limit)).due;
  }

  scan(now: number, limit: number): Promise<{ due: Claimed[]; nextAt: number | null }> {
    return scanSends(this.entries, now, limit);
  }

  async replace(claimed: Claimed, next: OutboxEntry): Promise<Claimed | null> {
    const etag = await this.entries.replaceIfMatch(next.noticeId, safeId(next.id), claimed.etag, next);
    return etag ? { entry: next, etag } : null;
  }

  async complete(entry: OutboxEntry, record: DeliveryRecord): Promise<void> {
    await this.writeRecord(record);
    await this.entries.delete(entry.noticeId, safeId(entry.id));
  }

  writeRecord(record: DeliveryRecord) {
    return this.finished.upsert(record.noticeId, safeId(record.id), record);
  }

  remove(claimed: Claimed) {
    return this.entries.deleteIfMatch(claimed.entry.noticeId, safeId(claimed.entry.id), claimed.etag);
  }

  record(noticeId: string, id: string) {
    return this.finished.get(noticeId, safeId(id));
  }

  pending(noticeId: string) {
    return this.entries.inPartition(noticeId);
  }

  queued(noticeId: string, id: string) {
    return this.entries.get(noticeId, safeId(id));
  }

  records(noticeId: string) {
    return this.finished.inPartition(noticeId);
  }

  /** Created where absent (one request: the card's last update has usually been sent); else changed under its etag. */
  async upsertUpdate(entry: OutboxEntry, change: (current: OutboxEntry) => OutboxEntry): Promise<void> {
    if (await this.entries.createIfAbsent(entry.noticeId, safeId(entry.id), entry)) return;
    await this.entries.update(entry.noticeId, safeId(entry.id), change, () => entry);
  }

  async heartbeat(instanceId: string, now: number, share: number, group: LimitsGroup = 'teams'): Promise<number[]> {
    const partition = heartbeatPartition(group);
    await this.heartbeats.upsert(partition, `instance:${instanceId}`, { instanceId, lastSeen: now, share });
    const all = await this.heartbeats.inPartition(partition);
    return all.filter((h) => h.instanceId !== instanceId && h.lastSeen > now - LIVE_MS).map((h) => h.share);
  }

  leave(instanceId: string, group: LimitsGroup = 'teams'): Promise<void> {
    return this.heartbeats.delete(heartbeatPartition(group), `instance:${instanceId}`);
  }

  enqueueMail(entry: MailEntry) {
    return this.mails.createIfAbsent(entry.noticeId, safeId(entry.id), entry);
  }

  enqueueMailAll(noticeId: string, entries: MailEntry[]): Promise<number> {
    return createAllAbsent(this.mails, noticeId, entries);
  }

  scanMail(now: number, limit: number): Promise<{ due: ClaimedMail[]; nextAt: number | null }> {
    return scanSends(this.mails, now, limit);
  }

  async replaceMail(claimed: ClaimedMail, next: MailEntry): Promise<ClaimedMail | null> {
    const etag = await this.mails.replaceIfMatch(next.noticeId, safeId(next.id), claimed.etag, next);
    return etag ? { entry: next, etag } : null;
  }

  removeMail(claimed: ClaimedMail) {
    return this.mails.deleteIfMatch(claimed.entry.noticeId, safeId(claimed.entry.id), claimed.etag);
  }

  async completeMail(entry: MailEntry, record: DeliveryRecord): Promise<void> {
    await this.writeRecord(record);
    await this.mails.delete(entry.noticeId, safeId(entry.id));
  }

  pendingMail(noticeId: string) {
    return this.mails.inPartition(noticeId);
  }
}

/** The due-scan of the outbox's sends (`queued`/`sending`, due at `notBefore`), with the etags to claim them. */
async function scanSends<T>(table: DocTable<T>, now: number, limit: number) {
  const { due, nextAt } = await scanLeased(
    table,
    { state: 'state', waiting: 'queued', held: 'sending', dueAt: 'notBefore' },
    now,
    limit,
  );
  return { due: due.map((r) => ({ entry: r.value, etag: r.etag })), nextAt };
}

/** Teams' heartbeats keep their partition of before; the mailbox's have theirs. */
const heartbeatPartition = (group: LimitsGroup) => (group === 'teams' ? 'instances' : 'mail-instances');

/**
 * One transactional batch per 100 entries (Cosmos's limit), all in the notice's partition. An
 * entry that exists already (a retry, a double click) fails the batch: on Azure the whole batch
 * (409 for it, 424 for the others), on the embedded server what follows it; those not created
 * are then created one by one, 16 at a time, each where absent.
 */
async function createAllAbsent<T extends { id: string }>(
  table: DocTable<T>,
  pk: string,
  entries: T[],
): Promise<number> {
  let created = 0;
  const left: T[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    const statuses = await table.createMany(
      pk,
      chunk.map((e) => ({ id: safeId(e.id), value: e })),
    );
    chunk.forEach((e, j) => {
      if (statuses[j] === 201) created++;
      else if (statuses[j] !== 409) left.push(e);
    });
  }
  await inBatches(left, 16, async (e) => {
    if (await table.createIfAbsent(pk, safeId(e.id), e)) created++;
  });
  return created;
}
