import { Clock } from './ports';
import { Ending, LeaseFields, WorkQueue, afterFailure } from './work-queue';

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
  /** The same scan, with when the first job waiting for later falls due (the queue's idle sleep). */
  scan?(now: number, limit: number): Promise<{ due: ClaimedJob[]; nextAt: number | null }>;
  replace(claimed: ClaimedJob, next: Job): Promise<ClaimedJob | null>;
  remove(claimed: ClaimedJob): Promise<boolean>;
  delete(id: string): Promise<void>;
}

export type JobHandler = (payload: Record<string, unknown>, job: Job) => Promise<void>;

const MAX_JOB_ATTEMPTS = 5;

/** How a job's fields hold its lease: `pending`/`running`, due at `dueAt`. */
export const jobLease: LeaseFields<Job> = {
  read: (job) => ({
    state: job.state === 'running' ? 'held' : 'waiting',
    dueAt: job.dueAt,
    attempts: job.attempts,
    claimedBy: job.claimedBy,
    leaseUntil: job.leaseUntil,
  }),
  write: (job, lease) => ({
    ...job,
    state: lease.state === 'held' ? 'running' : 'pending',
    dueAt: lease.dueAt,
    attempts: lease.attempts,
    claimedBy: lease.claimedBy,
    leaseUntil: lease.leaseUntil,
  }),
};

/**
 * Durable timers for the flows (reminders, closing ballots, escalations), on the leased work
 * queue (`work-queue.ts`): a job is claimed with its etag, so one instance runs it; a runner
 * that dies leaves a lease that expires and another instance runs it again: handlers must be
 * idempotent (they enqueue notices with fixed ids, which are). Late jobs run at the first tick
 * after start. Jobs run one at a time; a failed one is retried with backoff, then kept aside.
 */
export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly queue: WorkQueue<Job, ClaimedJob>;

  constructor(
    private readonly store: JobStore,
    clock: Clock,
    private readonly log: { error(msg: string, f?: Record<string, unknown>): void },
    private readonly options: {
      instanceId: string;
      leaseMs?: number;
      pollMs?: number;
      /** An idle scheduler scans less and less often, up to this (and wakes for the next job due). */
      idleMaxMs?: number;
      random?: () => number;
    },
  ) {
    this.queue = new WorkQueue<Job, ClaimedJob>(
      {
        name: 'scheduler',
        store,
        itemOf: (c) => c.job,
        idOf: (job) => job.id,
        lease: jobLease,
        clock,
        log,
        random: options.random,
      },
      {
        owner: options.instanceId,
        leaseMs: options.leaseMs ?? 60_000,
        pollMs: options.pollMs ?? 1_000,
        idleMaxMs: options.idleMaxMs,
        batch: 50,
        concurrency: 1,
        waitForRuns: true,
      },
      { run: (work) => this.run(work.item) },
    );
  }

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  async schedule(input: {
    id: string;
    type: string;
    dueAt: Date;
    payload?: Record<string, unknown>;
  }): Promise<boolean> {
    if (!this.handlers.has(input.type)) throw new Error(`no handler for job type ${input.type}`);
    const created = await this.store.create({
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
    // An idle queue may sleep for a while: it looks again now, and its scan sees this one coming.
    if (created) this.queue.wake();
    return created;
  }

  cancel(id: string): Promise<void> {
    return this.store.delete(id);
  }

  start(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  /** Runs every job due now, one after another; returns how many ran to completion. */
  async tick(): Promise<number> {
    return (await this.queue.tick()).done;
  }

  private async run(job: Job): Promise<Ending<Job>> {
    const handler = this.handlers.get(job.type);
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler(job.payload, job);
      return { kind: 'done' };
    } catch (e) {
      this.log.error('job failed', { id: job.id, type: job.type, attempt: job.attempts, error: String(e) });
      // Given up: kept, not retried, so that a person can see it in the logs and the store.
      return afterFailure(
        job.attempts,
        { maxAttempts: MAX_JOB_ATTEMPTS, random: this.options.random ?? Math.random },
        (j) => ({ ...j, lastError: String(e) }),
      );
    }
  }
}
