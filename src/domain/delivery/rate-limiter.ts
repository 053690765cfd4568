/**
 * Sliding-window rate limiting, pure: time is a parameter. A key may send when every window
 * (N per T ms) has room; otherwise the answer says when the earliest window frees a slot.
 */
export interface Window {
  limit: number;
  ms: number;
}

export type Acquire = { ok: true } | { ok: false; retryAt: number };

export class SlidingWindowLimiter {
  private readonly stamps = new Map<string, number[]>();
  private readonly longest: number;
  private windows: Window[];

  constructor(private readonly base: Window[]) {
    this.windows = base;
    this.longest = Math.max(...base.map((w) => w.ms));
  }

  /** With several bot instances on one database, each keeps to its share of the limits. */
  share(instances: number): void {
    this.windows = shareOf(this.base, instances);
  }

  /** When `key` could send next (now if it can). Does not take the slot. */
  nextSlot(key: string, now: number): number {
    const stamps = this.prune(key, now);
    let at = now;
    for (const w of this.windows) {
      const inWindow = stamps.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.limit) {
        // The slot frees when the oldest stamp that keeps the window full leaves it.
        at = Math.max(at, inWindow[inWindow.length - w.limit]! + w.ms);
      }
    }
    return at;
  }

  tryAcquire(key: string, now: number): Acquire {
    const at = this.nextSlot(key, now);
    if (at > now) return { ok: false, retryAt: at };
    this.stamps.get(key)!.push(now);
    return { ok: true };
  }

  /** Gives back a slot taken at `at` for a call Teams did not accept (429, 5xx): it posted nothing. */
  release(key: string, at: number): void {
    const stamps = this.stamps.get(key);
    const i = stamps?.lastIndexOf(at) ?? -1;
    if (i >= 0) stamps!.splice(i, 1);
  }

  /**
   * Moves a slot taken at `at` to `to` (later): a call counts when Teams receives it, sometime
   * before its answer is back; stamped at the answer, the window never counts it earlier than
   * Teams did, however long the call waited to leave this process or travelled.
   */
  restamp(key: string, at: number, to: number): void {
    const stamps = this.stamps.get(key);
    const i = stamps?.lastIndexOf(at) ?? -1;
    if (i < 0 || to <= at) return;
    stamps!.splice(i, 1);
    let j = stamps!.length;
    while (j > 0 && stamps![j - 1]! > to) j--;
    stamps!.splice(j, 0, to);
  }

  /**
   * The part of its limit the busiest key used within the tightest window ending at now (from
   * 0; may pass 1 after a share was lowered, until the earlier sends leave the window).
   */
  used(now: number): number {
    const w = this.windows.reduce((a, b) => (a.ms < b.ms ? a : b));
    const limit = this.base.find((b) => b.ms === w.ms)!.limit;
    let most = 0;
    for (const key of [...this.stamps.keys()]) {
      const stamps = this.prune(key, now);
      let n = 0;
      for (let i = stamps.length - 1; i >= 0 && stamps[i]! > now - w.ms; i--) if (stamps[i]! <= now) n++;
      most = Math.max(most, n);
      if (stamps.length === 0) this.stamps.delete(key);
    }
    return most / limit;
  }

  /** Pushes a key's next slot back, e.g. after a 429 with Retry-After. */
  blockUntil(key: string, until: number, now: number): void {
    const stamps = this.prune(key, now);
    // Fill the tightest window so that nothing goes out before `until`.
    const w = this.windows.reduce((a, b) => (a.ms < b.ms ? a : b));
    const fill = until - w.ms;
    for (let i = 0; i < w.limit; i++) stamps.push(fill);
    stamps.sort((a, b) => a - b);
  }

  private prune(key: string, now: number): number[] {
    let stamps = this.stamps.get(key);
    if (!stamps) {
      stamps = [];
      this.stamps.set(key, stamps);
    }
    const cutoff = now - this.longest;
    let drop = 0;
    while (drop < stamps.length && stamps[drop]! <= cutoff) drop++;
    if (drop) stamps.splice(0, drop);
    // The clock went back (a correction): stamps far "in the future" would block for that long.
    // (blockUntil puts some up to a Retry-After ahead: minutes at most.)
    while (stamps.length && stamps[stamps.length - 1]! > now + 300_000) stamps.pop();
    return stamps;
  }
}

