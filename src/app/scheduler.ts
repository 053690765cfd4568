import { Clock } from './ports';
import { backoff } from '../domain/delivery/send-outcome';

/** A durable timer: due at `dueAt`, run once by one instance, then deleted. */
export interface Job {
  id: string;
  type: string;
  dueAt: number;
  payload: Record<string, unknown>;
  state: 'pending' | 'running';
  attempts: number;
  leaseUntil: number | null;
  claimedBy: string | null;
  lastError: string | null;
}

export interface ClaimedJob {
  job: Job;
  etag: string;
}

export interface JobStore {
  /** Idempotent: a job id already scheduled is left as it is. */
  create(job: Job): Promise<boolean>;
  get(id: string): Promise<Job | null>;
  /** Pending jobs due now, and running ones whose lease expired (their runner died). */
  due(now: number, limit: number): Promise<ClaimedJob[]>;
  replace(claimed: ClaimedJob, next: Job): Promise<ClaimedJob | null>;
  remove(claimed: ClaimedJob): Promise<boolean>;
  delete(id: string): Promise<void>;
}

export type JobHandler = (payload: Record<string, unknown>, job: Job) => Promise<void>;

const MAX_JOB_ATTEMPTS = 5;

/**
 * Durable timers for the flows (reminders, closing ballots, escalations). A job is claimed
 * with its etag, so one instance runs it; a runner that dies leaves a lease that expires and
 * another instance runs it again: handlers must be idempotent (they enqueue notices with fixed
 * ids, which are). Late jobs run at the first tick after start.
 */
export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly store: JobStore,
    private readonly clock: Clock,
    private readonly log: { error(msg: string, f?: Record<string, unknown>): void },
    private readonly options: { instanceId: string; leaseMs?: number; pollMs?: number; random?: () => number },
  ) {}

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  async schedule(input: { id: string; type: string; dueAt: Date; payload?: Record<string, unknown> }): Promise<boolean> {
    if (!this.handlers.has(input.type)) throw new Error(`no handler for job type ${input.type}`);
    return this.store.create({
      id: input.id,
      type: input.type,
      dueAt: input.dueAt.getTime(),
      payload: input.payload ?? {},
      state: 'pending',
      attempts: 0,
      leaseUntil: null,
      claimedBy: null,
      lastError: null,
    });
  }

  cancel(id: string): Promise<void> {
    return this.store.delete(id);
  }

  start(): void {
    const loop = () => {
      this.ticking = this.tick()
        .then(() => undefined)
        .catch((e) => this.log.error('scheduler tick failed', { error: String(e) }))
        .finally(() => {
          if (this.timer !== null) this.timer = setTimeout(loop, this.options.pollMs ?? 1_000);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Runs every job due now; returns how many ran to completion. */
  async tick(): Promise<number> {
    const now = this.clock.now().getTime();
    let done = 0;
    for (const candidate of await this.store.due(now, 50)) {
      const claimed = await this.store.replace(candidate, {
        ...candidate.job,
        state: 'running',
        attempts: candidate.job.attempts + 1,
        claimedBy: this.options.instanceId,
        leaseUntil: now + (this.options.leaseMs ?? 60_000),
      });
      if (!claimed) continue;
      const handler = this.handlers.get(claimed.job.type);
      try {
        if (!handler) throw new Error(`no handler for job type ${claimed.job.type}`);
        await handler(claimed.job.payload, claimed.job);
        await this.store.remove(claimed);
        done++;
      } catch (e) {
        await this.retryLater(claimed, e, now);
      }
    }
    return done;
  }

  private async retryLater(claimed: ClaimedJob, e: unknown, now: number) {
    const { job } = claimed;
    this.log.error('job failed', { id: job.id, type: job.type, attempt: job.attempts, error: String(e) });
    if (job.attempts >= MAX_JOB_ATTEMPTS) {
      // Kept, not retried: a person can see it in the logs and the store.
      await this.store.replace(claimed, { ...job, state: 'pending', dueAt: Number.MAX_SAFE_INTEGER, lastError: String(e), leaseUntil: null, claimedBy: null });
      return;
    }
    const delay = backoff(job.attempts, this.options.random ?? Math.random);
    await this.store.replace(claimed, { ...job, state: 'pending', dueAt: now + delay, lastError: String(e), leaseUntil: null, claimedBy: null });
  }
}
