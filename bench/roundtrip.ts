import os from 'os';
import { loadConfig } from '../src/config';
import { startBot } from '../src/main';
import { USERS, cardAction, message } from '../test/support/activities';
import { quietLogger } from '../test/support/bot-harness';
import { FakeConnector } from '../test/support/fake-connector';
import { startBareApp } from './bare-app';

/**
 * Round trips through the real server in local mode (restify, teams-ai, embedded Cosmos):
 * a personal "aide" until the card reaches the loopback connector, and a card invoke until its
 * HTTP answer; and the same against a bare teams-ai app (the framework floor), each request to
 * ours followed by the same request to it. One JSON line, with ours / floor of each p50.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

async function post(port: number, activity: unknown): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Runs `a` and `b` in turns, `n` times each, timing each call: both see the same load on a
 * shared machine (measured one after the other, a busy minute made one of them look slow).
 */
async function measurePair(n: number, a: () => Promise<void>, b: () => Promise<void>): Promise<[number[], number[]]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < n; i++) {
    for (const [k, once] of [a, b].entries()) {
      const t = process.hrtime.bigint();
      await once();
      times[k]!.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return times;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 100) / 100;
};

function turns(port: number, connector: FakeConnector) {
  return {
    message: async () => {
      const before = connector.calls.length;
      await post(port, message(connector.url, USERS.claire, 'aide'));
      await connector.waitFor(() => connector.calls.length > before);
    },
    invoke: async () => {
      const body = await post(port, cardAction(connector.url, USERS.claire, 'help.show', {}));
      if (body?.type !== 'application/vnd.microsoft.card.adaptive') throw new Error('no card in the invoke response');
    },
  };
}

/** Our bot and the bare app, each message and invoke measured in turns with the other's. */
async function roundTrips(ourPort: number, barePort: number, connector: FakeConnector) {
  const ours = turns(ourPort, connector);
  const bare = turns(barePort, connector);
  await measurePair(WARMUP, ours.message, bare.message);
  await measurePair(WARMUP, ours.invoke, bare.invoke);
  const [msg, floorMsg] = await measurePair(RUNS, ours.message, bare.message);
  const [inv, floorInv] = await measurePair(RUNS, ours.invoke, bare.invoke);
  return {
    message_p50_ms: pct(msg, 50),
    message_p99_ms: pct(msg, 99),
    invoke_p50_ms: pct(inv, 50),
    invoke_p99_ms: pct(inv, 99),
    floor_message_p50_ms: pct(floorMsg, 50),
    floor_message_p99_ms: pct(floorMsg, 99),
    floor_invoke_p50_ms: pct(floorInv, 50),
    floor_invoke_p99_ms: pct(floorInv, 99),
    message_ratio: Math.round((pct(msg, 50) / pct(floorMsg, 50)) * 100) / 100,
    invoke_ratio: Math.round((pct(inv, 50) / pct(floorInv, 50)) * 100) / 100,
  };
}

async function main() {
  const connector = await new FakeConnector().start();
  const config = loadConfig({
    BOT_MODE: 'local',
    PORT: '0',
    DEMO_DATA: 'true',
    EMBEDDED_PERSIST: 'false',
    LOG_LEVEL: 'silent',
  });
  const bot = await startBot(config, { log: quietLogger() });
  const bare = await startBareApp();
  try {
    const line = {
      bench: 'roundtrip',
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      runs: RUNS,
      warmup: WARMUP,
      ...(await roundTrips(bot.port, bare.port, connector)),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await bare.stop();
    await bot.stop();
    await connector.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
