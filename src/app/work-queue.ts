import {
  Lease,
  RetryPolicy,
  claim,
  giveUp,
  idleSleep,
  nextDelay,
  release,
  renew,
  retryLater,
} from '../domain/work/lease';
import { Clock } from './ports';

/**
 * The store side of a leased work queue (the outbox, the jobs). `H` is the store's handle on
 * one stored item: the item and the etag it was read with.
 */
export interface WorkStore<T, H> {
  /** Items claimable now (as `isClaimable` says: waiting and due, or held past their lease), due first. */
  due(now: number, limit: number): Promise<H[]>;
  /** Replaces under the handle's etag; null when another instance changed it first. */
  replace(held: H, next: T): Promise<H | null>;
  /** Deletes under the handle's etag; false when it changed meanwhile. */
  remove(held: H): Promise<boolean>;
  /**
   * The same scan as `due`, also saying when the first item waiting for later falls due (null:
   * none), so that an idle queue sleeps until then instead of scanning again and again.
   */
  scan?(now: number, limit: number): Promise<{ due: H[]; nextAt: number | null }>;
}

/** Where an item's stored fields keep its lease (an outbox entry's `notBefore`, a job's `dueAt`…). */
export interface LeaseFields<T> {
  read(item: T): Lease;
  /** The item with that lease; `now` for its own bookkeeping (an `updatedAt`). */
  write(item: T, lease: Lease, now: number): T;
}

/** How a run ended; the queue writes it under the latest etag of the claim. */
export type Ending<T> =
  /** Finished: the item is deleted. */
  | { kind: 'done' }
  /** Failed: due again after `delayMs`, the attempt counted; `note` records why on the item. */
  | { kind: 'retry'; delayMs: number; note?: (item: T) => T }
  /** Failed too often: kept, never due again. */
  | { kind: 'give-up'; note?: (item: T) => T }
  /** Not tried (this instance stops): claimable again at once, the attempt not counted. */
  | { kind: 'release' }
  /** The handler wrote the end itself (after `settle()`). */
  | { kind: 'ended' };

/** A claimed item, while its run lasts. */
export interface Work<T, H> {
  /** The item as claimed (this attempt counted). */
  readonly item: T;
  /** Stops renewing the lease and gives the claim under its latest etag, for an end the handler writes itself. */
  settle(): Promise<H>;
  /**
   * Writes `change` into the stored item now, with a lease renewal, under the latest etag (after
   * any renewal under way); until one such write lands, every later renewal carries it too. True
   * once written; false if this write failed or the claim is no longer this run's.
   */
  amend(change: (item: T) => T): Promise<boolean>;
}

export interface WorkHandler<T, H> {
  run(work: Work<T, H>): Promise<Ending<T>>;
  /** At the start of each pass, before anything is claimed. */
  beforePass?(now: number): Promise<void>;
  /** Right before a claim: 0 to claim it now, else how long it should wait (it is left for a later scan). */
  defer?(item: T, now: number): number;
  /**
   * Items of one group run in rank order within a pass (a person's messages in the order they
   * were queued), whatever the shuffle does across groups.
   */
  orderOf?(item: T): { group: string; rank: string };
}

export interface WorkQueueOptions {
  /** This instance, written in the claims it makes. */
  owner: string;
  /** A claimed item whose runner has not renewed it by then is claimable again (it died). */
  leaseMs: number;
  /** How often a running item's lease is renewed; a third of the lease unless told. */
  renewMs?: number;
  /** How long a run may keep renewing its lease (default: MAX_HOLD_LEASES leases). */
  maxHoldMs?: number;
  /** Items one scan returns at most. */
  batch: number;
  /** Runs under way at once in this instance. */
  concurrency: number;
  pollMs: number;
  /**
   * An idle queue (a scan found nothing, nothing running) waits twice as long at each idle pass,
   * from `pollMs` up to this, or until the next item falls due; `wake()` looks again at once.
   * Unset: every `pollMs`.
   */
  idleMaxMs?: number;
  /** One scan feeds the passes of this long (scans cost, claims are cheap); unset: a scan per pass. */
  rescanMs?: number;
  /** Candidates in random order, so that instances that scanned the same items try them in different orders. */
  shuffle?: boolean;
  /** A pass returns once its runs ended (and says how many were done). */
  waitForRuns?: boolean;
}

