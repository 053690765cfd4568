import { ClaimedJob, Job, jobLease } from '../../src/app/scheduler';
import { Ending, WorkHandler, WorkQueue } from '../../src/app/work-queue';
import { Store, openStore } from '../../src/store/open-store';
import { quietLogger } from '../support/bot-harness';

let store: Store;
const clock = { now: () => new Date() };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'work-queue', snapshotFile: null });
});
afterAll(() => store.close());
// Each test starts from an empty container: a left-over claim would be taken by the next test's queues.
afterEach(async () => {
  const jobs = store.cosmos.container('jobs');
  const { resources } = await jobs.items.query<{ id: string; pk: string }>('SELECT c.id, c.pk FROM c').fetchAll();
  for (const r of resources) await jobs.item(r.id, r.pk).delete();
});

const job = (id: string): Job => ({
  id,
  type: 't',
  dueAt: Date.now(),
  payload: {},
  state: 'pending',
  attempts: 0,
  leaseUntil: null,
  claimedBy: null,
  lastError: null,
});

function queue(owner: string, run: WorkHandler<Job, ClaimedJob>['run'], leaseMs = 300, maxHoldMs?: number) {
  return new WorkQueue<Job, ClaimedJob>(
    {
      name: 'test',
      store: store.jobs,
      itemOf: (c) => c.job,
      idOf: (j) => j.id,
      lease: jobLease,
      clock,
      log: quietLogger(),
    },
    { owner, leaseMs, renewMs: 100, maxHoldMs, batch: 50, concurrency: 4, pollMs: 20 },
    { run },
  );
}

/** Ticks `q` every 20 ms until `until` resolves. */
async function keepTicking(q: WorkQueue<Job, ClaimedJob>, until: Promise<unknown>) {
  let over = false;
  void until.then(() => (over = true));
  while (!over) {
    await q.tick();
    await sleep(20);
  }
}

describe('the leased work queue', () => {
  it('a run longer than its lease keeps it by its heartbeat: another instance does not take it meanwhile', async () => {
    await store.jobs.create(job('long'));
    const runs: string[] = [];
    const slow = async (owner: string): Promise<Ending<Job>> => {
      runs.push(owner);
      await sleep(1_000);
      return { kind: 'done' };
    };
    const a = queue('a', () => slow('a'));
    const b = queue('b', () => slow('b'));
    await a.tick();
    const aDone = (async () => {
      while (a.running > 0) await sleep(10);
    })();
    await keepTicking(b, aDone);
    await b.stop();
    expect(runs).toEqual(['a']);
    expect(await store.jobs.get('long')).toBeNull();
  });

  it('a run that hangs keeps its lease only up to its longest hold, then another instance takes it over', async () => {
    await store.jobs.create(job('hung'));
    const runs: string[] = [];
    let release = () => {};
    const hung = new Promise<void>((r) => (release = r));
    const a = queue(
      'a',
      async () => {
        runs.push('a');
        await hung;
        return { kind: 'done' };
      },
      300,
      400,
    );
    const b = queue('b', async () => {
      runs.push('b');
      return { kind: 'done' };
    });
    await a.tick();
    await sleep(1_000);
    await b.tick();
    await b.stop();
    release();
    await a.stop();
    expect(runs).toEqual(['a', 'b']);
  });

  it('without a heartbeat, the same run would have been taken over once its lease ran out', async () => {
    await store.jobs.create(job('unrenewed'));
    const runs: string[] = [];
    const a = new WorkQueue<Job, ClaimedJob>(
      {
        name: 'test',
        store: store.jobs,
        itemOf: (c) => c.job,
        idOf: (j) => j.id,
        lease: jobLease,
        clock,
        log: quietLogger(),
      },
      { owner: 'a', leaseMs: 300, renewMs: 60_000, batch: 50, concurrency: 4, pollMs: 20 },
      {
        run: async () => {
          runs.push('a');
          await sleep(1_000);
          return { kind: 'done' };
        },
      },
    );
    const b = queue('b', async () => {
      runs.push('b');
      return { kind: 'done' };
    });
    await a.tick();
    await sleep(400);
    await b.tick();
    await a.stop();
    await b.stop();
    expect(runs).toEqual(['a', 'b']);
  });

  it('a run that throws leaves its item as a dead runner would: claimed again once the lease runs out', async () => {
    await store.jobs.create(job('throws'));
    const a = queue('a', async () => {
      throw new Error('boom');
    });
    await a.tick();
    await a.stop();
    expect(await store.jobs.get('throws')).toMatchObject({ state: 'running', claimedBy: 'a', attempts: 1 });
    const seen: number[] = [];
    const b = queue('b', async (work) => {
      seen.push(work.item.attempts);
      return { kind: 'done' };
    });
    await b.tick();
    expect(seen).toEqual([]);
    await sleep(350);
    await b.tick();
    await b.stop();
    expect(seen).toEqual([2]);
  });

  it('a failed run is written back to be retried later, with what the handler noted', async () => {
    await store.jobs.create(job('retried'));
    const before = Date.now();
    const a = queue('a', async () => ({ kind: 'retry', delayMs: 5_000, note: (j) => ({ ...j, lastError: 'later' }) }));
    await a.tick();
    await a.stop();
    const stored = (await store.jobs.get('retried'))!;
    expect(stored).toMatchObject({
      state: 'pending',
      attempts: 1,
      claimedBy: null,
      leaseUntil: null,
      lastError: 'later',
    });
    expect(stored.dueAt).toBeGreaterThanOrEqual(before + 5_000);
  });

  it('an ending is not written over an item that changed while it ran', async () => {
    await store.jobs.create(job('changed'));
    const a = queue('a', async () => {
      // Someone else writes the item meanwhile (as a newer card content does to an outbox entry).
      const current = await store.jobs.get('changed');
      await store.jobs.delete('changed');
      await store.jobs.create({ ...current!, payload: { newer: true } });
      await sleep(150); // a heartbeat meets the change and stops
      return { kind: 'retry', delayMs: 1_000 };
    });
    await a.tick();
    await a.stop();
    expect(await store.jobs.get('changed')).toMatchObject({
      payload: { newer: true },
      state: 'running',
      claimedBy: 'a',
    });
  });

  it('a stopping queue claims nothing more, and its runs may give their item back untried', async () => {
    await store.jobs.create(job('given-back'));
    let stop: Promise<void> = Promise.resolve();
    const a: WorkQueue<Job, ClaimedJob> = queue('a', async () => {
      stop = a.stop();
      return a.stopping ? { kind: 'release' } : { kind: 'done' };
    });
    await a.tick();
    await stop;
    expect(await store.jobs.get('given-back')).toMatchObject({ state: 'pending', attempts: 0, claimedBy: null });
    await a.tick();
    expect(a.running).toBe(0);
    expect(await store.jobs.get('given-back')).toMatchObject({ state: 'pending', attempts: 0 });
  });
});

