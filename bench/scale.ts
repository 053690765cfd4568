import os from 'os';
import { createCosmosClient, handleOf, prepareDatabase } from '../src/store/cosmos-client';
import { CosmosRequest, startEmbeddedCosmos } from '../src/store/embedded-cosmos';
import { USERS, cardAction, message } from '../test/support/activities';
import { Harness, startHarness } from '../test/support/bot-harness';
import { FakeConnector } from '../test/support/fake-connector';
import { startBareApp } from './bare-app';
import { ACTIONS, ActionName, Driver, drivers, prepareLive } from './scale-drivers';
import { seedYears } from './seed-years';

/**
 * Does an action slow down as the years pile up? For each scale (1×, 5×, 20× a realistic year
 * of a large centrale, seeded by seed-years.ts in the shape the repositories write), an embedded
 * Cosmos server of its own is seeded and the real bot (restify, teams-ai, our routes, the real
 * SDK) started on it next to a loopback Bot Connector; this year's live objects are made through
 * each bot (a sitting to come, a running ballot, an open campaign, a dispute: scale-drivers.ts).
 * Then the ten actions are pressed as Teams does, in rounds: each action at every scale back to
 * back, then the floor — so that the load of this shared machine weighs on all scales alike.
 *
 * One JSON line: per scale and action p50/p99 (ms, from the POST to the answer: the HTTP answer
 * of an invoke, the reply at the connector for a typed command), the Cosmos requests (query
 * plans included) and the bytes the database sent (query plans' answers not included), median
 * of the presses (deliveries the action queued may land in them), failures (an answer
 * that is not the one of an action that worked, with a sample); `ratio_20x` = p50 at the largest
 * scale / p50 at the first, per action, and `max_ratio_20x`; `floor`: a bare teams-ai app
 * (bench/bare-app.ts) answering a message and an invoke, measured in the same rounds.
 *
 * Options (environment): BENCH_SCALES (years per scale: 1,5,20), BENCH_REPS (timed presses per
 * action and scale: 25), BENCH_WARMUP (untimed presses first: 2), BENCH_ACTION_BUDGET_S and
 * BENCH_MIN_REPS (an action that has spent 20 s at a scale stops there once it has 5 presses),
 * BENCH_QUIET_MS (before each press, the databases quiet that long, 2 s at most: 50), BENCH_DEBUG
 * (on stderr: per scale and action, a press's requests and bytes by container and kind).
 */
const SCALES = (process.env.BENCH_SCALES ?? '1,5,20').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 25);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const BUDGET_MS = Number(process.env.BENCH_ACTION_BUDGET_S ?? 20) * 1000;
const MIN_REPS = Number(process.env.BENCH_MIN_REPS ?? 5);
const QUIET_MS = Number(process.env.BENCH_QUIET_MS ?? 50);
const DEBUG = Boolean(process.env.BENCH_DEBUG);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 100) / 100;
/** The nearest-rank percentile. */
export const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

/** What one request was, for the BENCH_DEBUG breakdown: method, container, point read or query. */
const kindOf = (r: CosmosRequest) =>
  `${r.method} ${r.path.replace(/^\/dbs\/[^/]+\/colls\/([^/]+).*/, '$1')}${
    r.queryPlan ? ' plan' : r.query ? ' query' : /\/docs\/[^/]+$/.test(r.path) ? ' doc' : ''
  }`;

interface Press {
  ms: number;
  requests: number;
  bytes: number;
  kinds: Map<string, { n: number; bytes: number }>;
}

/**
 * The framework floor on this machine, in the same rounds: a bare teams-ai app (restify, no
 * storage of ours, no logic) answering a typed message (until the reply reaches the connector)
 * and a card invoke.
 */
