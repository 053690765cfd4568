import { rateKeyOf } from '../../domain/delivery/delivery';
import { SlidingWindowLimiter, TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_WINDOWS, tenantPacer } from '../../domain/delivery/rate-limiter';
import { REASONS, classify, parseRetryAfter } from '../../domain/delivery/send-outcome';
import { Clock, ConversationRepository } from '../ports';
import { Claimed, DeliveryRecord, MessageSender, NoticeHeader, OutboxEntry, OutboxStore, SendResult } from './ports';

export interface DispatcherDeps {
  outbox: OutboxStore;
  sender: MessageSender;
  conversations: ConversationRepository;
  clock: Clock;
  log: { info(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void };
  random?: () => number;
  /** Told once a recipient is given up on (403, 413, too many failures), to tell the sender. */
  onGivenUp?: (notice: NoticeHeader, record: DeliveryRecord) => Promise<void>;
}

export interface DispatcherOptions {
  instanceId: string;
  /** Sends under way at once in this instance. */
  concurrency: number;
  /** A claimed entry whose sender has not answered by then is claimed again (it died). */
  leaseMs: number;
  pollMs: number;
  batch: number;
  heartbeatMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: Omit<DispatcherOptions, 'instanceId'> = {
  concurrency: 32,
  leaseMs: 30_000,
  pollMs: 250,
  batch: 400,
  heartbeatMs: 5_000,
};

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A cached scan is trusted this long: retries that fall due meanwhile wait at most this. */
const RESCAN_MS = 5_000;
const LOOKAHEAD_MS = 2_000;

type Resolved = { reference: unknown } | { result: SendResult; unreachable?: string };

/**
 * Sends what the outbox holds, as fast as Teams allows: claims each entry with its etag (so
 * that one instance sends it), keeps to Teams' per-conversation and per-tenant limits (shared
 * between live instances), retries what Teams asks to retry, and records the final state.
 */
export class Dispatcher {
  private readonly conversationLimiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
  private readonly tenantLimiter = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
  private readonly tenantPacer = tenantPacer();
  private readonly notices = new Map<string, NoticeHeader | null>();
  private readonly options: DispatcherOptions;
  private inFlight = new Set<Promise<void>>();
  private running = false;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private lastHeartbeat = -Infinity;
  private candidates: Claimed[] = [];
  private scannedAt = -Infinity;
  /** Sends in flight right now (benchmarks print it at a kill). */
  get sending(): number {
    return this.inFlight.size;
  }

  constructor(
    private readonly deps: DispatcherDeps,
    options: Partial<DispatcherOptions> & { instanceId: string },
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming; waits for the sends under way to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** New work was enqueued in this process: look now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.options.pollMs;
      try {
        delay = await this.tick();
      } catch (e) {
        this.deps.log.error('delivery tick failed', { error: String(e) });
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, delay));
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** One pass: claims and starts what may go now. Returns how long to wait before the next. */
  async tick(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    if (now - this.lastHeartbeat >= this.options.heartbeatMs) {
      const live = await this.deps.outbox.heartbeat(this.options.instanceId, now);
      this.conversationLimiter.share(live);
      this.tenantLimiter.share(live);
      this.tenantPacer.share(live);
      this.lastHeartbeat = now;
    }
    if (this.inFlight.size >= this.options.concurrency) return this.options.pollMs;
    let wait = this.options.pollMs;
    // One due-scan feeds several ticks: scans cost most on a large outbox, claims are cheap and
    // a stale candidate only fails its conditional claim.
    if (this.candidates.length === 0 || now - this.scannedAt > RESCAN_MS) {
      // Shuffled: instances that scanned the same entries then try them in different orders,
      // instead of all racing for the first ones (all of them due now, order matters little).
      this.candidates = shuffle(await this.deps.outbox.due(now, this.options.batch), this.deps.random ?? Math.random);
      this.scannedAt = now;
    }
    while (this.candidates.length > 0) {
      if (!this.running && this.loop) break;
      if (this.inFlight.size >= this.options.concurrency) break;
      const candidate = this.candidates.shift()!;
      const { recipient } = candidate.entry;
      const t = this.deps.clock.now().getTime();
      const at = Math.max(this.conversationLimiter.nextSlot(rateKeyOf(recipient), t), this.tenantLimiter.nextSlot(recipient.tenantId, t));
      // Claimed a little ahead of its slot, so that it is ready to go the moment the slot frees
      // (takeSlot waits for it); further ahead it stays for a later scan.
      if (at > t + LOOKAHEAD_MS) {
        wait = Math.min(wait, at - t - LOOKAHEAD_MS);
        continue;
      }
      const claimed = await this.deps.outbox.replace(candidate, {
        ...candidate.entry,
        state: 'sending',
        claimedBy: this.options.instanceId,
        leaseUntil: t + this.options.leaseMs,
        attempts: candidate.entry.attempts + 1,
        updatedAt: new Date(t).toISOString(),
      });
      if (!claimed) continue;
      const sending: Promise<void> = this.deliver(claimed)
        .catch((e) => this.deps.log.error('delivery failed', { id: claimed.entry.id, error: String(e) }))
        .finally(() => {
          this.inFlight.delete(sending);
          this.wake();
        });
      this.inFlight.add(sending);
    }
    return wait;
  }

