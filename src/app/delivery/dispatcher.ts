import { rateKeyOf } from '../../domain/delivery/delivery';
import {
  SlidingWindowLimiter,
  TEAMS_CONVERSATION_WINDOWS,
  TEAMS_TENANT_WINDOWS,
  tenantPacer,
} from '../../domain/delivery/rate-limiter';
import { REASONS, classify, parseRetryAfter } from '../../domain/delivery/send-outcome';
import { requeue } from '../../domain/work/lease';
import { Clock, ConversationRepository } from '../ports';
import { Ending, LeaseFields, Work, WorkQueue } from '../work-queue';
import { LimitsShare } from './limits-share';
import {
  AcceptedSend,
  Claimed,
  DeliveryRecord,
  MessageSender,
  NoticeHeader,
  OutboxEntry,
  OutboxStore,
  SendResult,
} from './ports';

export interface DispatcherDeps {
  outbox: OutboxStore;
  sender: MessageSender;
  conversations: ConversationRepository;
  clock: Clock;
  log: { info(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void };
  random?: () => number;
  /** Told once a recipient is given up on (403, 413, too many failures), to tell the sender. */
  onGivenUp?: (notice: NoticeHeader, record: DeliveryRecord) => Promise<void>;
  /**
   * A member Teams cannot reach (403, 404, no chat and none could be opened): queues the notice's
   * e-mail to them, where absent; false when the notice or the member has none. Without it, no
   * e-mail is ever queued (no transport configured).
   */
  fallBackToEmail?: (notice: NoticeHeader, entry: OutboxEntry, reason: string) => Promise<boolean>;
}

export interface DispatcherOptions {
  instanceId: string;
  /** Sends under way at once in this instance. */
  concurrency: number;
  /** A claimed entry whose sender has not answered by then is claimed again (it died). */
  leaseMs: number;
  pollMs: number;
  /** An idle dispatcher scans less and less often, up to this (work queued in this process wakes it). */
  idleMaxMs?: number;
  batch: number;
  heartbeatMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: Omit<DispatcherOptions, 'instanceId'> = {
  concurrency: 32,
  leaseMs: 30_000,
  pollMs: 250,
  batch: 400,
  // Often enough that a newcomer's share grows within a second or two (limitsShare).
  heartbeatMs: 1_000,
};

/** A cached scan is trusted this long: retries that fall due meanwhile wait at most this. */
const RESCAN_MS = 5_000;
const LOOKAHEAD_MS = 2_000;
/** A delivery record that could not be written is tried again after this, doubling up to the cap (with jitter). */
const RECORD_RETRY_MS = 200;
const RECORD_RETRY_MAX_MS = 2_000;
/** An entry whose outcome this instance holds, its record not written yet, is looked at again after this. */
const RECORDING_RECHECK_MS = 1_000;
/** A message whose conversation has a send under way looks again this soon. */
const ONE_AT_A_TIME_RECHECK_MS = 20;
/** A transient failure whose backoff is at most this is retried by the run that holds the entry. */
const INLINE_RETRY_MAX_MS = 2_000;
/** A send with a slot free looks again this soon when it leaves the slot to an urgent one. */
const URGENT_YIELD_MS = 5;
/** An update waiting for its card's post to be sent looks again this soon. */
const AFTER_POST_RECHECK_MS = 1_000;

/**
 * A slot taken in the limits for one call: given back if Teams refused the call (it posted
 * nothing), else counted from when its answer came back (Teams received it before).
 */
interface Slot {
  giveBack(): void;
  answered(): void;
}

type Resolved = { reference: unknown } | { result: SendResult; unreachable?: string };

/** The lease fields of an outbox entry (a Teams send or an e-mail). */
interface QueuedSend {
  state: 'queued' | 'sending';
  notBefore: number;
  attempts: number;
  claimedBy: string | null;
  leaseUntil: number | null;
  updatedAt: string;
}

/** How an outbox entry's fields hold its lease: `queued`/`sending`, due at `notBefore`. */
export const sendLease = <T extends QueuedSend>(): LeaseFields<T> => ({
  read: (e) => ({
    state: e.state === 'sending' ? 'held' : 'waiting',
    dueAt: e.notBefore,
    attempts: e.attempts,
    claimedBy: e.claimedBy,
    leaseUntil: e.leaseUntil,
  }),
  write: (e, lease, now) => ({
    ...e,
    state: lease.state === 'held' ? 'sending' : 'queued',
    notBefore: lease.dueAt,
    attempts: lease.attempts,
    claimedBy: lease.claimedBy,
    leaseUntil: lease.leaseUntil,
    updatedAt: new Date(now).toISOString(),
  }),
});

export const outboxLease = sendLease<OutboxEntry>();

/**
 * Sends what the outbox holds, as fast as Teams allows. The claims, leases and retries are the
 * leased work queue's (`work-queue.ts`: each entry claimed with its etag, so that one instance
 * sends it); what is the dispatcher's own: keeping to Teams' per-conversation and per-tenant
 * limits (shared between live instances), what to do with each HTTP status, the delivery
 * records, and the coalescing of a shared card's updates.
 */
export class Dispatcher {
  private readonly conversationLimiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
  private readonly tenantLimiter = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
  private readonly tenantPacer = tenantPacer();
  private readonly notices = new Map<string, NoticeHeader | null>();
  private readonly options: DispatcherOptions;
  private readonly queue: WorkQueue<OutboxEntry, Claimed>;
  /** The fraction of Teams' limits this instance takes (limitsShare), as its heartbeat declares it. */
  private readonly limitsShare: LimitsShare;
  /** The share the limiters were last set to. */
  private limitersShare = { pace: 1, windows: 1 };
  /**
   * Outcomes this instance holds whose delivery record is still being written (the database
   * failing), by entry id: the run that got Teams' answer owns the entry until its record lands,
   * and nothing here claims or sends that entry again meanwhile.
   */
  private readonly recording = new Map<string, Promise<void>>();
  /** By tenant, the conversations of the sends tried again within their claim, waiting for a slot (they go first). */
  private readonly urgent = new Map<string, string[]>();
  /** Conversations a send is under way to, in this process (how many: a stale claim may overlap). */
  private readonly sendingTo = new Map<string, number>();
  /** Sends in flight right now (benchmarks print it at a kill). */
  get sending(): number {
    return this.queue.running;
  }

