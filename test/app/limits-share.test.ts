import { Dispatcher } from '../../src/app/delivery/dispatcher';
import { enqueueNotice } from '../../src/app/delivery/enqueue';
import { Heartbeat, LimitsShare } from '../../src/app/delivery/limits-share';
import { OutboxStore } from '../../src/app/delivery/ports';
import { SlidingWindowLimiter, TEAMS_TENANT_WINDOWS, tenantPacer } from '../../src/domain/delivery/rate-limiter';
import { Store, openStore } from '../../src/store/open-store';
import { ConnectorSender } from '../../src/teams/framework/connector-sender';
import { quietLogger } from '../support/bot-harness';
import { FakeConnector } from '../support/fake-connector';

/** Teams' own tenant window (the bot's is 10 ms longer, for transit jitter): what must never be exceeded. */
const TEAMS_SECOND = 1_000;
const TEAMS_PER_SECOND = 50;

describe('a delivering process, its first heartbeat', () => {
  let store: Store;
  let connector: FakeConnector;
  beforeAll(async () => {
    store = await openStore({ kind: 'embedded', databaseId: 'limits-share', snapshotFile: null });
    connector = await new FakeConnector().start();
  });
  afterAll(async () => {
    await store.close();
    await connector.stop();
  });

  it('sends nothing before declaring a share, and alone takes half of the limits until it has looked again', async () => {
    // An injected clock that stands still until the test moves it.
    let t = Date.parse('2026-12-01T10:00:00Z');
    const clock = { now: () => new Date(t) };
    const events: string[] = [];
    const outbox = new Proxy(store.outbox, {
      get(target, name) {
        const value = Reflect.get(target, name);
        if (name !== 'heartbeat') return typeof value === 'function' ? value.bind(target) : value;
        return (id: string, now: number, share: number) => {
          events.push(`heartbeat ${share}`);
          return target.heartbeat(id, now, share);
        };
      },
    }) as OutboxStore;
    const sender = new ConnectorSender({ credentials: null, botId: '28:bot' });
    const send = sender.send.bind(sender);
    sender.send = (reference, activity) => {
      events.push('send');
      return send(reference, activity);
    };
    const recipients = [];
    for (let i = 0; i < 10; i++) {
      const personKey = `tenant-0:fresh-${i}`;
      await store.conversations.saveForPerson(personKey, {
        serviceUrl: connector.url,
        conversation: { id: `a:fresh-${i}` },
        bot: { id: '28:bot' },
        user: { id: `29:fresh-${i}` },
      });
      recipients.push({
        recipient: {
          kind: 'person' as const,
          personKey,
          tenantId: 'tenant-0',
          teamsUserId: `29:fresh-${i}`,
          label: 'P',
        },
      });
    }
    await enqueueNotice(
      { outbox: store.outbox, clock },
      {
        noticeId: 'fresh',
        centraleId: 'c',
        senderKey: null,
        title: 'T',
        payload: { text: 'Convocation' },
        serviceUrl: connector.url,
        recipients,
      },
    );
    const dispatcher = new Dispatcher(
      { outbox, sender, conversations: store.conversations, clock, log: quietLogger() },
      { instanceId: 'fresh', pollMs: 20, heartbeatMs: 1_000 },
    );
    try {
      // The first pass finds the queue idle before its scan: it claims, and the sends wait for a share.
      await dispatcher.tick();
      await connector.waitFor(() => events.includes('send'));
      expect(events.slice(0, 3)).toEqual(['heartbeat 0', 'heartbeat 0.5', 'send']);
      // Looked at again once the first period is over: peers known (none), the whole — declared
      // (after the half it still holds) before it is taken.
      t += 250;
      await dispatcher.tick();
      expect(events.filter((e) => e.startsWith('heartbeat'))).toEqual([
        'heartbeat 0',
        'heartbeat 0.5',
        'heartbeat 0.5',
        'heartbeat 1',
      ]);
    } finally {
      await dispatcher.stop();
    }
  });
});

/** Heartbeats in memory, each a write then (a few awaits later, so that peers interleave) a read, as in the store. */
function heartbeatTable(random: () => number) {
  const table = new Map<string, { share: number; lastSeen: number }>();
  const of =
    (id: string): Heartbeat =>
    async (now, share) => {
      for (let i = Math.floor(random() * 3); i > 0; i--) await null;
      table.set(id, { share, lastSeen: now });
      for (let i = Math.floor(random() * 3); i > 0; i--) await null;
      return [...table].filter(([k, h]) => k !== id && h.lastSeen > now - 5_000).map(([, h]) => h.share);
    };
  return { of, remove: (id: string) => async () => void table.delete(id) };
}

function seeded(seed: number) {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 1_000_000) / 1_000_000;
  };
}

/**
 * Processes on one tenant, each with the dispatcher's limits (its share of the tenant window,
 * its pacer) and a queue that never empties, millisecond by millisecond on a simulated clock.
 * Returns every send's time.
 */
