/**
 * Coalesces refreshes of shared cards inside this process: a request waits `delayMs` before its
 * refresh runs, and requests for the same card meanwhile (or while one runs) only mark it dirty;
 * one more refresh runs `gapMs` later with the state of that moment. Hundreds of concurrent
 * votes or answers thus cost a few card builds, none inside the turns that asked for them, and
 * the outbox (one update entry per card, at most one a second) sends fewer still.
 */
export class CardRefresher {
  private readonly dirty = new Map<string, () => Promise<void>>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly gapMs: number,
    private readonly onError: (cardId: string, e: unknown) => void,
    private readonly delayMs = 0,
  ) {}

  request(cardId: string, refresh: () => Promise<void>): void {
    this.dirty.set(cardId, refresh);
    if (!this.running.has(cardId)) this.running.set(cardId, this.drain(cardId));
  }

  private async drain(cardId: string): Promise<void> {
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      for (let next = this.dirty.get(cardId); next; next = this.dirty.get(cardId)) {
        this.dirty.delete(cardId);
        try {
          await next();
        } catch (e) {
          this.onError(cardId, e);
        }
        if (this.dirty.has(cardId)) await new Promise((r) => setTimeout(r, this.gapMs));
      }
    } finally {
      this.running.delete(cardId);
    }
  }

  /** Waits for the refreshes under way (at shutdown, and in tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}