  constructor(
    private readonly deps: DispatcherDeps,
    options: Partial<DispatcherOptions> & { instanceId: string },
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    const { instanceId, leaseMs, batch, concurrency, pollMs, idleMaxMs } = this.options;
    this.limitsShare = new LimitsShare((now, share) => deps.outbox.heartbeat(instanceId, now, share), {
      heartbeatMs: this.options.heartbeatMs,
      used: (now) => this.tenantLimiter.used(now),
    });
    this.queue = new WorkQueue<OutboxEntry, Claimed>(
      {
        name: 'delivery',
        store: deps.outbox,
        itemOf: (c) => c.entry,
        idOf: (e) => e.id,
        lease: outboxLease,
        clock: deps.clock,
        log: deps.log,
        random: deps.random,
      },
      // One due-scan feeds several ticks: scans cost most on a large outbox. Shuffled: instances
      // that scanned the same entries then try them in different orders, instead of all racing
      // for the first ones (all of them due now, order matters little).
      { owner: instanceId, leaseMs, batch, concurrency, pollMs, idleMaxMs, rescanMs: RESCAN_MS, shuffle: true },
      {
        beforePass: (now) => this.shareLimits(now),
        defer: (entry, now) => this.untilSlot(entry, now),
        // A person's (a channel's) messages go out in the order they were queued, one at a time.
        orderOf: (entry) => ({ group: rateKeyOf(entry.recipient), rank: `${entry.createdAt} ${entry.id}` }),
        run: (work) => this.deliver(work),
      },
    );
  }

