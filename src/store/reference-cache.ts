/**
 * How long this process may keep serving reference data that another process on the same
 * database has changed: 5 s. What this process writes itself is seen at once (every write
 * forgets everything kept). Only reference data is kept — a centrale, its instances (and their
 * members), its adhérents, its people and their roles, the person → centrales and conversation
 * → instance lookups — never answers, votes, proxies, tallies, the outbox or anything a legal
 * rule reads at the instant.
 */
export const REFERENCE_STALE_MS = 5_000;

/**
 * Reads kept in memory between turns (issue 18: each turn read the person's centrales, the
 * person, the centrale and, often, the instances or people again, each a request to Cosmos).
 * Each entry is the read's promise, kept for `staleMs` from when the read started; a failed read
 * is dropped. Values are deep-frozen: every caller gets the same object, so none may change it.
 */
export class ReferenceCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly staleMs = REFERENCE_STALE_MS,
  ) {}

  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const at = this.now();
    const kept = this.entries.get(key);
    if (kept && at - kept.at < this.staleMs) return kept.value as Promise<T>;
    const value = load().then(deepFreeze);
    this.entries.set(key, { at, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /**
   * A write of this process: what was kept is forgotten before it (a read under way then is not
   * kept past it) and again once it is done (a read made while it ran may predate it).
   */
  async writing<R>(write: () => Promise<R>): Promise<R> {
    this.forget();
    try {
      return await write();
    } finally {
      this.forget();
    }
  }

  forget(): void {
    this.entries.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
