import { limitsShare } from '../../domain/delivery/rate-limiter';

/** Records this instance's heartbeat at `share`, returns the shares its live peers declared. */
export type Heartbeat = (now: number, share: number) => Promise<number[]>;

/** The first heartbeat of a busy spell looks again this soon, peers then known. */
export const SHARE_RECHECK_MS = 250;
/**
 * A heartbeat that got less than its fair share (waiting for room), or declared more than it
 * takes (making room), looks again this soon: the room frees as sends leave Teams' window, and
 * each look lets the other side take what freed since.
 */
export const ROOM_RECHECK_MS = 100;

/**
 * The fraction of Teams' limits this instance takes, kept through heartbeats (see
 * `limitsShare`); time is a parameter (the caller's clock). Three rules keep the instances
 * together within the limits in every window, whatever the order their heartbeats land in:
 *
 * - Nothing is sent before a share is declared: a busy spell's first send waits for its first
 *   heartbeat, which declares none, reads the others', then declares the share it takes (and
 *   reads again, in case one declared meanwhile).
 * - That first heartbeat may miss a peer starting at the same moment, so it takes a
 *   conservative share, as if one more peer were there (alone: half), and looks again
 *   `SHARE_RECHECK_MS` later, peers known, before moving up to its fair share.
 * - What it declares is never less than what it still uses (`used`: the part of the limits its
 *   own sends of the last window take — they still count in Teams' window): after moving down
 *   to a smaller share, it declares that use as it drains, every `ROOM_RECHECK_MS`, so that a
 *   peer waiting for room gets it as fast as it frees, and never before.
 */
export class LimitsShare {
  private last = -Infinity;
  private next = -Infinity;
  private current = 0;
  /** What the last heartbeat declared: the share, or more while earlier sends still take more. */
  private declaredShare = 0;
  /** The part it would take once the peers it saw made room (its share may be less meanwhile). */
  private fair = 0;
  private beating: Promise<void> | null = null;

  constructor(
    private readonly heartbeat: Heartbeat,
    private readonly options: {
      heartbeatMs: number;
      /** The fraction of the limits this instance's sends of the last window take (0 to 1). */
      used: (now: number) => number;
    },
  ) {}

  /** The share to send at now; 0 before the first heartbeat of a busy spell, and after leave(). */
  get share(): number {
    return this.current;
  }

  /**
   * What the limiters keep to. The windows — the bound, never more in a window than declared —
   * at what was declared; the pace (sends per second) at the fair part. Moving down, the pace
   * drops at once while the windows let the earlier sends drain: the sends go on at the new
   * pace, instead of none at all until the window has fallen to the new share. Moving up (a
   * newcomer while a peer makes room), the pace is already the fair part, the windows grow with
   * the room each heartbeat finds: the newcomer fills the room as fast as the peer frees it.
   */
  get limits(): { pace: number; windows: number } {
    return {
      pace: this.current > 0 ? Math.max(this.current, this.fair) : 0,
      windows: Math.max(this.current, this.declaredShare),
    };
  }

  /** A heartbeat of this busy spell was written (the others count this instance). */
  get declared(): boolean {
    return this.last !== -Infinity;
  }

  /** A heartbeat is due at now (and none is under way). */
  due(now: number): boolean {
    return now >= this.next && !this.beating;
  }

  /** Heartbeats if one is due (one at a time: concurrent callers wait for the same). Returns the share. */
  async update(now: number): Promise<number> {
    if (now >= this.next) this.beating ??= this.beat(now).finally(() => (this.beating = null));
    if (this.beating) await this.beating;
    return this.current;
  }

  /** What this instance must declare: its share, or more while its earlier sends still take more. */
  private holding(now: number): number {
    return Math.max(this.current, Math.min(1, this.options.used(now)));
  }

  private async beat(now: number): Promise<void> {
    const first = this.last === -Infinity;
    const peersKnown = !first;
    const held = this.holding(now);
    let peers = await this.heartbeat(now, held);
    let share = limitsShare(peers, { peersKnown });
    // More than declared: declared before it is taken, and the others read again (one may have
    // declared meanwhile). Less: what is still used stays declared (see holding).
    let declared = held;
    if (share > held) {
      peers = await this.heartbeat(now, share);
      declared = share;
      share = Math.min(share, limitsShare(peers, { peersKnown }));
    }
    this.current = share;
    this.declaredShare = declared;
    this.last = now;
    // The first beat, less than its fair part (peers have not made room yet), or more declared
    // than taken (the room it leaves is freeing): looks again soon.
    const fair = 1 / (peers.length + 1);
    // (The first beat counts one more, unknown peer, as limitsShare does.)
    this.fair = 1 / (peers.length + (peersKnown ? 1 : 2));
    const wait = first ? SHARE_RECHECK_MS : share < fair || held > share ? ROOM_RECHECK_MS : this.options.heartbeatMs;
    this.next = now + Math.min(wait, this.options.heartbeatMs);
  }

  /** No longer delivering: the share goes back to nothing; `remove` tells the others (if a heartbeat was written). */
  async leave(now: number, remove: () => Promise<void>): Promise<void> {
    if (this.beating) await this.beating.catch(() => undefined);
    this.current = 0;
    this.declaredShare = 0;
    this.next = -Infinity;
    if (this.last === -Infinity) return;
    // Removed at once, its sends of the last window still counting in Teams': a peer moving up
    // to the whole does so at its pace (one send each 50th of a second), never faster than they
    // leave the window.
    this.last = -Infinity;
    await remove();
  }
}