  start(): void {
    this.queue.start();
  }

  /** Stops claiming; waits for the sends under way to be recorded; leaves its share of the limits to the others. */
  async stop(): Promise<void> {
    await this.queue.stop();
    await this.leave().catch((e) =>
      this.deps.log.error('delivery heartbeat not removed', { instanceId: this.options.instanceId, error: String(e) }),
    );
  }

  /** No longer delivering: the others no longer keep a share of the limits for this instance. */
  private leave(): Promise<void> {
    return this.limitsShare.leave(this.deps.clock.now().getTime(), () =>
      this.deps.outbox.leave(this.options.instanceId),
    );
  }

  /** New work was enqueued in this process: look now rather than at the next poll. */
  wake(): void {
    this.queue.wake();
  }

  /** One pass: claims and starts what may go now. Returns how long to wait before the next. */
  async tick(): Promise<number> {
    return (await this.queue.tick()).waitMs;
  }

  /**
   * Delivering instances (heartbeats) split Teams' limits between them, each declaring the share
   * it takes: one becoming busy takes only what the others leave free (limitsShare), and they
   * make room at their next heartbeat. An idle one (its last scan found nothing) neither
   * heartbeats nor counts: it says once that it left, and the others take the whole share; its
   * first busy pass heartbeats again.
   */
  private async shareLimits(now: number): Promise<void> {
    if (!this.queue.active) {
      await this.leave();
      return;
    }
    const share = await this.limitsShare.update(now);
    // No share (peers take it all, for a heartbeat or two): takeSlot waits; the limiters stay as they were.
    const { pace, windows } = this.limitsShare.limits;
    if (share > 0 && (pace !== this.limitersShare.pace || windows !== this.limitersShare.windows)) {
      this.conversationLimiter.share(1 / windows);
      this.tenantLimiter.share(1 / windows);
      this.tenantPacer.share(1 / pace);
      this.limitersShare = { pace, windows };
    }
  }

  /**
   * Claimed a little ahead of its slot, so that it is ready to go the moment the slot frees
   * (takeSlot waits for it); further ahead it stays for a later scan.
   */
  private untilSlot(entry: OutboxEntry, now: number): number {
    // Its lease may have run out while the database was frozen: the run recording it still owns it.
    if (this.recording.has(entry.id)) return RECORDING_RECHECK_MS;
    const { recipient } = entry;
    // One send at a time to a conversation: the next waits for Teams' answer to the one before.
    if (this.sendingTo.has(rateKeyOf(recipient))) return ONE_AT_A_TIME_RECHECK_MS;
    const at = Math.max(
      this.conversationLimiter.nextSlot(rateKeyOf(recipient), now),
      this.tenantLimiter.nextSlot(recipient.tenantId, now),
    );
    return at > now + LOOKAHEAD_MS ? at - now - LOOKAHEAD_MS : 0;
  }

  /** Runs ticks until nothing is queued, for tests and scripts (not with start()). */
  drain(maxMs = 30_000): Promise<void> {
    return this.queue.drain(maxMs);
  }

  private async notice(noticeId: string): Promise<NoticeHeader | null> {
    if (!this.notices.has(noticeId)) {
      if (this.notices.size > 500) this.notices.clear();
      this.notices.set(noticeId, await this.deps.outbox.getNotice(noticeId));
    }
    return this.notices.get(noticeId)!;
  }

  /** One send at a time to each conversation (its messages keep their order): counted while it runs. */
  private async deliver(work: Work<OutboxEntry, Claimed>): Promise<Ending<OutboxEntry>> {
    const key = rateKeyOf(work.item.recipient);
    this.sendingTo.set(key, (this.sendingTo.get(key) ?? 0) + 1);
    try {
      return await this.deliverOne(work);
    } finally {
      const left = (this.sendingTo.get(key) ?? 1) - 1;
      if (left > 0) this.sendingTo.set(key, left);
      else this.sendingTo.delete(key);
    }
  }

