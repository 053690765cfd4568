import {
  Pacer,
  SlidingWindowLimiter,
  TEAMS_CONVERSATION_WINDOWS,
  TEAMS_TENANT_WINDOWS,
  limitsShare,
} from '../../../src/domain/delivery/rate-limiter';

/** Sends as often as the limiter allows from t=0 until `until`, with a fake clock. */
function sendGreedily(limiter: SlidingWindowLimiter, key: string, until: number): number[] {
  const sent: number[] = [];
  let now = 0;
  while (now < until) {
    const r = limiter.tryAcquire(key, now);
    if (r.ok) sent.push(now);
    else now = r.retryAt;
  }
  return sent;
}

const maxInAnyWindow = (stamps: number[], ms: number) =>
  Math.max(...stamps.map((t) => stamps.filter((u) => u >= t && u < t + ms).length));

describe('sliding-window limiter with Teams limits', () => {
  it('never puts more than 7 messages in 1 s, 8 in 2 s, 60 in 30 s to one conversation', () => {
    const sent = sendGreedily(new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS), 'conv', 120_000);
    expect(maxInAnyWindow(sent, 1_000)).toBe(7);
    expect(maxInAnyWindow(sent, 2_000)).toBe(8);
    expect(maxInAnyWindow(sent, 30_000)).toBe(60);
    // Greedy but within limits: 60 per 30 s is the binding one over two minutes.
    expect(sent.length).toBe(240);
  });

  it('caps 1,800 an hour to one conversation', () => {
    const sent = sendGreedily(new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS), 'conv', 3_600_000);
    expect(sent.length).toBe(1_800);
  });

  it('lets one tenant send 50 a second (with a 1 ms margin for rounding), and says when the next slot frees', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
    for (let i = 0; i < 50; i++) expect(limiter.tryAcquire('tenant', 10 * i).ok).toBe(true);
    expect(limiter.tryAcquire('tenant', 600)).toEqual({ ok: false, retryAt: 1_001 });
    expect(limiter.tryAcquire('tenant', 1_001).ok).toBe(true);
  });

  it('gives back the slot of a call Teams refused', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
    for (let i = 0; i < 50; i++) limiter.tryAcquire('tenant', i);
    limiter.release('tenant', 49);
    expect(limiter.tryAcquire('tenant', 60).ok).toBe(true);
  });

  it('keeps keys independent', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    for (let i = 0; i < 7; i++) limiter.tryAcquire('a', 0);
    expect(limiter.tryAcquire('a', 0).ok).toBe(false);
    expect(limiter.tryAcquire('b', 0).ok).toBe(true);
  });

  it('gives each of several instances its share of the limits', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
    limiter.share(2);
    expect(sendGreedily(limiter, 't', 1_000)).toHaveLength(25);
  });

  it('holds a key back until a Retry-After has passed', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    limiter.blockUntil('conv', 5_000, 0);
    expect(limiter.nextSlot('conv', 0)).toBe(5_000);
    expect(limiter.tryAcquire('conv', 5_000).ok).toBe(true);
  });
});

describe('pacer', () => {
  it('spreads sends one interval apart without letting a late timer slow the pace', () => {
    const pacer = new Pacer(20, 0);
    const sent: number[] = [];
    let now = 0;
    for (let i = 0; i < 50; i++) {
      now = Math.max(now, pacer.nextSlot('t', now));
      pacer.take('t', now);
      sent.push(now);
      now += 1; // the timer fires a little late each time, which the pace absorbs
    }
    expect(sent[49]).toBe(49 * 20);
  });

  it('gives back the interval of a send Teams refused: the next goes that much sooner, never before now', () => {
    const pacer = new Pacer(20, 0);
    pacer.take('t', 0);
    pacer.take('t', 0);
    expect(pacer.nextSlot('t', 5)).toBe(40);
    pacer.giveBack('t', 5); // the second call came back 503: it posted nothing
    expect(pacer.nextSlot('t', 5)).toBe(20);
    pacer.giveBack('t', 5);
    pacer.giveBack('t', 5);
    expect(pacer.nextSlot('t', 5)).toBe(5);
  });
});

describe('when the clock goes back', () => {
  it('does not hold sends back for as long as the clock jumped', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
    const future = 10 * 86_400_000;
    for (let i = 0; i < 50; i++) limiter.tryAcquire('t', future + i);
    expect(limiter.nextSlot('t', 0)).toBe(0);
    const pacer = new Pacer(20, 0);
    pacer.take('t', future);
    expect(pacer.nextSlot('t', 0)).toBe(0);
  });
});

describe('the share of the limits between delivering processes', () => {
  it('alone, a process takes the whole; with peers, its fair part of what they leave free', () => {
    expect(limitsShare([])).toBe(1);
    expect(limitsShare([0.5])).toBe(0.5);
    expect(limitsShare([1 / 3, 1 / 3])).toBeCloseTo(1 / 3);
  });

  it('a newcomer takes nothing while a peer that has not seen it still sends at full rate, and never together more than the whole', () => {
    // Heartbeats one after the other: each process declares the share it takes, then reads its
    // peers'. Before: a newcomer took 1 / (live instances) at once — 1.5 of the limits together
    // until the first process saw it.
    const shares = new Map<string, number>([['a', 1]]);
    const beat = (who: string) => {
      const peers = [...shares].filter(([k]) => k !== who).map(([, v]) => v);
      shares.set(who, limitsShare(peers));
    };
    const together = () => [...shares.values()].reduce((x, y) => x + y, 0);
    shares.set('b', 0);
    beat('b');
    expect(shares.get('b')).toBe(0);
    expect(together()).toBeLessThanOrEqual(1);
    for (const who of ['a', 'b', 'a', 'b']) {
      beat(who);
      expect(together()).toBeLessThanOrEqual(1);
    }
    expect([shares.get('a'), shares.get('b')]).toEqual([0.5, 0.5]);
  });
});
