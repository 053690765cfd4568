/**
 * The lease of one piece of queued work (an outbox entry, a durable timer): who may work on it,
 * and from when. Pure: each function returns the next state and reads no clock. The store writes
 * that state under the etag of the one it was computed from, so that of two instances computing
 * a claim of the same item only one write lands.
 */
export interface Lease {
  /** `waiting`: claimable from `dueAt`. `held`: `claimedBy` works on it until `leaseUntil`. */
  state: 'waiting' | 'held';
  dueAt: number;
  /** Attempts started so far, the one under way included. */
  attempts: number;
  claimedBy: string | null;
  leaseUntil: number | null;
}

/** The due time of work given up on: kept for a person to see, never claimed again. */
export const NEVER = Number.MAX_SAFE_INTEGER;

export function waiting(dueAt: number): Lease {
  return { state: 'waiting', dueAt, attempts: 0, claimedBy: null, leaseUntil: null };
}

/**
 * Waiting and due, or held by an instance whose lease ran out (it died or hung). The stores'
 * due-scans ask the same question of the database.
 */
export function isClaimable(lease: Lease, now: number): boolean {
  if (lease.state === 'waiting') return lease.dueAt <= now;
  return lease.leaseUntil !== null && lease.leaseUntil < now;
}

/** `owner` takes it until `now + leaseMs`, one more attempt counted; null if it may not. */
export function claim(lease: Lease, now: number, owner: string, leaseMs: number): Lease | null {
  if (!isClaimable(lease, now)) return null;
  return { ...lease, state: 'held', claimedBy: owner, leaseUntil: now + leaseMs, attempts: lease.attempts + 1 };
}

/**
 * A heartbeat of the owner still working on it: others may not claim it before `now + leaseMs`.
 * Never shortens the lease; null for anyone but the holder.
 */
export function renew(lease: Lease, now: number, owner: string, leaseMs: number): Lease | null {
  if (lease.state !== 'held' || lease.claimedBy !== owner) return null;
  return { ...lease, leaseUntil: Math.max(lease.leaseUntil ?? now, now + leaseMs) };
}

/** Given back untried (its holder stops): claimable at once, and the attempt does not count. */
export function release(lease: Lease): Lease {
  return { ...lease, state: 'waiting', claimedBy: null, leaseUntil: null, attempts: Math.max(0, lease.attempts - 1) };
}

/** The attempt failed: due again `delayMs` after `now`, the attempt counted. */
export function retryLater(lease: Lease, now: number, delayMs: number): Lease {
  return { ...lease, state: 'waiting', dueAt: now + delayMs, claimedBy: null, leaseUntil: null };
}

/** Failed too often: kept (a person can look at it), never due again. */
export function giveUp(lease: Lease): Lease {
  return { ...lease, state: 'waiting', dueAt: NEVER, claimedBy: null, leaseUntil: null };
}

/** New work on the same item (a shared card's newer content): due at `dueAt`, attempts from zero. */
export function requeue(lease: Lease, dueAt: number): Lease {
  return { ...lease, state: 'waiting', dueAt, attempts: 0, claimedBy: null, leaseUntil: null };
}

export interface RetryPolicy {
  /** After this many failed attempts, give up. */
  maxAttempts: number;
  random: () => number;
}

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 60_000;

/** Exponential backoff with (equal) jitter: between half the cap and the cap, the cap doubling per attempt. */
export function backoff(attempt: number, random: () => number): number {
  const cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * How long to wait after `attempts` failed attempts: what the other side asked for (Teams'
 * Retry-After) or a backoff; null once `maxAttempts` is reached (give up).
 */
export function nextDelay(attempts: number, policy: RetryPolicy, askedMs: number | null = null): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return askedMs ?? backoff(attempts, policy.random);
}

/**
 * How long an idle work queue sleeps before its next scan: `pollMs` after the first empty scan,
 * twice as long after each further one, at most `idleMaxMs`, and never past the moment the next
 * item falls due (`untilNextMs`, as the last scan saw it) — but never less than `pollMs`.
 */
export function idleSleep(idlePasses: number, pollMs: number, idleMaxMs: number, untilNextMs = Infinity): number {
  const backoff = Math.min(idleMaxMs, pollMs * 2 ** Math.max(0, Math.min(idlePasses, 31) - 1));
  return Math.max(pollMs, Math.min(backoff, untilNextMs));
}