  private async deliverOne(work: Work<OutboxEntry, Claimed>): Promise<Ending<OutboxEntry>> {
    const entry = work.item;
    if (entry.kind === 'post') {
      // Claimed anyway (a scan raced the run that holds its outcome): that run finishes it.
      const recording = this.recording.get(entry.id);
      if (recording) {
        await recording.catch(() => undefined);
        return { kind: 'ended' };
      }
      // Teams accepted it in an earlier attempt whose record could not be written: record that.
      if (entry.accepted) {
        const { status, conversationId, activityId, sentBy } = entry.accepted;
        return this.finish(work, null, { state: 'sent', reason: null, status, conversationId, activityId, sentBy });
      }
      // A record means this message already went out (a re-enqueue raced a completion).
      if (await this.deps.outbox.record(entry.noticeId, entry.id)) return { kind: 'done' };
    }
    let activityId = entry.activityId ?? '';
    if (entry.kind === 'update' && !activityId && entry.afterPost) {
      // The card's post had no answer from Teams when this update was asked for: its record names the message.
      const { noticeId, entryId } = entry.afterPost;
      const post = await this.deps.outbox.record(noticeId, entryId);
      if (post?.state === 'sent' && post.activityId) activityId = post.activityId;
      // The post failed, or is gone: there is no card to update.
      else if (post || !(await this.deps.outbox.queued(noticeId, entryId))) return { kind: 'done' };
      // Still to be sent: looked at again soon, the attempt not counted (the post's own retries bound the wait).
      else return { kind: 'retry', delayMs: AFTER_POST_RECHECK_MS, note: (e) => ({ ...e, attempts: e.attempts - 1 }) };
    }
    const notice = await this.notice(entry.noticeId);
    const payload = entry.payload ?? notice?.payload;
    if (!payload)
      return this.finish(work, notice, { state: 'failed', reason: 'Contenu du message introuvable.', status: null });

    const resolved = await this.resolve(entry, notice);
    let result: SendResult;
    let conversationId: string | null = null;
    let attempts = entry.attempts;
    let outcome: ReturnType<typeof classify>;
    for (;;) {
      if ('reference' in resolved) {
        conversationId = this.deps.sender.conversationIdOf(resolved.reference);
        const slot = await this.takeSlot(entry, attempts > entry.attempts);
        // Stopping: leave it for whoever runs next, at once rather than after the lease.
        if (!slot) return { kind: 'release' };
        try {
          result =
            entry.kind === 'post'
              ? await this.deps.sender.send(resolved.reference, payload)
              : await this.deps.sender.update(resolved.reference, activityId, payload);
        } catch {
          result = { status: 0, retryAfter: null, activityId: null };
        }
        // Limits count what Teams accepted; a refused call (429, 5xx, network) posted nothing.
        if (result.status === 429 || result.status === 0 || result.status >= 500) slot.giveBack();
        else slot.answered();
      } else if (resolved.unreachable) {
        return this.finish(work, notice, {
          state: 'unreachable',
          reason: resolved.unreachable,
          status: resolved.result.status,
        });
      } else {
        result = resolved.result;
      }
      const now = this.deps.clock.now().getTime();
      outcome = classify(
        result.status,
        attempts,
        parseRetryAfter(result.retryAfter, now),
        this.deps.random ?? Math.random,
      );
      // A failure with a short wait (a 429's Retry-After, a 5xx's first backoffs) is tried again
      // here, the entry still held (its lease renewed), and ahead of the sends not tried yet: back
      // in the outbox it would wait behind everything queued before it fell due, and for the next
      // scan — the last message of a notice, seconds after the rest. Longer waits go back.
      if (outcome.kind !== 'retry' || !('reference' in resolved)) break;
      const { delayMs } = outcome;
      if (delayMs > INLINE_RETRY_MAX_MS || this.queue.stopping) break;
      if (result.status === 429) this.conversationLimiter.blockUntil(rateKeyOf(entry.recipient), now + delayMs, now);
      else await new Promise((r) => setTimeout(r, delayMs));
      attempts++;
    }

    const now = this.deps.clock.now().getTime();
    if (outcome.kind === 'sent') {
      if (entry.kind === 'update') return this.finishUpdate(work, now, activityId);
      return this.finish(work, notice, {
        state: 'sent',
        reason: null,
        status: result.status,
        conversationId,
        activityId: result.activityId,
        attempts,
      });
    }
    if (outcome.kind === 'final')
      return this.finish(work, notice, {
        state: outcome.state,
        reason: outcome.reason,
        status: result.status,
        conversationId,
        attempts,
      });
    if (result.status === 429)
      this.conversationLimiter.blockUntil(rateKeyOf(entry.recipient), now + outcome.delayMs, now);
    const status = result.status;
    const reason = outcome.reason;
    return {
      kind: 'retry',
      delayMs: outcome.delayMs,
      note: (e) => ({ ...e, attempts, lastStatus: status, lastReason: reason }),
    };
  }