  /** Runs ticks until nothing is queued, for tests and scripts (not with start()). */
  async drain(maxMs = 30_000): Promise<void> {
    this.running = true;
    const deadline = Date.now() + maxMs;
    try {
      for (;;) {
        const wait = await this.tick();
        if (this.inFlight.size === 0 && (await this.deps.outbox.due(Number.MAX_SAFE_INTEGER, 1)).length === 0) return;
        if (Date.now() > deadline) throw new Error('drain: outbox not empty in time');
        await Promise.race([Promise.race([...this.inFlight]), new Promise((r) => setTimeout(r, Math.min(wait, 50)))]);
      }
    } finally {
      this.running = false;
    }
  }

  private async notice(noticeId: string): Promise<NoticeHeader | null> {
    if (!this.notices.has(noticeId)) {
      if (this.notices.size > 500) this.notices.clear();
      this.notices.set(noticeId, await this.deps.outbox.getNotice(noticeId));
    }
    return this.notices.get(noticeId)!;
  }

  private async deliver(claimed: Claimed): Promise<void> {
    const { entry } = claimed;
    // A record means this message already went out (a re-enqueue raced a completion).
    if (entry.kind === 'post' && (await this.deps.outbox.record(entry.noticeId, entry.id))) {
      await this.deps.outbox.remove(claimed);
      return;
    }
    const notice = await this.notice(entry.noticeId);
    const payload = entry.payload ?? notice?.payload;
    if (!payload) return this.finish(claimed, notice, 'failed', 'Contenu du message introuvable.', null);

    const resolved = await this.resolve(entry, notice);
    let result: SendResult;
    let conversationId: string | null = null;
    if ('reference' in resolved) {
      conversationId = this.deps.sender.conversationIdOf(resolved.reference);
      const giveBack = await this.takeSlot(entry);
      if (!giveBack) {
        // Stopping: leave it for whoever runs next, at once rather than after the lease.
        await this.deps.outbox.replace(claimed, { ...entry, state: 'queued', leaseUntil: null, claimedBy: null, attempts: Math.max(0, entry.attempts - 1) });
        return;
      }
      try {
        result =
          entry.kind === 'post'
            ? await this.deps.sender.send(resolved.reference, payload)
            : await this.deps.sender.update(resolved.reference, entry.activityId ?? '', payload);
      } catch {
        result = { status: 0, retryAfter: null, activityId: null };
      }
      // Limits count what Teams accepted; a refused call (429, 5xx, network) posted nothing.
      if (result.status === 429 || result.status === 0 || result.status >= 500) giveBack();
    } else if (resolved.unreachable) {
      return this.finish(claimed, notice, 'unreachable', resolved.unreachable, resolved.result.status);
    } else {
      result = resolved.result;
    }

    const now = this.deps.clock.now().getTime();
    const outcome = classify(result.status, entry.attempts, parseRetryAfter(result.retryAfter, now), this.deps.random ?? Math.random);
    if (outcome.kind === 'sent') {
      if (entry.kind === 'update') return this.finishUpdate(claimed, now);
      return this.finish(claimed, notice, 'sent', null, result.status, conversationId, result.activityId);
    }
    if (outcome.kind === 'final') return this.finish(claimed, notice, outcome.state, outcome.reason, result.status, conversationId);
    if (result.status === 429) this.conversationLimiter.blockUntil(rateKeyOf(entry.recipient), now + outcome.delayMs, now);
    await this.deps.outbox.replace(claimed, {
      ...entry,
      state: 'queued',
      notBefore: now + outcome.delayMs,
      leaseUntil: null,
      claimedBy: null,
      lastStatus: result.status,
      lastReason: outcome.reason,
      updatedAt: new Date(now).toISOString(),
    });
  }