export interface WorkQueueDeps<T, H> {
  /** Names the queue in log lines (`<name> tick failed`, `<name> failed`). */
  name: string;
  store: WorkStore<T, H>;
  itemOf(held: H): T;
  idOf(item: T): string;
  lease: LeaseFields<T>;
  clock: Clock;
  log: { info?(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void };
  random?: () => number;
}

/** The usual end of a failed attempt: retried after a backoff, given up after `policy.maxAttempts`. */
export function afterFailure<T>(attempts: number, policy: RetryPolicy, note?: (item: T) => T): Ending<T> {
  const delayMs = nextDelay(attempts, policy);
  return delayMs === null ? { kind: 'give-up', note } : { kind: 'retry', delayMs, note };
}

type Ended = Ending<unknown>['kind'] | 'failed';

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The same slots for each group, its items put back into them in rank order. */
export function inGroupOrder<T>(items: T[], orderOf: (item: T) => { group: string; rank: string }): T[] {
  const slots = new Map<string, number[]>();
  items.forEach((item, i) => {
    const { group } = orderOf(item);
    slots.set(group, [...(slots.get(group) ?? []), i]);
  });
  const out = items.slice();
  for (const indexes of slots.values()) {
    const ranked = indexes.map((i) => items[i]!).sort((a, b) => orderOf(a).rank.localeCompare(orderOf(b).rank));
    indexes.forEach((slot, k) => (out[slot] = ranked[k]!));
  }
  return out;
}

/**
 * A leased work queue: scans what is due, claims each item with its etag (so that one instance
 * runs it), runs it while renewing its lease, then deletes it or writes it back to be retried
 * later. A runner that dies leaves a lease that runs out, and the item is claimed again: runs
 * must be idempotent. The lease's state changes are `domain/work/lease.ts`'s.
 */
/** A run renews its lease for at most this many lease periods (a hung send, a stuck job). */
export const MAX_HOLD_LEASES = 10;

export class WorkQueue<T, H> {
  private readonly inFlight = new Set<Promise<Ended>>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private cached: H[] = [];
  private scannedAt = -Infinity;
  /** Idle passes in a row (nothing found, nothing running), for the idle backoff. */
  private idlePasses = 0;
  /** When the first item waiting for later falls due, as the last scan said (null: none or unknown). */
  private nextAt: number | null = null;
  /** The last pass found something to claim or to wait for. */
  private busy = false;
  /** wake() was called while a pass was under way: its scan may have missed the new work. */
  private wokenDuringPass = false;

  constructor(
    private readonly deps: WorkQueueDeps<T, H>,
    private readonly options: WorkQueueOptions,
    private readonly handler: WorkHandler<T, H>,
  ) {}

  /** Runs under way now. */
  get running(): number {
    return this.inFlight.size;
  }

  /** The last pass found work, or runs are under way: not idle. */
  get active(): boolean {
    return this.busy || this.inFlight.size > 0;
  }

  /** stop() was called: nothing more is claimed, and runs should end soon. */
  get stopping(): boolean {
    return this.stopped;
  }

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.poll();
  }

  /** Stops claiming; waits for the runs under way to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    this.loop = null;
    await Promise.allSettled([...this.inFlight]);
  }

  /** New work was queued in this process: look now rather than at the next poll. */
  wake(): void {
    this.idlePasses = 0;
    if (this.wakeUp) this.wakeUp();
    else this.wokenDuringPass = true;
  }

