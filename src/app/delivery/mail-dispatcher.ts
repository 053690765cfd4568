import { MAIL_REASONS, classifyMail } from '../../domain/delivery/mail-outcome';
import { SlidingWindowLimiter, Window } from '../../domain/delivery/rate-limiter';
import { Clock } from '../ports';
import { Ending, Work, WorkQueue } from '../work-queue';
import { sendLease } from './dispatcher';
import { composeMail, MailComposition, mailAttachments } from './compose-mail';
import { messageIdOf } from './mail-entries';
import { LimitsShare } from './limits-share';
import { MailAttachment, MailResult, MailTransport } from './mail-ports';
import { ClaimedMail, DeliveryRecord, MailEntry, NoticeHeader, OutboxStore } from './ports';

export interface MailDispatcherDeps {
  outbox: OutboxStore;
  transport: MailTransport;
  composition: MailComposition;
  clock: Clock;
  log: { info(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void };
  random?: () => number;
  /** Told once an e-mail is given up on (refused, or too many failures), to tell the sender. */
  onGivenUp?: (notice: NoticeHeader, record: DeliveryRecord) => Promise<void>;
}

export interface MailDispatcherOptions {
  instanceId: string;
  /** The sending mailbox's limits (Exchange Online: 30 a minute, 10,000 a day). */
  limits: Window[];
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  idleMaxMs: number;
  batch: number;
  heartbeatMs: number;
}

export const DEFAULT_MAIL_OPTIONS: Omit<MailDispatcherOptions, 'instanceId' | 'limits'> = {
  concurrency: 4,
  leaseMs: 60_000,
  pollMs: 500,
  idleMaxMs: 10_000,
  batch: 100,
  heartbeatMs: 1_000,
};

/** A record that could not be written is tried again after this, doubling up to the cap. */
const RECORD_RETRY_MS = 200;
const RECORD_RETRY_MAX_MS = 5_000;
/** An entry waiting for the mailbox's limits is claimed this much before its slot. */
const LOOKAHEAD_MS = 1_000;

const mailLease = sendLease<MailEntry>();

/**
 * Sends the outbox's e-mails (the second channel beside Teams) through one transport, keeping
 * to the sending mailbox's limits — split between the live bot instances as Teams' are. The
 * claims, leases and retries are the leased work queue's; a record per (notice, recipient,
 * channel) says it went, so it goes once.
 */
export class MailDispatcher {
  private readonly limiter: SlidingWindowLimiter;
  private readonly options: MailDispatcherOptions;
  private readonly queue: WorkQueue<MailEntry, ClaimedMail>;
  private readonly limitsShare: LimitsShare;
  private limiterShare = 1;
  private readonly notices = new Map<string, NoticeHeader | null>();
  /** A notice's attached documents, read once for all its recipients (a convocation's PDF to 500 members). */
  private readonly attached = new Map<string, MailAttachment[]>();

  constructor(
    private readonly deps: MailDispatcherDeps,
    options: Partial<MailDispatcherOptions> & Pick<MailDispatcherOptions, 'instanceId' | 'limits'>,
  ) {
    this.options = { ...DEFAULT_MAIL_OPTIONS, ...options };
    this.limiter = new SlidingWindowLimiter(this.options.limits);
    const { instanceId, leaseMs, batch, concurrency, pollMs, idleMaxMs } = this.options;
    this.limitsShare = new LimitsShare((now, share) => deps.outbox.heartbeat(instanceId, now, share, 'mail'), {
      heartbeatMs: this.options.heartbeatMs,
      used: (now) => this.limiter.used(now),
    });
    this.queue = new WorkQueue<MailEntry, ClaimedMail>(
      {
        name: 'mail',
        store: {
          due: async (now, limit) => (await deps.outbox.scanMail(now, limit)).due,
          scan: (now, limit) => deps.outbox.scanMail(now, limit),
          replace: (held, next) => deps.outbox.replaceMail(held, next),
          remove: (held) => deps.outbox.removeMail(held),
        },
        itemOf: (c) => c.entry,
        idOf: (e) => e.id,
        lease: mailLease,
        clock: deps.clock,
        log: deps.log,
        random: deps.random,
      },
      { owner: instanceId, leaseMs, batch, concurrency, pollMs, idleMaxMs },
      {
        beforePass: (now) => this.shareLimits(now),
        defer: (_entry, now) => {
          const at = this.limiter.nextSlot(this.deps.transport.mailbox, now);
          return at > now + LOOKAHEAD_MS ? at - now - LOOKAHEAD_MS : 0;
        },
        run: (work) => this.deliver(work),
      },
    );
  }

  start(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.limitsShare
      .leave(this.deps.clock.now().getTime(), () => this.deps.outbox.leave(this.options.instanceId, 'mail'))
      .catch((e) => this.deps.log.error('mail heartbeat not removed', { error: String(e) }));
  }

  wake(): void {
    this.queue.wake();
  }

  /** Sends in flight now. */
  get sending(): number {
    return this.queue.running;
  }

  /** Runs passes until nothing is queued (tests and scripts, not with start()). */
  drain(maxMs = 30_000): Promise<void> {
    return this.queue.drain(maxMs);
  }

  private async shareLimits(now: number): Promise<void> {
    if (!this.queue.active) {
      await this.limitsShare.leave(now, () => this.deps.outbox.leave(this.options.instanceId, 'mail'));
      return;
    }
    const share = await this.limitsShare.update(now);
    const { windows } = this.limitsShare.limits;
    if (share > 0 && windows !== this.limiterShare) {
      this.limiter.share(1 / windows);
      this.limiterShare = windows;
    }
  }