async function startFloor() {
  const connector = await new FakeConnector().start();
  const bare = await startBareApp();
  const post = async (activity: unknown) => {
    const res = await fetch(`http://127.0.0.1:${bare.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`bare app: HTTP ${res.status}`);
  };
  const msg: number[] = [];
  const inv: number[] = [];
  const timed = async (into: number[], once: () => Promise<void>) => {
    const t = performance.now();
    await once();
    into.push(performance.now() - t);
  };
  const messageOnce = async () => {
    const before = connector.calls.length;
    await post(message(connector.url, USERS.claire, 'aide'));
    await connector.waitFor(() => connector.calls.length > before);
  };
  const invokeOnce = () => post(cardAction(connector.url, USERS.claire, 'help.show', {}));
  for (let i = 0; i < 20; i++) await timed([], messageOnce);
  for (let i = 0; i < 20; i++) await timed([], invokeOnce);
  return {
    async once() {
      await quiet();
      await timed(msg, messageOnce);
      await timed(inv, invokeOnce);
    },
    summary: () => ({
      message_p50_ms: round(pct(msg, 50)),
      message_p99_ms: round(pct(msg, 99)),
      invoke_p50_ms: round(pct(inv, 50)),
      invoke_p99_ms: round(pct(inv, 99)),
      runs: msg.length,
    }),
    async stop() {
      await bare.stop();
      await connector.stop();
    },
  };
}

interface Scale {
  years: number;
  seededDocs: number;
  seedS: number;
  h: Harness;
  seen: CosmosRequest[];
  drivers: Map<ActionName, Driver>;
  presses: Map<ActionName, Press[]>;
  failures: Map<ActionName, string[]>;
  spent: Map<ActionName, number>;
  stop(): Promise<void>;
}

/** When the last request reached any of the scales' databases. */
let lastRequestAt = performance.now();

/** A fresh embedded server with `years` seeded years, the real bot on it, this year's live objects. */
async function startScale(years: number): Promise<Scale> {
  const cosmos = await startEmbeddedCosmos();
  const seen: CosmosRequest[] = [];
  cosmos.onRequest((r) => {
    seen.push(r);
    lastRequestAt = performance.now();
  });
  const databaseId = 'bench-scale';
  const target = { kind: 'embedded', endpoint: cosmos.endpoint, key: cosmos.key } as const;
  const seedStarted = performance.now();
  const client = createCosmosClient(target);
  const seeded = await (async () => {
    const handle = handleOf(client, databaseId);
    await prepareDatabase(handle);
    // Straight into the embedded server's memory (the documents the repositories wrote).
    return seedYears(handle, { years, server: cosmos });
  })().finally(() => client.dispose());
  const seedS = (performance.now() - seedStarted) / 1000;
  const h = await startHarness({ LOG_LEVEL: 'error' }, { store: { kind: 'cosmos', databaseId, target } });
  try {
    const ctx = await prepareLive(h);
    return {
      years,
      seededDocs: seeded.docs,
      seedS,
      h,
      seen,
      drivers: new Map(drivers(h, ctx).map((d) => [d.action, d])),
      presses: new Map(ACTIONS.map((a) => [a, []])),
      failures: new Map(ACTIONS.map((a) => [a, []])),
      spent: new Map(ACTIONS.map((a) => [a, 0])),
      async stop() {
        await h.stop();
        await cosmos.stop();
      },
    };
  } catch (e) {
    await h.stop();
    await cosmos.stop();
    throw e;
  }
}

/** Before each press, the databases have been quiet QUIET_MS (the previous press's deliveries done), 2 s at most. */
async function quiet() {
  const until = performance.now() + 2000;
  while (performance.now() - lastRequestAt < QUIET_MS && performance.now() < until) await sleep(10);
}

/** Presses once at one scale; times it and counts its database requests, or records its failure. */
async function press(scale: Scale, action: ActionName, rep: number, record: boolean) {
  await quiet();
  const from = scale.seen.length;
  const t = performance.now();
  try {
    await scale.drivers.get(action)!.press(rep);
  } catch (e) {
    scale.failures.get(action)!.push(String(e instanceof Error ? e.message : e).slice(0, 300));
    return;
  } finally {
    if (record) scale.spent.set(action, scale.spent.get(action)! + performance.now() - t);
  }
  const ms = performance.now() - t;
  const done = scale.seen.slice(from);
  const kinds = new Map<string, { n: number; bytes: number }>();
  for (const r of done) {
    const k = kinds.get(kindOf(r)) ?? { n: 0, bytes: 0 };
    kinds.set(kindOf(r), { n: k.n + 1, bytes: k.bytes + r.bytes });
  }
  if (record)
    scale.presses.get(action)!.push({
      ms,
      requests: done.length,
      // Not the query plans': the embedded server answers a plan request with the query's results
      // (Azure sends a plan of a few hundred bytes), which would count every query's bytes twice.
      bytes: done.filter((r) => !r.queryPlan).reduce((n, r) => n + r.bytes, 0),
      kinds,
    });
}

function summary(scale: Scale) {
  const actions = Object.fromEntries(
    ACTIONS.map((a) => {
      const ps = scale.presses.get(a)!;
      return [
        a,
        {
          p50_ms: round(
            pct(
              ps.map((p) => p.ms),
              50,
            ),
          ),
          p99_ms: round(
            pct(
              ps.map((p) => p.ms),
              99,
            ),
          ),
          reps: ps.length,
          requests: pct(
            ps.map((p) => p.requests),
            50,
          ),
          bytes: pct(
            ps.map((p) => p.bytes),
            50,
          ),
          failed: scale.failures.get(a)!.length,
        },
      ];
    }),
  ) as Record<
    ActionName,
    { p50_ms: number; p99_ms: number; reps: number; requests: number; bytes: number; failed: number }
  >;
  if (DEBUG)
    for (const a of ACTIONS) {
      const ps = scale.presses.get(a)!;
      const total = new Map<string, { n: number; bytes: number }>();
      for (const p of ps)
        for (const [k, v] of p.kinds) {
          const t = total.get(k) ?? { n: 0, bytes: 0 };
          total.set(k, { n: t.n + v.n, bytes: t.bytes + v.bytes });
        }
      const per = (x: number) => round(x / Math.max(1, ps.length));
      const sorted = [...total].sort((x, y) => y[1].bytes - x[1].bytes);
      console.error(
        JSON.stringify({
          years: scale.years,
          action: a,
          per_press: Object.fromEntries(sorted.map(([k, v]) => [k, `${per(v.n)} × ${Math.round(per(v.bytes))} B`])),
          ...(scale.failures.get(a)!.length ? { failures: scale.failures.get(a) } : {}),
        }),
      );
    }
  const sample = ACTIONS.flatMap((a) =>
    scale.failures
      .get(a)!
      .slice(0, 1)
      .map((f) => `${a}: ${f}`),
  );
  return {
    seeded_docs: scale.seededDocs,
    seed_s: round(scale.seedS),
    bot_errors_logged: scale.h.errors.length,
    ...actions,
    ...(sample.length ? { failure_sample: sample } : {}),
  };
}

async function main() {
  const started = performance.now();
  const scales: Scale[] = [];
  const floor = await startFloor();
  try {
    for (const years of SCALES) scales.push(await startScale(years));
    // Warm-up: each action once or twice at each scale before anything is timed.
    for (let rep = 0; rep < WARMUP; rep++)
      for (const a of ACTIONS) for (const scale of scales) await press(scale, a, rep, false);
    // Round-robin: each action at every scale back to back (in turn first), then the floor, so
    // that the load of the machine (shared) weighs on all scales alike.
    for (let rep = WARMUP; rep < WARMUP + REPS; rep++) {
      for (const a of ACTIONS) {
        const turn = scales.map((_, i) => scales[(i + rep) % scales.length]!);
        for (const scale of turn)
          if (rep - WARMUP < MIN_REPS || scale.spent.get(a)! < BUDGET_MS) await press(scale, a, rep, true);
        await floor.once();
      }
      if (DEBUG)
        console.error(JSON.stringify({ round: rep - WARMUP + 1, at_s: round((performance.now() - started) / 1000) }));
    }
    const first = scales[0]!;
    const last = scales[scales.length - 1]!;
    const results = scales.map(summary);
    const p50 = (i: number, a: ActionName) => results[i]![a].p50_ms;
    const ratio = Object.fromEntries(ACTIONS.map((a) => [a, round(p50(scales.length - 1, a) / p50(0, a))])) as Record<
      ActionName,
      number
    >;
    const suffix = `${last.years / first.years}x`;
    const line = {
      bench: 'scale',
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      reps: REPS,
      warmup: WARMUP,
      floor: floor.summary(),
      scales: Object.fromEntries(scales.map((s, i) => [`${s.years}x`, results[i]])),
      [`ratio_${suffix}`]: ratio,
      [`max_ratio_${suffix}`]: Math.max(...Object.values(ratio).filter((r) => Number.isFinite(r))),
      failed: results.reduce((n, r) => n + ACTIONS.reduce((m, a) => m + r[a].failed, 0), 0),
      elapsed_s: round((performance.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    for (const scale of scales) await scale.stop();
    await floor.stop();
  }
}

if (require.main === module)
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