  /** How long an idle queue sleeps after this pass: `pollMs`, doubling per idle pass up to `idleMaxMs`. */
  private idleDelay(waitMs: number): number {
    const { idleMaxMs, pollMs } = this.options;
    if (idleMaxMs === undefined || this.busy || this.inFlight.size > 0) {
      this.idlePasses = 0;
      return waitMs;
    }
    this.idlePasses = Math.min(this.idlePasses + 1, 31);
    const untilNext = this.nextAt === null ? Infinity : this.nextAt - this.deps.clock.now().getTime();
    return idleSleep(this.idlePasses, pollMs, idleMaxMs, untilNext);
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      let delay = this.options.pollMs;
      this.wokenDuringPass = false;
      try {
        delay = this.idleDelay((await this.tick()).waitMs);
      } catch (e) {
        this.busy = false;
        this.deps.log.error(`${this.deps.name} tick failed`, { error: String(e) });
      }
      if (this.stopped) break;
      // Work queued while this pass scanned: look again at once rather than sleep on a stale scan.
      if (this.wokenDuringPass) delay = 1;
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

  /**
   * One pass: claims and starts what may run now. Returns how long to wait before the next pass
   * and, with `waitForRuns`, how many of the runs it started were done.
   */
  async tick(): Promise<{ waitMs: number; done: number }> {
    const { pollMs, concurrency, waitForRuns } = this.options;
    const now = this.deps.clock.now().getTime();
    await this.handler.beforePass?.(now);
    if (!waitForRuns && this.inFlight.size >= concurrency) return { waitMs: pollMs, done: 0 };
    let waitMs = pollMs;
    const candidates = await this.candidates(now);
    this.busy = candidates.length > 0;
    const started: Array<Promise<Ended>> = [];
    while (candidates.length > 0) {
      if (this.stopped) break;
      if (this.inFlight.size >= concurrency) {
        if (!waitForRuns) break;
        await Promise.race(this.inFlight);
        continue;
      }
      const candidate = candidates.shift()!;
      const t = this.deps.clock.now().getTime();
      const later = this.handler.defer?.(this.deps.itemOf(candidate), t) ?? 0;
      if (later > 0) {
        waitMs = Math.min(waitMs, later);
        continue;
      }
      const claimed = await this.claim(candidate, t);
      if (claimed) started.push(claimed.run);
    }
    if (!waitForRuns) return { waitMs, done: 0 };
    const ends = await Promise.all(started);
    return { waitMs, done: ends.filter((e) => e === 'done').length };
  }

  /** Runs passes until nothing is due nor running, for tests and scripts (not with start()). */
  async drain(maxMs = 30_000): Promise<void> {
    // Wall time on purpose: a limit for tests and scripts, whose injected clock may stand still.
    const deadline = Date.now() + maxMs;
    for (;;) {
      const { waitMs } = await this.tick();
      if (this.inFlight.size === 0 && (await this.deps.store.due(Number.MAX_SAFE_INTEGER, 1)).length === 0) return;
      if (Date.now() > deadline) throw new Error(`drain: ${this.deps.name} queue not empty in time`);
      await Promise.race([Promise.race([...this.inFlight]), new Promise((r) => setTimeout(r, Math.min(waitMs, 50)))]);
    }
  }

  private async candidates(now: number): Promise<H[]> {
    const { rescanMs, batch } = this.options;
    const scan = async () => {
      const { store } = this.deps;
      let found: H[];
      if (store.scan) {
        const scanned = await store.scan(now, batch);
        found = scanned.due;
        this.nextAt = scanned.nextAt;
      } else {
        found = await store.due(now, batch);
        this.nextAt = null;
      }
      const mixed = this.options.shuffle ? shuffle(found, this.deps.random ?? Math.random) : found;
      const orderOf = this.handler.orderOf?.bind(this.handler);
      return orderOf ? inGroupOrder(mixed, (h) => orderOf(this.deps.itemOf(h))) : mixed;
    };
    if (rescanMs === undefined) return scan();
    // A stale candidate only fails its conditional claim.
    if (this.cached.length === 0 || now - this.scannedAt > rescanMs) {
      this.cached = await scan();
      this.scannedAt = now;
    }
    return this.cached;
  }

  /** Claims under the etag the scan read; the run started, if this instance won it. */
  private async claim(candidate: H, now: number): Promise<{ run: Promise<Ended> } | null> {
    const { lease: fields, itemOf, store } = this.deps;
    const item = itemOf(candidate);
    const lease = claim(fields.read(item), now, this.options.owner, this.options.leaseMs);
    if (!lease) return null;
    const held = await store.replace(candidate, fields.write(item, lease, now));
    if (!held) return null;
    const run: Promise<Ended> = this.run(held).finally(() => {
      this.inFlight.delete(run);
      this.wake();
    });
    this.inFlight.add(run);
    return { run };
  }

  private async run(held: H): Promise<Ended> {
    const item = this.deps.itemOf(held);
    const heartbeat = this.heartbeat(held);
    try {
      const ending = await this.handler.run({ item, settle: heartbeat.settle, amend: heartbeat.amend });
      await this.end(await heartbeat.settle(), ending);
      return ending.kind;
    } catch (e) {
      // Left as a dead runner leaves it: claimed again once its lease runs out.
      this.deps.log.error(`${this.deps.name} failed`, { id: this.deps.idOf(item), error: String(e) });
      return 'failed';
    } finally {
      await heartbeat.settle();
    }
  }

  private async end(held: H, ending: Ending<T>): Promise<void> {
    const { lease: fields, itemOf, store } = this.deps;
    if (ending.kind === 'ended') return;
    if (ending.kind === 'done') {
      await store.remove(held);
      return;
    }
    const now = this.deps.clock.now().getTime();
    const item = ending.kind === 'release' || !ending.note ? itemOf(held) : ending.note(itemOf(held));
    const lease = fields.read(item);
    const next =
      ending.kind === 'retry'
        ? retryLater(lease, now, ending.delayMs)
        : ending.kind === 'give-up'
          ? giveUp(lease)
          : release(lease);
    await store.replace(held, fields.write(item, next, now));
  }

  /**
   * Renews the lease of a running item every `renewMs`, each time under the etag of the last
   * write; renewals (and amendments) run one after the other, never two under the same etag.
   * Stops for good when the item changed under it (another instance took it over, or new content
   * arrived for it): the end is then written against the etag the run last had.
   */
  private heartbeat(first: H): { settle: () => Promise<H>; amend: (change: (item: T) => T) => Promise<boolean> } {
    const { lease: fields, itemOf, store, clock, log } = this.deps;
    const { owner, leaseMs } = this.options;
    const every = Math.max(10, this.options.renewMs ?? Math.floor(leaseMs / 3));
    // A run that hangs must not hold its item for ever: after this long the lease is left to
    // expire, and another instance (or this one) takes the item over, as a dead runner's.
    const holdUntil = clock.now().getTime() + (this.options.maxHoldMs ?? MAX_HOLD_LEASES * leaseMs);
    let current = first;
    let over = false;
    /** No more renewals: the claim was lost, or held for its longest. */
    let ended = false;
    /** Changes not written yet: carried by every renewal until one lands. */
    let pending: Array<(item: T) => T> = [];
    let timer: NodeJS.Timeout | null = null;
    let beating: Promise<void> = Promise.resolve();
    const beat = async (): Promise<boolean> => {
      if (over || ended) return false;
      const now = clock.now().getTime();
      const item = itemOf(current);
      if (now >= holdUntil) {
        log.error(`${this.deps.name}: run still going after its longest hold, lease left to expire`, {
          id: this.deps.idOf(item),
        });
        ended = true;
        return false;
      }
      const lease = renew(fields.read(item), now, owner, leaseMs);
      if (!lease) {
        ended = true;
        return false;
      }
      const changes = pending;
      const next = changes.reduce((it, change) => change(it), item);
      try {
        const renewed = await store.replace(current, fields.write(next, lease, now));
        if (!renewed) {
          log.info?.(`${this.deps.name}: lease not renewed, the item changed`, { id: this.deps.idOf(item) });
          ended = true;
          return false;
        }
        current = renewed;
        pending = pending.filter((c) => !changes.includes(c));
        return true;
      } catch (e) {
        log.error(`${this.deps.name}: lease renewal failed`, { id: this.deps.idOf(item), error: String(e) });
        return false;
      }
    };
    const schedule = () => {
      if (over || ended || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void beatNow();
      }, every);
      timer.unref?.();
    };
    const beatNow = (): Promise<boolean> => {
      if (timer) clearTimeout(timer);
      timer = null;
      const written = beating.then(beat);
      beating = written.then(schedule);
      return written;
    };
    schedule();
    return {
      settle: async () => {
        over = true;
        if (timer) clearTimeout(timer);
        timer = null;
        await beating;
        return current;
      },
      amend: (change) => {
        if (over || ended) return Promise.resolve(false);
        pending.push(change);
        return beatNow();
      },
    };
  }
}
