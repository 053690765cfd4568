import { limitsShare } from '../../domain/delivery/rate-limiter';

/** Records this instance's heartbeat at `share`, returns the shares its live peers declared. */
export type Heartbeat = (now: number, share: number) => Promise<number[]>;

/** A heartbeat that got less than a fair share of the limits looks again this soon. */
export const SHARE_RECHECK_MS = 250;

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
 * - A share given back stays declared for one window (`windowMs`, Teams' second): the sends this
 *   instance made at the higher share still count in Teams' window, and a peer taking the room
 *   at once would put that second over the limit.
 */
export class LimitsShare {
  private last = -Infinity;
  private next = -Infinity;
  private current = 0;
  /** Shares held before the current one, and until when. */
  private earlier: Array<{ share: number; until: number }> = [];
  private beating: Promise<void> | null = null;

  constructor(
    private readonly heartbeat: Heartbeat,
    private readonly options: { heartbeatMs: number; windowMs: number },
  ) {}

  /** The share to send at now; 0 before the first heartbeat of a busy spell, and after leave(). */
  get share(): number {
    return this.current;
  }

  /** A heartbeat of this busy spell was written (the others count this instance). */
  get declared(): boolean {
    return this.last !== -Infinity;
  }

  /** Heartbeats if one is due (one at a time: concurrent callers wait for the same). Returns the share. */
  async update(now: number): Promise<number> {
    if (now >= this.next) this.beating ??= this.beat(now).finally(() => (this.beating = null));
    if (this.beating) await this.beating;
    return this.current;
  }

  /** The most this instance may still have sent at within the last window: what it must declare. */
  private holding(now: number): number {
    this.earlier = this.earlier.filter((e) => e.until > now - this.options.windowMs);
    return Math.max(this.current, ...this.earlier.map((e) => e.share));
  }

  private async beat(now: number): Promise<void> {
    const first = this.last === -Infinity;
    const peersKnown = !first;
    const held = this.holding(now);
    let peers = await this.heartbeat(now, held);
    let share = limitsShare(peers, { peersKnown });
    // More than declared: declared before it is taken, and the others read again (one may have
    // declared meanwhile). Less: the higher share stays declared (see holding).
    if (share > held) {
      peers = await this.heartbeat(now, share);
      share = Math.min(share, limitsShare(peers, { peersKnown }));
    }
    if (share !== this.current) {
      this.earlier.push({ share: this.current, until: now });
      this.current = share;
    }
    this.last = now;
    const { heartbeatMs, windowMs } = this.options;
    // The first beat, or less than its fair part (peers have not made room yet): looks again soon.
    const fair = 1 / (peers.length + 1);
    let next = now + (first || share < fair ? Math.min(SHARE_RECHECK_MS, heartbeatMs) : heartbeatMs);
    // A share given back is declared until the window forgets it: beats again then, to free it.
    const givenBack = this.earlier.filter((e) => e.share > share).map((e) => e.until + windowMs);
    if (givenBack.length > 0) next = Math.min(next, Math.max(now + 1, Math.max(...givenBack)));
    this.next = next;
  }

  /** No longer delivering: the share goes back to nothing; `remove` tells the others (if a heartbeat was written). */
  async leave(now: number, remove: () => Promise<void>): Promise<void> {
    if (this.beating) await this.beating.catch(() => undefined);
    if (this.current > 0) this.earlier.push({ share: this.current, until: now });
    this.current = 0;
    this.next = -Infinity;
    if (this.last === -Infinity) return;
    this.last = -Infinity;
    await remove();
  }
}