async function simulate(starts: number[], untilMs: number, seed: number, heartbeatMs = 1_000, ends: number[] = []) {
  const random = seeded(seed);
  const table = heartbeatTable(random);
  const processes = starts.map((start, i) => {
    const window = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
    return {
      start,
      id: `p${i}`,
      end: ends[i] ?? Infinity,
      keeper: new LimitsShare(table.of(`p${i}`), { heartbeatMs, used: (now) => window.used(now) }),
      window,
      pacer: tenantPacer(),
      sent: [] as number[],
    };
  });
  for (let now = 0; now < untilMs; now++) {
    // A process whose queue ran dry leaves, as the dispatcher does at each idle pass.
    for (const p of processes.filter((p) => now >= p.end)) await p.keeper.leave(now, table.remove(p.id));
    const live = processes.filter((p) => now >= p.start && now < p.end);
    // Heartbeats of processes due at the same moment land in any order.
    const shares = await Promise.all(live.map((p) => p.keeper.update(now)));
    live.forEach((p, i) => {
      if (shares[i]! <= 0) return;
      // As the dispatcher does: the pace at the share, the windows at what was declared.
      const { pace, windows } = p.keeper.limits;
      p.window.share(1 / windows);
      p.pacer.share(1 / pace);
      while (p.window.nextSlot('t', now) <= now && p.pacer.nextSlot('t', now) <= now) {
        p.window.tryAcquire('t', now);
        p.pacer.take('t', now);
        p.sent.push(now);
      }
    });
  }
  return processes.map((p) => p.sent);
}

const mostInAnySecond = (stamps: number[]) => {
  const s = [...stamps].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < s.length; j++) {
    while (s[i]! <= s[j]! - TEAMS_SECOND) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
};

describe('processes sharing the limits, on a simulated clock', () => {
  it('a fresh process alone sends at most half of the limits in its first period, then all of it', async () => {
    const [sent] = await simulate([0], 3_000, 1);
    const firstPeriod = sent!.filter((t) => t < 250).length;
    expect(firstPeriod).toBeLessThanOrEqual(Math.ceil((TEAMS_PER_SECOND / 2) * (250 / TEAMS_SECOND)) + 2);
    // Then at the full pace: 50 per 1,010 ms.
    expect(sent!.filter((t) => t >= 1_000 && t < 3_000).length).toBeGreaterThanOrEqual(98);
    expect(mostInAnySecond(sent!)).toBeLessThanOrEqual(TEAMS_PER_SECOND);
  });

  it.each([
    ['at the same moment', 0],
    ['a few milliseconds apart', 7],
    ['within the first period', 120],
    ['after the first has moved to the whole', 600],
    // Looking again at the moment the first gives room: that room is not free until the sends
    // the first made at its old share have left Teams' second.
    ['so as to look again just as the first gives room', 500],
    ['so as to look again a millisecond after the first gives room', 1_001],
    ['seconds apart', 2_300],
  ])('two processes starting %s never exceed the limit together in any second', async (_, offset) => {
    for (const [seed, heartbeatMs] of [
      [1, 1_000],
      [2, 1_000],
      [3, 1_000],
      // Heartbeats more often than Teams' second: a share given back must stay declared that long anyway.
      [4, 300],
      [5, 300],
    ] as const) {
      const [a, b] = await simulate([0, offset], 6_000, seed, heartbeatMs);
      expect(mostInAnySecond([...a!, ...b!])).toBeLessThanOrEqual(TEAMS_PER_SECOND);
      // And they end up sharing it: both send, together near the limit.
      const lastSecond = [...a!, ...b!].filter((t) => t >= 5_000).length;
      expect(b!.filter((t) => t >= 5_000).length).toBeGreaterThan(20);
      expect(lastSecond).toBeGreaterThanOrEqual(48);
    }
  });

  it('a process running out of work leaves no room before its last sends have left Teams’ second', async () => {
    // Its heartbeat is removed at once; the other, paced, moves up to the whole no faster than
    // the first one's sends of the last second leave Teams' window.
    for (const seed of [1, 2, 3]) {
      for (const end of [3_000, 3_137, 3_500]) {
        const [a, b] = await simulate([0, 0], 6_000, seed, 1_000, [end]);
        expect(a!.length).toBeGreaterThan(0);
        expect(mostInAnySecond([...a!, ...b!])).toBeLessThanOrEqual(TEAMS_PER_SECOND);
        // And the other takes the whole soon after.
        expect(b!.filter((t) => t >= 5_000).length).toBeGreaterThanOrEqual(48);
      }
    }
  });

  it('a process that had the whole makes room for a newcomer as fast as its sends of the last second drain', async () => {
    // The first moves down to half at its next heartbeat (1,250 ms); its sends at the whole
    // still count for a second. It declares what they still take, every quarter of a second,
    // and the newcomer takes what that leaves: it sends within half a second, where it waited
    // for the whole second to pass (and its own next look) when the old share stayed declared.
    for (const seed of [1, 2, 3]) {
      const [a, b] = await simulate([0, 600], 4_000, seed);
      expect(a!.filter((t) => t >= 1_000 && t < 1_250).length).toBeGreaterThan(10);
      expect(b!.find((t) => t >= 1_250)).toBeLessThan(1_800);
      expect(mostInAnySecond([...a!, ...b!])).toBeLessThanOrEqual(TEAMS_PER_SECOND);
      expect([...a!, ...b!].filter((t) => t >= 1_250 && t < 2_500).length).toBeGreaterThanOrEqual(55);
    }
  });
});