describe('an idle work queue', () => {
  /** The jobs store, counting its scans. */
  const counted = () => {
    const scans = { n: 0 };
    const counting = {
      ...store.jobs,
      due: store.jobs.due.bind(store.jobs),
      replace: store.jobs.replace.bind(store.jobs),
      remove: store.jobs.remove.bind(store.jobs),
      scan: (now: number, limit: number) => {
        scans.n++;
        return store.jobs.scan(now, limit);
      },
    };
    return { scans, counting };
  };
  const idleQueue = (s: ReturnType<typeof counted>['counting'], run: WorkHandler<Job, ClaimedJob>['run']) =>
    new WorkQueue<Job, ClaimedJob>(
      { name: 'idle', store: s, itemOf: (c) => c.job, idOf: (j) => j.id, lease: jobLease, clock, log: quietLogger() },
      { owner: 'idle', leaseMs: 5_000, batch: 50, concurrency: 1, pollMs: 20, idleMaxMs: 60_000, waitForRuns: true },
      { run },
    );

  it('scans less and less often while it finds nothing (a scan every 20 ms would be some 50 in a second)', async () => {
    const { scans, counting } = counted();
    const q = idleQueue(counting, async () => ({ kind: 'done' }));
    q.start();
    await sleep(1_000);
    await q.stop();
    // 20, 40, 80, 160, 320, 640 ms apart: 6 scans in the first 1.26 s. A slow machine scans less, never more.
    expect(scans.n).toBeGreaterThanOrEqual(1);
    expect(scans.n).toBeLessThanOrEqual(8);
  });

  it('wakes at once for work queued in this process, and runs what a scan saw coming when it falls due', async () => {
    const { counting } = counted();
    const ran: string[] = [];
    const q = idleQueue(counting, async (work) => {
      ran.push(work.item.id);
      return { kind: 'done' };
    });
    q.start();
    await sleep(700); // idle: the next scan is some 640 ms away
    await store.jobs.create(job('now'));
    await store.jobs.create({ ...job('soon'), dueAt: Date.now() + 300 });
    q.wake();
    for (let i = 0; i < 100 && ran.length < 2; i++) await sleep(50);
    await q.stop();
    expect(ran).toEqual(['now', 'soon']);
  });
});

describe('a wake during a scan', () => {
  it('is not lost: the queue looks again at once instead of sleeping on the scan that missed the new work', async () => {
    let gate: Promise<void> | null = null;
    let release = () => {};
    let scans = 0;
    const gated = {
      due: store.jobs.due.bind(store.jobs),
      replace: store.jobs.replace.bind(store.jobs),
      remove: store.jobs.remove.bind(store.jobs),
      scan: async (now: number, limit: number) => {
        scans++;
        const found = await store.jobs.scan(now, limit);
        if (gate) await gate; // the scan has read; the new job comes after it
        return found;
      },
    };
    const ran: string[] = [];
    const q = new WorkQueue<Job, ClaimedJob>(
      {
        name: 'gated',
        store: gated,
        itemOf: (c) => c.job,
        idOf: (j) => j.id,
        lease: jobLease,
        clock,
        log: quietLogger(),
      },
      { owner: 'gated', leaseMs: 5_000, batch: 50, concurrency: 1, pollMs: 20, idleMaxMs: 60_000, waitForRuns: true },
      {
        run: async (work) => {
          ran.push(work.item.id);
          return { kind: 'done' };
        },
      },
    );
    q.start();
    await sleep(3_000); // idle: scans some 1.3 s, then 2.6 s apart by now
    gate = new Promise<void>((r) => (release = r));
    const before = scans;
    for (let i = 0; i < 200 && scans === before; i++) await sleep(20); // a scan is under way, held
    await store.jobs.create(job('pendant-le-scan'));
    q.wake(); // during the pass: no sleep to cut short yet
    gate = null;
    release();
    for (let i = 0; i < 20 && ran.length === 0; i++) await sleep(50);
    await q.stop();
    // Left on its idle sleep (2.6 s or more by then) after that scan, nothing would run within a second.
    expect(ran).toEqual(['pendant-le-scan']);
  });
});
