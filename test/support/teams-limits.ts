import { FaultHook } from './fake-connector';

/**
 * Makes the fake connector behave like Teams under load: beyond the published limits (per
 * conversation 7/1 s, 8/2 s, 60/30 s, 1800/h; per app and tenant 50/1 s) it answers 429 with
 * Retry-After, and it fails a share of the calls with 503. Written apart from the bot's own
 * limiter so that a bug in one is not hidden by the same bug in the other.
 */
const CONVERSATION = [
  [7, 1_000],
  [8, 2_000],
  [60, 30_000],
  [1_800, 3_600_000],
] as const;
const TENANT = [[50, 1_000]] as const;

export interface LimitStats {
  throttled: number;
  failed: number;
}

export function teamsLimits(options: { failRate: number; seed?: number }): { hook: FaultHook; stats: LimitStats } {
  const seen = new Map<string, number[]>();
  const stats: LimitStats = { throttled: 0, failed: 0 };
  let state = options.seed ?? 42;
  const random = () => {
    // xorshift32: the same 2 % of calls fail in every run.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 1_000_000) / 1_000_000;
  };
  const over = (key: string, windows: ReadonlyArray<readonly [number, number]>, now: number): number | null => {
    const stamps = seen.get(key) ?? [];
    for (const [limit, ms] of windows) {
      const inside = stamps.filter((t) => t > now - ms);
      if (inside.length >= limit) return inside[inside.length - limit]! + ms - now;
    }
    return null;
  };
  const hook: FaultHook = (call) => {
    if (call.method !== 'POST' || !/\/activities$/.test(call.path)) return undefined;
    const now = call.at;
    const tenant = `tenant:${call.body?.conversation?.tenantId ?? 'default'}`;
    const conversation = `conversation:${call.conversationId}`;
    // Limits count the messages Teams accepts and posts; a refused call posts nothing.
    const wait = over(conversation, CONVERSATION, now) ?? over(tenant, TENANT, now);
    if (wait !== null) {
      stats.throttled++;
      return {
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) },
        body: { error: { code: 'Throttled' } },
      };
    }
    if (random() < options.failRate) {
      stats.failed++;
      return { status: 503, body: { error: { code: 'ServiceUnavailable' } } };
    }
    for (const key of [tenant, conversation])
      seen.set(key, [...(seen.get(key) ?? []).filter((t) => t > now - 3_600_000), now]);
    return undefined;
  };
  return { hook, stats };
}