  /**
   * Waits for, then takes, a slot in both limits right before the call, so that what Teams
   * receives keeps to the windows (a slot taken earlier, at the claim, would drift). An `urgent`
   * send (tried again within its claim) goes first: the others of its tenant leave it the next
   * slot once its conversation may send.
   */
  private async takeSlot(entry: OutboxEntry, urgent = false): Promise<Slot | null> {
    const conversation = rateKeyOf(entry.recipient);
    const tenant = entry.recipient.tenantId;
    if (urgent) this.urgent.set(tenant, [...(this.urgent.get(tenant) ?? []), conversation]);
    try {
      return await this.waitForSlot(conversation, tenant, urgent);
    } finally {
      if (urgent) {
        const left = this.urgent.get(tenant) ?? [];
        left.splice(left.indexOf(conversation), 1);
        if (left.length === 0) this.urgent.delete(tenant);
      }
    }
  }

  private async waitForSlot(conversation: string, tenant: string, urgent: boolean): Promise<Slot | null> {
    for (;;) {
      let now = this.deps.clock.now().getTime();
      // The first send of a busy spell: its share is declared first (the pass that claimed it may
      // have found the queue idle, and not heartbeated).
      if (!this.limitsShare.declared) {
        // A heartbeat that failed (the database) is tried again by the next pass, or the next loop here.
        await this.shareLimits(now).catch(() => undefined);
        now = this.deps.clock.now().getTime();
      } else if (this.limitsShare.due(now)) {
        // Passes may be seconds apart while sends wait here: the heartbeat that moves this
        // instance to its fair share (a quarter of a second after the first) is not left for them.
        void this.shareLimits(now).catch(() => undefined);
      }
      const at = Math.max(
        // No share of the limits yet: looked at again soon (the next heartbeat may give one).
        this.limitsShare.share > 0 ? now : now + 100,
        this.conversationLimiter.nextSlot(conversation, now),
        this.tenantLimiter.nextSlot(tenant, now),
        this.tenantPacer.nextSlot(tenant, now),
      );
      const yieldTo =
        !urgent && (this.urgent.get(tenant) ?? []).some((c) => this.conversationLimiter.nextSlot(c, now) <= now);
      if (at <= now && yieldTo) {
        await new Promise((r) => setTimeout(r, URGENT_YIELD_MS));
        continue;
      }
      if (at <= now) {
        this.conversationLimiter.tryAcquire(conversation, now);
        this.tenantLimiter.tryAcquire(tenant, now);
        this.tenantPacer.take(tenant, now);
        return {
          giveBack: () => {
            this.conversationLimiter.release(conversation, now);
            this.tenantLimiter.release(tenant, now);
            this.tenantPacer.giveBack(tenant, this.deps.clock.now().getTime());
          },
          answered: () => {
            const back = this.deps.clock.now().getTime();
            this.conversationLimiter.restamp(conversation, now, back);
            this.tenantLimiter.restamp(tenant, now, back);
          },
        };
      }
      if (this.queue.stopping) return null;
      // Looked at again at least every second: limits move, and a stop must not wait.
      await new Promise((r) => setTimeout(r, Math.min(at - now, 1_000)));
    }
  }

