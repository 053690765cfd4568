import os from 'os';
import { createCosmosClient, handleOf, prepareDatabase } from '../src/store/cosmos-client';
import { CosmosRequest, startEmbeddedCosmos } from '../src/store/embedded-cosmos';
import { USERS, cardAction, message } from '../test/support/activities';
import { startHarness } from '../test/support/bot-harness';
import { FakeConnector } from '../test/support/fake-connector';
import { startBareApp } from './bare-app';
import { ACTIONS, ActionName, Driver, drivers, prepareLive } from './scale-drivers';
import { seedYears } from './seed-years';

/**
 * Does an action slow down as the years pile up? For each scale (1×, 5×, 20× a realistic year
 * of a large centrale, seeded by seed-years.ts in the shape the repositories write), a fresh
 * embedded Cosmos server is seeded, the real bot (restify, teams-ai, our routes, the real SDK)
 * is started on it next to a loopback Bot Connector, this year's live objects are made through
 * the bot (a sitting to come, a running ballot, an open campaign, a dispute — scale-drivers.ts),
 * and each of the ten actions is pressed as Teams does, round-robin, `BENCH_REPS` times.
 *
 * One JSON line: per scale and action p50/p99 (ms, from the POST to the answer: the HTTP answer
 * of an invoke, the reply at the connector for a typed command), the Cosmos requests and bytes
 * of a press (median), failures; `ratio_20x` = p50 at the largest scale / p50 at 1× per action
 * and `max_ratio_20x`; and the floor of each scale, measured in the same run just before it: a
 * bare teams-ai app (bench/bare-app.ts) answering a message and an invoke on this machine.
 *
 * Options (environment): BENCH_SCALES (years per scale, "1,5,20"), BENCH_REPS (25 presses per
 * action and scale), BENCH_WARMUP (2), BENCH_ACTION_BUDGET_S (an action that has spent this long
 * at a scale stops after BENCH_MIN_REPS presses: 20 s, 5), BENCH_QUIET_MS (before each press,
 * wait until the database has been quiet that long, at most 2 s: 50), BENCH_FLOOR_RUNS (100),
 * BENCH_DEBUG (per action at each scale, the requests of a press by container and kind, on stderr).
 */
const SCALES = (process.env.BENCH_SCALES ?? '1,5,20').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 25);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const BUDGET_MS = Number(process.env.BENCH_ACTION_BUDGET_S ?? 20) * 1000;
const MIN_REPS = Number(process.env.BENCH_MIN_REPS ?? 5);
const QUIET_MS = Number(process.env.BENCH_QUIET_MS ?? 50);
const FLOOR_RUNS = Number(process.env.BENCH_FLOOR_RUNS ?? 100);
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
  kinds: Map<string, number>;
}

/** The framework floor on this machine now: a bare teams-ai app's message and invoke round trips. */
async function floor() {
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
  const time = async (n: number, once: () => Promise<void>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await once();
      out.push(performance.now() - t);
    }
    return out;
  };
  const messageOnce = async () => {
    const before = connector.calls.length;
    await post(message(connector.url, USERS.claire, 'aide'));
    await connector.waitFor(() => connector.calls.length > before);
  };
  const invokeOnce = () => post(cardAction(connector.url, USERS.claire, 'help.show', {}));
  try {
    await time(20, messageOnce);
    await time(20, invokeOnce);
    const msg = await time(FLOOR_RUNS, messageOnce);
    const inv = await time(FLOOR_RUNS, invokeOnce);
    return {
      message_p50_ms: round(pct(msg, 50)),
      message_p99_ms: round(pct(msg, 99)),
      invoke_p50_ms: round(pct(inv, 50)),
      invoke_p99_ms: round(pct(inv, 99)),
    };
  } finally {
    await bare.stop();
    await connector.stop();
  }
}

