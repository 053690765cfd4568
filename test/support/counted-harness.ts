import { CosmosRequest, EmbeddedCosmos, startEmbeddedCosmos } from '../../src/store/embedded-cosmos';
import { Harness, startHarness } from './bot-harness';

/**
 * The bot on an embedded Cosmos server of its own whose every request is recorded: what the
 * request budgets of issue 18 are counted on (tests and `bench:requests` alike).
 */
export interface CountedHarness {
  h: Harness;
  cosmos: EmbeddedCosmos;
  /** Every request the server received, in order. */
  seen: CosmosRequest[];
  stop(): Promise<void>;
}

/** The queues' polling (outbox and timer scans), which any turn may meet: counted apart, as the idle rate. */
export const queuePolling = (r: CosmosRequest) =>
  /\/colls\/(outbox|jobs)\/docs$/.test(r.path) && (!!r.query || r.queryPlan);

export async function startCountedHarness(
  databaseId: string,
  env: Record<string, string> = {},
  /** The clock kept reference data ages by (a fixed one: counts that do not depend on the steps' pace). */
  { referenceClock }: { referenceClock?: () => number } = {},
): Promise<CountedHarness> {
  const cosmos = await startEmbeddedCosmos();
  const seen: CosmosRequest[] = [];
  cosmos.onRequest((r) => seen.push(r));
  const h = await startHarness(env, {
    store: {
      kind: 'cosmos',
      databaseId,
      target: { kind: 'embedded', endpoint: cosmos.endpoint, key: cosmos.key },
      ...(referenceClock ? { referenceClock } : {}),
    },
  });
  return {
    h,
    cosmos,
    seen,
    async stop() {
      await h.stop();
      await cosmos.stop();
    },
  };
}

/**
 * Until the server has received no request but `ignore`d ones for `quietMs` (the deliveries and
 * card refreshes of the previous step done), `maxMs` at most.
 */
export async function untilQuiet(
  seen: CosmosRequest[],
  quietMs: number,
  { ignore = () => false, maxMs = 60_000 }: { ignore?: (r: CosmosRequest) => boolean; maxMs?: number } = {},
): Promise<void> {
  const until = Date.now() + maxMs;
  for (let quietSince = Date.now(), n = seen.length; Date.now() - quietSince < quietMs && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 50));
    if (seen.slice(n).some((r) => !ignore(r))) quietSince = Date.now();
    n = seen.length;
  }
}

/** A request as a failure message shows it: method, path, and its query or « plan ». */
export const describeRequest = (r: CosmosRequest) =>
  `${r.method} ${r.path}${r.queryPlan ? ' plan' : r.query ? ` ${r.query}` : ''}`;

/** The requests `run` made (but `ignore`d ones): how many, their bytes, each described. */
export async function countRequests(
  seen: CosmosRequest[],
  run: () => Promise<unknown>,
  ignore: (r: CosmosRequest) => boolean = () => false,
): Promise<{ n: number; bytes: number; plans: number; what: string[] }> {
  const from = seen.length;
  await run();
  const during = seen.slice(from).filter((r) => !ignore(r));
  return {
    n: during.length,
    bytes: during.reduce((n, r) => n + r.bytes, 0),
    plans: during.filter((r) => r.queryPlan).length,
    what: during.map(describeRequest),
  };
}