  /** The conversation to post in; a person without one gets a 1:1 chat opened if Teams allows. */
  private async resolve(entry: OutboxEntry, notice: NoticeHeader | null): Promise<Resolved> {
    const r = entry.recipient;
    const none = (reason: string): Resolved => ({
      result: { status: 404, retryAfter: null, activityId: null },
      unreachable: reason,
    });
    if (r.kind === 'conversation') {
      const reference = await this.deps.conversations.getForConversation(r.conversationId);
      return reference ? { reference } : none('Le bot n’est pas installé dans cette conversation.');
    }
    const reference = await this.deps.conversations.getForPerson(r.personKey);
    if (reference) return { reference };
    if (!r.teamsUserId || !notice?.serviceUrl) return none(REASONS.noConversation);
    const opened = await this.deps.sender
      .openPersonalChat(notice.serviceUrl, r.tenantId, r.teamsUserId)
      .catch(() => ({ status: 0, reference: null }));
    if (opened.reference) {
      await this.deps.conversations.saveForPerson(r.personKey, opened.reference);
      return { reference: opened.reference };
    }
    return { result: { status: opened.status, retryAfter: null, activityId: null } };
  }

  /**
   * A final state: the delivery record is written, then the entry deleted. The outcome is kept
   * until that write lands (see `record`): a send Teams accepted is never sent again because the
   * database could not take its record at that moment.
   */
  private async finish(
    work: Work<OutboxEntry, Claimed>,
    notice: NoticeHeader | null,
    outcome: {
      state: DeliveryRecord['state'];
      reason: string | null;
      status: number | null;
      conversationId?: string | null;
      activityId?: string | null;
      sentBy?: string | null;
      /** Attempts made, those retried within this claim included (the claim's count otherwise). */
      attempts?: number;
    },
  ): Promise<Ending<OutboxEntry>> {
    const { state, status, conversationId = null, activityId = null } = outcome;
    let { reason } = outcome;
    const entry = work.item;
    // Not delivered in Teams (unreachable, refused, given up on): the e-mail is queued before the
    // Teams record is written, so a crash in between finds the entry again, and the e-mail there.
    let fellBack = false;
    if (
      state !== 'sent' &&
      entry.kind === 'post' &&
      notice?.mail &&
      entry.recipient.kind === 'person' &&
      this.deps.fallBackToEmail
    ) {
      try {
        fellBack = await this.deps.fallBackToEmail(notice, entry, reason ?? '');
      } catch (e) {
        this.deps.log.error('e-mail fallback not queued: retrying', { id: entry.id, error: String(e) });
        return { kind: 'retry', delayMs: RECORD_RETRY_MAX_MS };
      }
      if (!fellBack) reason = `${reason ?? ''} Aucune adresse e-mail connue pour la joindre autrement.`.trim();
    }
    const record: DeliveryRecord = {
      id: entry.id,
      noticeId: entry.noticeId,
      recipient: entry.recipient,
      state,
      attempts: outcome.attempts ?? entry.attempts,
      lastStatus: status,
      reason,
      conversationId,
      activityId,
      sentBy: outcome.sentBy ?? entry.claimedBy,
      finishedAt: this.deps.clock.now().toISOString(),
      ...(fellBack ? { fellBackToEmail: true } : {}),
    };
    const recorded = this.record(work, record);
    this.recording.set(entry.id, recorded);
    try {
      await recorded;
    } finally {
      this.recording.delete(entry.id);
    }
    await work.settle();
    // Gone by e-mail instead: the sender hears of it only if the e-mail fails too.
    if (state !== 'sent' && !fellBack && notice && this.deps.onGivenUp) await this.deps.onGivenUp(notice, record);
    return { kind: 'ended' };
  }

