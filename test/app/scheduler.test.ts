import { Scheduler } from '../../src/app/scheduler';
import { Store, openStore } from '../../src/store/open-store';
import { quietLogger } from '../support/bot-harness';

let store: Store;
let now = Date.parse('2026-12-01T08:00:00Z');
const clock = { now: () => new Date(now) };
const HOUR = 3_600_000;

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'timers', snapshotFile: null });
});
afterAll(() => store.close());

function scheduler(instanceId: string, runs: string[], fail = 0) {
  const s = new Scheduler(store.jobs, clock, quietLogger(), { instanceId, random: () => 0.5 });
  let failures = fail;
  s.register('rappel', async (payload) => {
    if (failures-- > 0) throw new Error('connector down');
    runs.push(`${instanceId}:${payload.who}`);
  });
  return s;
}

describe('durable timers', () => {
  it('runs a job when it falls due, not before, and only once', async () => {
    const runs: string[] = [];
    const s = scheduler('one', runs);
    await s.schedule({ id: 'rappel-j2', type: 'rappel', dueAt: new Date(now + 2 * HOUR), payload: { who: 'maires' } });
    expect(
      await s.schedule({ id: 'rappel-j2', type: 'rappel', dueAt: new Date(now + 5 * HOUR), payload: { who: 'autre' } }),
    ).toBe(false);
    await s.tick();
    expect(runs).toEqual([]);
    now += 2 * HOUR;
    await s.tick();
    await s.tick();
    expect(runs).toEqual(['one:maires']);
    expect(await store.jobs.get('rappel-j2')).toBeNull();
  });

  it('runs a job once when two instances tick at the same moment', async () => {
    const runs: string[] = [];
    const a = scheduler('a', runs);
    const b = scheduler('b', runs);
    for (let i = 0; i < 10; i++)
      await a.schedule({ id: `clos-${i}`, type: 'rappel', dueAt: new Date(now), payload: { who: i } });
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(runs).toHaveLength(10);
    expect(new Set(runs.map((r) => r.split(':')[1])).size).toBe(10);
  });

  it('runs late jobs at the first tick after a restart, and a job whose runner died after its lease', async () => {
    const runs: string[] = [];
    const before = scheduler('before', runs);
    await before.schedule({ id: 'en-retard', type: 'rappel', dueAt: new Date(now - HOUR), payload: { who: 'retard' } });
    // A runner claimed this one and died (no completion).
    await before.schedule({ id: 'orphelin', type: 'rappel', dueAt: new Date(now), payload: { who: 'orphelin' } });
    const [claimed] = (await store.jobs.due(now, 10)).filter((c) => c.job.id === 'orphelin');
    await store.jobs.replace(claimed!, {
      ...claimed!.job,
      state: 'running',
      claimedBy: 'mort',
      leaseUntil: now + 60_000,
    });
    const after = scheduler('after', runs);
    await after.tick();
    expect(runs).toEqual(['after:retard']);
    now += 61_000;
    await after.tick();
    expect(runs).toEqual(['after:retard', 'after:orphelin']);
  });

  it('retries a failing job later with backoff, and cancels on request', async () => {
    const runs: string[] = [];
    const s = scheduler('retry', runs, 1);
    await s.schedule({ id: 'fragile', type: 'rappel', dueAt: new Date(now), payload: { who: 'x' } });
    await s.tick();
    expect(runs).toEqual([]);
    expect(await store.jobs.get('fragile')).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'Error: connector down',
    });
    now += 60_000;
    await s.tick();
    expect(runs).toEqual(['retry:x']);
    await s.schedule({ id: 'annule', type: 'rappel', dueAt: new Date(now), payload: { who: 'y' } });
    await s.cancel('annule');
    await s.tick();
    expect(runs).toEqual(['retry:x']);
  });
});