async function atScale(years: number) {
  const cosmos = await startEmbeddedCosmos();
  const seen: CosmosRequest[] = [];
  let lastRequestAt = performance.now();
  cosmos.onRequest((r) => {
    seen.push(r);
    lastRequestAt = performance.now();
  });
  const databaseId = 'bench-scale';
  const target = { kind: 'embedded', endpoint: cosmos.endpoint, key: cosmos.key } as const;
  const seedStarted = performance.now();
  const prepared = createCosmosClient(target);
  await prepareDatabase(handleOf(prepared, databaseId)).finally(() => prepared.dispose());
  // A client of its own, without sockets yet: the seeder draws its documents (seconds) before
  // its first write, and a socket left idle that long may be closed by the server as it is reused.
  const client = createCosmosClient(target);
  const seeded = await seedYears(handleOf(client, databaseId), { years }).finally(() => client.dispose());
  const seedS = (performance.now() - seedStarted) / 1000;
  const h = await startHarness({ LOG_LEVEL: 'error' }, { store: { kind: 'cosmos', databaseId, target } });
  const quiet = async () => {
    const until = performance.now() + 2000;
    while (performance.now() - lastRequestAt < QUIET_MS && performance.now() < until) await sleep(10);
  };
  try {
    const ctx = await prepareLive(h);
    const all = drivers(h, ctx);
    const presses = new Map<ActionName, Press[]>(ACTIONS.map((a) => [a, []]));
    const failures = new Map<ActionName, string[]>(ACTIONS.map((a) => [a, []]));
    const spent = new Map<ActionName, number>(ACTIONS.map((a) => [a, 0]));
    const press = async (d: Driver, rep: number, record: boolean) => {
      await quiet();
      const from = seen.length;
      const t = performance.now();
      try {
        await d.press(rep);
      } catch (e) {
        if (record) failures.get(d.action)!.push(String(e instanceof Error ? e.message : e).slice(0, 300));
        else throw e;
        return;
      } finally {
        spent.set(d.action, spent.get(d.action)! + performance.now() - t);
      }
      const ms = performance.now() - t;
      const done = seen.slice(from);
      const kinds = new Map<string, number>();
      for (const r of done) kinds.set(kindOf(r), (kinds.get(kindOf(r)) ?? 0) + 1);
      if (record)
        presses.get(d.action)!.push({
          ms,
          requests: done.length,
          bytes: done.reduce((n, r) => n + r.bytes, 0),
          kinds,
        });
    };
    // Warm-up: each action works at this scale before anything is timed (a failure here stops the bench).
    for (let rep = 0; rep < WARMUP; rep++) for (const d of all) await press(d, rep, false);
    for (const a of ACTIONS) spent.set(a, 0);
    for (let rep = WARMUP; rep < WARMUP + REPS; rep++) {
      const due = all.filter((d) => rep - WARMUP < MIN_REPS || spent.get(d.action)! < BUDGET_MS);
      if (due.length === 0) break;
      for (const d of due) await press(d, rep, true);
    }
    const actions = Object.fromEntries(
      ACTIONS.map((a) => {
        const ps = presses.get(a)!;
        const ms = ps.map((p) => p.ms);
        return [
          a,
          {
            p50_ms: round(pct(ms, 50)),
            p99_ms: round(pct(ms, 99)),
            reps: ps.length,
            requests: pct(
              ps.map((p) => p.requests),
              50,
            ),
            bytes: pct(
              ps.map((p) => p.bytes),
              50,
            ),
            failed: failures.get(a)!.length,
          },
        ];
      }),
    );
    if (DEBUG) {
      for (const a of ACTIONS) {
        const ps = presses.get(a)!;
        const total = new Map<string, number>();
        for (const p of ps) for (const [k, n] of p.kinds) total.set(k, (total.get(k) ?? 0) + n);
        const perPress = Object.fromEntries(
          [...total].sort((x, y) => y[1] - x[1]).map(([k, n]) => [k, round(n / Math.max(1, ps.length))]),
        );
        console.error(JSON.stringify({ years, action: a, requests_per_press: perPress }));
        if (failures.get(a)!.length) console.error(JSON.stringify({ years, action: a, failures: failures.get(a) }));
      }
    }
    return {
      years,
      seeded_docs: seeded.docs,
      seed_s: round(seedS),
      bot_errors_logged: h.errors.length,
      actions,
      failure_sample: ACTIONS.flatMap((a) =>
        failures
          .get(a)!
          .slice(0, 1)
          .map((f) => `${a}: ${f}`),
      ),
    };
  } finally {
    await h.stop();
    await cosmos.stop();
  }
}

async function main() {
  const started = performance.now();
  const scales: Array<Awaited<ReturnType<typeof atScale>> & { floor: Awaited<ReturnType<typeof floor>> }> = [];
  for (const years of SCALES) {
    const f = await floor();
    scales.push({ ...(await atScale(years)), floor: f });
    if (DEBUG) console.error(JSON.stringify({ years, done_s: round((performance.now() - started) / 1000) }));
  }
  const first = scales[0]!;
  const last = scales[scales.length - 1]!;
  const ratio = Object.fromEntries(
    ACTIONS.map((a) => [a, round(last.actions[a]!.p50_ms / first.actions[a]!.p50_ms)]),
  ) as Record<ActionName, number>;
  const suffix = `${last.years / first.years}x`;
  const line = {
    bench: 'scale',
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    reps: REPS,
    warmup: WARMUP,
    scales: Object.fromEntries(
      scales.map((s) => [
        `${s.years}x`,
        {
          seeded_docs: s.seeded_docs,
          seed_s: s.seed_s,
          floor: s.floor,
          bot_errors_logged: s.bot_errors_logged,
          ...s.actions,
          ...(s.failure_sample.length ? { failure_sample: s.failure_sample } : {}),
        },
      ]),
    ),
    [`ratio_${suffix}`]: ratio,
    [`max_ratio_${suffix}`]: Math.max(...Object.values(ratio).filter((r) => Number.isFinite(r))),
    failed: scales.reduce((n, s) => n + ACTIONS.reduce((m, a) => m + s.actions[a]!.failed, 0), 0),
    elapsed_s: round((performance.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

if (require.main === module)
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