  private async notice(noticeId: string): Promise<NoticeHeader | null> {
    if (!this.notices.has(noticeId)) {
      if (this.notices.size > 200) this.notices.clear();
      this.notices.set(noticeId, await this.deps.outbox.getNotice(noticeId));
    }
    return this.notices.get(noticeId)!;
  }

  private async attachmentsOf(notice: NoticeHeader): Promise<MailAttachment[]> {
    let found = this.attached.get(notice.noticeId);
    if (!found) {
      if (this.attached.size > 20) this.attached.clear();
      found = await mailAttachments(this.deps.composition, notice);
      this.attached.set(notice.noticeId, found);
    }
    return found;
  }

  /** Waits for a slot in the mailbox's limits (null: stopping). */
  private async takeSlot(): Promise<number | null> {
    const mailbox = this.deps.transport.mailbox;
    for (;;) {
      let now = this.deps.clock.now().getTime();
      if (!this.limitsShare.declared) {
        await this.shareLimits(now).catch(() => undefined);
        now = this.deps.clock.now().getTime();
      } else if (this.limitsShare.due(now)) void this.shareLimits(now).catch(() => undefined);
      const at = Math.max(this.limitsShare.share > 0 ? now : now + 100, this.limiter.nextSlot(mailbox, now));
      if (at <= now) {
        this.limiter.tryAcquire(mailbox, now);
        return now;
      }
      if (this.queue.stopping) return null;
      await new Promise((r) => setTimeout(r, Math.min(at - now, 1_000)));
    }
  }

  private async deliver(work: Work<MailEntry, ClaimedMail>): Promise<Ending<MailEntry>> {
    const entry = work.item;
    if (entry.accepted) return this.finish(work, null, { state: 'sent', status: 250, text: entry.accepted.response });
    if (await this.deps.outbox.record(entry.noticeId, entry.id)) return { kind: 'done' };
    const notice = await this.notice(entry.noticeId);
    const mail = notice ? composeMail(this.deps.composition, notice, entry, await this.attachmentsOf(notice)) : null;
    if (!mail) return this.finish(work, notice, { state: 'failed', status: null, text: MAIL_REASONS.noContent });

    const slot = await this.takeSlot();
    if (slot === null) return { kind: 'release' };
    let result: MailResult;
    try {
      result = await this.deps.transport.send(mail);
    } catch (e) {
      result = { kind: 'temporary', code: null, reason: String(e), retryAfterMs: null };
    }
    // A message the relay refused for now was not sent: it does not count against the mailbox.
    // Else it counts from the relay's answer (the relay received it before): no delay on the
    // way can make two messages look further apart here than they were there.
    const mailbox = this.deps.transport.mailbox;
    if (result.kind === 'temporary') this.limiter.release(mailbox, slot);
    else this.limiter.restamp(mailbox, slot, this.deps.clock.now().getTime());
    if (result.kind === 'accepted')
      return this.finish(work, notice, { state: 'sent', status: 250, text: result.response });
    const outcome = classifyMail(result, entry.attempts, this.deps.random ?? Math.random);
    const status = result.code;
    if (outcome.kind !== 'retry') return this.finish(work, notice, { state: 'failed', status, text: result.reason });
    return {
      kind: 'retry',
      delayMs: outcome.delayMs,
      note: (e) => ({ ...e, lastStatus: status, lastReason: outcome.reason }),
    };
  }

  /** The record is written (again and again until it lands), then the entry deleted. */
  private async finish(
    work: Work<MailEntry, ClaimedMail>,
    notice: NoticeHeader | null,
    outcome: { state: 'sent' | 'failed'; status: number | null; text: string },
  ): Promise<Ending<MailEntry>> {
    const entry = work.item;
    const { state, status, text } = outcome;
    const record: DeliveryRecord = {
      id: entry.id,
      noticeId: entry.noticeId,
      recipient: entry.recipient,
      state,
      attempts: entry.attempts,
      lastStatus: status,
      reason: state === 'sent' ? null : text,
      conversationId: null,
      activityId: null,
      sentBy: entry.accepted?.sentBy ?? entry.claimedBy,
      finishedAt: entry.accepted?.at ?? this.deps.clock.now().toISOString(),
      channel: 'email',
      address: entry.address,
      messageId: messageIdOf(entry.id, this.deps.composition.from.address),
      relayResponse: state === 'sent' ? text : null,
    };
    for (let failures = 0; ; failures++) {
      try {
        await this.deps.outbox.completeMail(entry, record);
        break;
      } catch (e) {
        if (failures === 0) {
          this.deps.log.error('mail record not written: outcome kept, retrying', { id: entry.id, error: String(e) });
          if (state === 'sent') {
            const accepted = { response: text, at: record.finishedAt, sentBy: record.sentBy };
            void work.amend((current) => ({ ...current, accepted }));
          }
        }
        if (this.queue.stopping && failures > 20) throw e;
        const cap = Math.min(RECORD_RETRY_MAX_MS, RECORD_RETRY_MS * 2 ** failures);
        await new Promise((r) => setTimeout(r, cap / 2 + ((this.deps.random ?? Math.random)() * cap) / 2));
      }
    }
    await work.settle();
    if (state !== 'sent' && notice && this.deps.onGivenUp) await this.deps.onGivenUp(notice, record);
    return { kind: 'ended' };
  }
}