  /**
   * Writes the record and deletes the entry, again and again (backoff capped at 2 s) until it
   * lands, while the queue's heartbeat keeps renewing the entry's lease: this run owns the entry
   * meanwhile. After a first failure of a send Teams accepted, Teams' answer is also written on
   * the entry (`accepted`, carried by every lease renewal until one lands), so that an instance
   * that claims it once its lease ran out (a freeze longer than the lease, or this process gone)
   * records it instead of sending it again.
   *
   * What still can duplicate: a process killed (SIGKILL) after Teams accepted a send and before
   * its record or its `accepted` mark reached the database; the next claimer sends that one
   * again. Those are runs under way at the kill (`sending`, which counts the runs still writing
   * their record), so duplicates stay ≤ the sends in flight at the kill. The same holds for a
   * stop that gives up on a database still down (after one lease of trying).
   */
  private async record(work: Work<OutboxEntry, Claimed>, record: DeliveryRecord): Promise<void> {
    const entry = work.item;
    let stoppingSince: number | null = null;
    for (let failures = 0; ; failures++) {
      try {
        await this.deps.outbox.complete(entry, record);
        if (failures > 0) this.deps.log.info('delivery record written after retries', { id: entry.id, failures });
        return;
      } catch (e) {
        const now = this.deps.clock.now().getTime();
        if (failures === 0) {
          this.deps.log.error('delivery record not written: outcome kept, retrying', {
            id: entry.id,
            state: record.state,
            error: String(e),
          });
          if (record.state === 'sent') {
            const accepted: AcceptedSend = {
              status: record.lastStatus ?? 200,
              activityId: record.activityId,
              conversationId: record.conversationId,
              sentBy: record.sentBy,
              at: record.finishedAt,
            };
            void work.amend((current) => ({ ...current, accepted }));
          }
        }
        if (this.queue.stopping) {
          stoppingSince ??= now;
          if (now - stoppingSince > this.options.leaseMs) throw e;
        }
        const cap = Math.min(RECORD_RETRY_MAX_MS, RECORD_RETRY_MS * 2 ** failures);
        await new Promise((r) => setTimeout(r, cap / 2 + ((this.deps.random ?? Math.random)() * cap) / 2));
      }
    }
  }

  /**
   * A card update landed. If a newer content arrived meanwhile (the etag moved), it goes out
   * one second after this one; else the entry is done and its time kept for the next update.
   */
  private async finishUpdate(
    work: Work<OutboxEntry, Claimed>,
    now: number,
    activityId: string,
  ): Promise<Ending<OutboxEntry>> {
    const entry = work.item;
    const record: DeliveryRecord = {
      id: entry.id,
      noticeId: entry.noticeId,
      recipient: entry.recipient,
      state: 'sent',
      attempts: entry.attempts,
      lastStatus: 200,
      reason: null,
      conversationId: null,
      activityId,
      sentBy: entry.claimedBy,
      finishedAt: new Date(now).toISOString(),
    };
    // The record first: the next update of this card waits a second after `finishedAt`.
    const claimed = await work.settle();
    await this.deps.outbox.writeRecord(record);
    if (!(await this.deps.outbox.remove(claimed))) {
      await this.deps.outbox.upsertUpdate(entry, (current) =>
        outboxLease.write(current, requeue(outboxLease.read(current), now + 1_000), now),
      );
    }
    return { kind: 'ended' };
  }
}