  /**
   * Waits for, then takes, a slot in both limits right before the call, so that what Teams
   * receives keeps to the windows (a slot taken earlier, at the claim, would drift).
   */
  private async takeSlot(entry: OutboxEntry): Promise<(() => void) | null> {
    const conversation = rateKeyOf(entry.recipient);
    const tenant = entry.recipient.tenantId;
    for (;;) {
      const now = this.deps.clock.now().getTime();
      const at = Math.max(
        this.conversationLimiter.nextSlot(conversation, now),
        this.tenantLimiter.nextSlot(tenant, now),
        this.tenantPacer.nextSlot(tenant, now),
      );
      if (at <= now) {
        this.conversationLimiter.tryAcquire(conversation, now);
        this.tenantLimiter.tryAcquire(tenant, now);
        this.tenantPacer.take(tenant, now);
        return () => {
          this.conversationLimiter.release(conversation, now);
          this.tenantLimiter.release(tenant, now);
        };
      }
      if (this.stopping) return null;
      // Looked at again at least every second: limits move, and a stop must not wait.
      await new Promise((r) => setTimeout(r, Math.min(at - now, 1_000)));
    }
  }

  /** The conversation to post in; a person without one gets a 1:1 chat opened if Teams allows. */
  private async resolve(entry: OutboxEntry, notice: NoticeHeader | null): Promise<Resolved> {
    const r = entry.recipient;
    const none = (reason: string): Resolved => ({ result: { status: 404, retryAfter: null, activityId: null }, unreachable: reason });
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

  private async finish(
    claimed: Claimed,
    notice: NoticeHeader | null,
    state: DeliveryRecord['state'],
    reason: string | null,
    status: number | null,
    conversationId: string | null = null,
    activityId: string | null = null,
  ): Promise<void> {
    const { entry } = claimed;
    const record: DeliveryRecord = {
      id: entry.id,
      noticeId: entry.noticeId,
      recipient: entry.recipient,
      state,
      attempts: entry.attempts,
      lastStatus: status,
      reason,
      conversationId,
      activityId,
      sentBy: entry.claimedBy,
      finishedAt: this.deps.clock.now().toISOString(),
    };
    await this.deps.outbox.complete(entry, record);
    if (state !== 'sent' && notice && this.deps.onGivenUp) await this.deps.onGivenUp(notice, record);
  }

  /**
   * A card update landed. If a newer content arrived meanwhile (the etag moved), it goes out
   * one second after this one; else the entry is done and its time kept for the next update.
   */
  private async finishUpdate(claimed: Claimed, now: number): Promise<void> {
    const { entry } = claimed;
    const record: DeliveryRecord = {
      id: entry.id,
      noticeId: entry.noticeId,
      recipient: entry.recipient,
      state: 'sent',
      attempts: entry.attempts,
      lastStatus: 200,
      reason: null,
      conversationId: null,
      activityId: entry.activityId,
      sentBy: entry.claimedBy,
      finishedAt: new Date(now).toISOString(),
    };
    // The record first: the next update of this card waits a second after `finishedAt`.
    await this.deps.outbox.writeRecord(record);
    if (await this.deps.outbox.remove(claimed)) return;
    await this.deps.outbox.upsertUpdate(entry, (current) => ({
      ...current,
      state: 'queued',
      notBefore: now + 1_000,
      leaseUntil: null,
      claimedBy: null,
      attempts: 0,
      updatedAt: new Date(now).toISOString(),
    }));
  }
}
