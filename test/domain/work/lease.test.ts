import fc from 'fast-check';
import {
  Lease,
  NEVER,
  backoff,
  idleSleep,
  claim,
  giveUp,
  isClaimable,
  nextDelay,
  release,
  renew,
  requeue,
  retryLater,
  waiting,
} from '../../../src/domain/work/lease';

const LEASE_MS = 30_000;
const T0 = 1_000_000;

/** Claimed by `owner` at `at` (a fresh item due at T0). */
const heldBy = (owner: string, at = T0): Lease => claim(waiting(T0), at, owner, LEASE_MS)!;

describe('the lease of queued work', () => {
  it('a waiting item is claimed only once it is due, and the claim counts an attempt', () => {
    expect(isClaimable(waiting(T0), T0 - 1)).toBe(false);
    expect(claim(waiting(T0), T0 - 1, 'a', LEASE_MS)).toBeNull();
    expect(claim(waiting(T0), T0, 'a', LEASE_MS)).toEqual({
      state: 'held',
      dueAt: T0,
      attempts: 1,
      claimedBy: 'a',
      leaseUntil: T0 + LEASE_MS,
    });
  });

  it('an item under a running lease cannot be claimed, not even by its holder, up to the last millisecond', () => {
    const held = heldBy('a');
    expect(claim(held, T0 + 1, 'b', LEASE_MS)).toBeNull();
    expect(claim(held, T0 + 1, 'a', LEASE_MS)).toBeNull();
    expect(claim(held, T0 + LEASE_MS, 'b', LEASE_MS)).toBeNull();
  });

  it('a lease that expired can be claimed by another instance', () => {
    const taken = claim(heldBy('a'), T0 + LEASE_MS + 1, 'b', LEASE_MS);
    expect(taken).toEqual({ state: 'held', dueAt: T0, attempts: 2, claimedBy: 'b', leaseUntil: T0 + 2 * LEASE_MS + 1 });
  });

  it('a held item whose lease time is missing is never taken over', () => {
    expect(isClaimable({ state: 'held', dueAt: T0, attempts: 1, claimedBy: 'a', leaseUntil: null }, NEVER)).toBe(false);
  });

  it('a heartbeat extends the lease only for its owner', () => {
    const held = heldBy('a');
    expect(renew(held, T0 + 20_000, 'b', LEASE_MS)).toBeNull();
    const renewed = renew(held, T0 + 20_000, 'a', LEASE_MS)!;
    expect(renewed).toEqual({ ...held, leaseUntil: T0 + 20_000 + LEASE_MS });
    // Past the first lease, the renewed one still keeps others out.
    expect(claim(renewed, T0 + LEASE_MS + 1, 'b', LEASE_MS)).toBeNull();
    expect(claim(renewed, T0 + 20_000 + LEASE_MS + 1, 'b', LEASE_MS)).toMatchObject({ claimedBy: 'b' });
  });

  it('a heartbeat never shortens a lease, and does nothing to an item given back or taken over', () => {
    expect(renew(heldBy('a'), T0 + 1, 'a', 10)!.leaseUntil).toBe(T0 + LEASE_MS);
    expect(renew(release(heldBy('a')), T0 + 1, 'a', LEASE_MS)).toBeNull();
    const takenOver = claim(heldBy('a'), T0 + LEASE_MS + 1, 'b', LEASE_MS)!;
    expect(renew(takenOver, T0 + LEASE_MS + 2, 'a', LEASE_MS)).toBeNull();
  });

  it('a failed attempt is retried after a backoff and given up after N attempts', () => {
    const policy = { maxAttempts: 5, random: () => 1 };
    let lease = waiting(T0);
    let now = T0;
    const delays: number[] = [];
    for (;;) {
      lease = claim(lease, now, 'a', LEASE_MS)!;
      expect(lease).not.toBeNull();
      const delay = nextDelay(lease.attempts, policy);
      if (delay === null) break;
      delays.push(delay);
      lease = retryLater(lease, now, delay);
      expect(lease).toMatchObject({ state: 'waiting', claimedBy: null, leaseUntil: null });
      expect(isClaimable(lease, now + delay - 1)).toBe(false);
      now += delay;
      expect(isClaimable(lease, now)).toBe(true);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000]);
    expect(lease.attempts).toBe(5);
    const parked = giveUp(lease);
    expect(parked).toEqual({ state: 'waiting', dueAt: NEVER, attempts: 5, claimedBy: null, leaseUntil: null });
    expect(isClaimable(parked, NEVER - 1)).toBe(false);
  });

  it('a retry waits as long as the other side asked, but never past the last attempt', () => {
    const policy = { maxAttempts: 8, random: () => 0 };
    expect(nextDelay(1, policy, 3_000)).toBe(3_000);
    expect(nextDelay(1, policy, null)).toBe(250);
    expect(nextDelay(8, policy, 3_000)).toBeNull();
  });

  it('the backoff lies between half its cap and its cap, the cap doubling per attempt up to a minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const cap = Math.min(60_000, 500 * 2 ** (attempt - 1));
        const d = backoff(attempt, () => r);
        return d >= Math.floor(cap / 2) && d <= cap;
      }),
    );
  });

  it('an instance that stops before trying gives the item back at once, the attempt not counted', () => {
    const given = release(heldBy('a', T0 + 5));
    expect(given).toEqual({ state: 'waiting', dueAt: T0, attempts: 0, claimedBy: null, leaseUntil: null });
    expect(claim(given, T0 + 6, 'b', LEASE_MS)).toMatchObject({ claimedBy: 'b', attempts: 1 });
  });

  it('newer content for an item being worked on comes back as new work at its own time', () => {
    const again = requeue(claim(retryLater(heldBy('a'), T0, 500), T0 + 500, 'a', LEASE_MS)!, T0 + 1_500);
    expect(again).toEqual({ state: 'waiting', dueAt: T0 + 1_500, attempts: 0, claimedBy: null, leaseUntil: null });
  });

  it('whatever several instances do, with writes under etags, two of them never hold a live lease at once', () => {
    // A store of one item whose writes succeed only on the version they read (an etag); each
    // instance acts on what it last read, possibly stale; the clock moves on between steps.
    const step = fc.record({
      who: fc.constantFrom('a', 'b', 'c'),
      act: fc.constantFrom('read', 'claim', 'renew', 'retry', 'release'),
      advance: fc.integer({ min: 0, max: 20_000 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let stored = { lease: waiting(0), version: 0 };
        const seen = new Map<string, { lease: Lease; version: number }>();
        /** What each instance holds, as far as its own writes told it. */
        const holds = new Map<string, number>();
        let now = 0;
        for (const { who, act, advance } of steps) {
          now += advance;
          const mine = seen.get(who) ?? stored;
          if (act === 'read') {
            seen.set(who, stored);
            continue;
          }
          const next =
            act === 'claim'
              ? claim(mine.lease, now, who, LEASE_MS)
              : act === 'renew'
                ? renew(mine.lease, now, who, LEASE_MS)
                : mine.lease.claimedBy === who
                  ? act === 'retry'
                    ? retryLater(mine.lease, now, 1_000)
                    : release(mine.lease)
                  : null;
          if (!next || mine.version !== stored.version) continue;
          stored = { lease: next, version: stored.version + 1 };
          seen.set(who, stored);
          if (next.state === 'held') holds.set(who, next.leaseUntil!);
          else holds.delete(who);
          const live = [...holds.values()].filter((until) => until >= now);
          if (live.length > 1) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('idleSleep: an idle queue scans less and less often', () => {
  it('doubles from the poll interval at each empty scan, up to the idle maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => idleSleep(n, 250, 20_000))).toEqual([
      250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 20_000,
    ]);
    expect(idleSleep(1_000, 250, 20_000)).toBe(20_000);
  });

  it('wakes for the next item due, as the last scan saw it, but never polls faster than the poll interval', () => {
    expect(idleSleep(8, 250, 20_000, 3_000)).toBe(3_000);
    expect(idleSleep(8, 250, 20_000, 10)).toBe(250);
    expect(idleSleep(8, 250, 20_000, -5_000)).toBe(250);
  });

  it('polls at the poll interval when the maximum is no larger (the behaviour without backoff)', () => {
    expect(idleSleep(10, 1_000, 10)).toBe(1_000);
  });
});