/**
 * Teams' published limits (docs/stack.md): a bot to one conversation, and one app in one tenant.
 * Teams counts a call when it arrives, which is after this process took its slot and before the
 * answer is back: the dispatcher moves each accepted call's stamp to its answer (`restamp`), so
 * that the windows here never count a call earlier than Teams did, however long it waited to
 * leave or travelled. MARGIN_MS only covers the clocks' millisecond rounding.
 */
const MARGIN_MS = 1;
export const TEAMS_CONVERSATION_WINDOWS: Window[] = [
  { limit: 7, ms: 1_000 + MARGIN_MS },
  { limit: 8, ms: 2_000 + MARGIN_MS },
  { limit: 60, ms: 30_000 + MARGIN_MS },
  { limit: 1_800, ms: 3_600_000 + MARGIN_MS },
];
export const TEAMS_TENANT_WINDOWS: Window[] = [{ limit: 50, ms: 1_000 + MARGIN_MS }];

/**
 * A bot process keeping to 1/`instances` of every window (at least 1 call). `instances` need
 * not be whole: 1 / the fraction of the limits the process takes (see `limitsShare`).
 */
export const shareOf = (windows: Window[], instances: number): Window[] =>
  windows.map((w) => ({ ms: w.ms, limit: Math.max(1, Math.floor(w.limit / Math.max(1, instances))) }));

/**
 * The fraction of Teams' limits a delivering process takes, from the fractions its live peers
 * declared at their last heartbeat: its fair part (1 / (peers + 1)), but never more than they
 * leave free — a peer that has not yet seen this process still sends at its old share. A
 * newcomer may thus get nothing (it waits) until the others make room at their next heartbeat,
 * instead of all of them sending at full rate until they see each other. `peersKnown: false`
 * (the first heartbeat of a busy spell: a peer starting at the same moment may not have written
 * its heartbeat yet) counts one more, unknown peer: alone, half; with one peer seen, a third.
 */
export function limitsShare(peerShares: number[], options: { peersKnown?: boolean } = {}): number {
  const unknown = options.peersKnown === false ? 1 : 0;
  const fair = 1 / (peerShares.length + 1 + unknown);
  const free = 1 - peerShares.reduce((sum, s) => sum + Math.min(1, Math.max(0, s)), 0);
  return Math.max(0, Math.min(fair, free));
}

/**
 * Even pacing (GCRA, the "virtual scheduling" of ATM networks): one send every `intervalMs`
 * per key, counted from the theoretical time rather than from when the timer fired, so that a
 * busy event loop does not slow the pace, and sends never bunch up at a window's edge.
 */
export class Pacer {
  private readonly due = new Map<string, number>();
  private interval: number;

  constructor(
    private readonly baseIntervalMs: number,
    private readonly toleranceMs: number,
  ) {
    this.interval = baseIntervalMs;
  }

  share(instances: number): void {
    this.interval = this.baseIntervalMs * Math.max(1, instances);
  }

  nextSlot(key: string, now: number): number {
    const due = this.due.get(key) ?? now;
    // Far ahead means the clock went back: start again from now.
    if (due - now > 60_000) this.due.delete(key);
    return Math.max(now, (this.due.get(key) ?? now) - this.toleranceMs);
  }

  take(key: string, now: number): void {
    this.due.set(key, Math.max(this.due.get(key) ?? now, now) + this.interval);
  }

  /**
   * Gives back the interval a send took, for a call Teams did not accept (429, 5xx): it posted
   * nothing, so the next send may go that much sooner (never before now).
   */
  giveBack(key: string, now: number): void {
    const due = this.due.get(key);
    if (due !== undefined) this.due.set(key, Math.max(now, due - this.interval));
  }
}

/**
 * Tenant pacing: the tenant window's 50 per 1,001 ms, spread evenly (one send every 20 ms). A
 * send may go up to two intervals early, which absorbs a late timer (a busy event loop) without
 * losing pace, but bunches at most three sends together — the window above stays the bound.
 */
export const tenantPacer = () => new Pacer((1_000 + MARGIN_MS) / 50, 2 * ((1_000 + MARGIN_MS) / 50));
