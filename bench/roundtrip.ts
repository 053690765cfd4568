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
 * HTTP answer; then the same against a bare teams-ai app (the framework floor). One JSON line.
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

async function measure(n: number, once: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 100) / 100;
};

async function roundTrips(port: number, connector: FakeConnector) {
  const messageOnce = async () => {
    const before = connector.calls.length;
    await post(port, message(connector.url, USERS.claire, 'aide'));
    await connector.waitFor(() => connector.calls.length > before);
  };
  const invokeOnce = async () => {
    const body = await post(port, cardAction(connector.url, USERS.claire, 'help.show', {}));
    if (body?.type !== 'application/vnd.microsoft.card.adaptive') throw new Error('no card in the invoke response');
  };
  await measure(WARMUP, messageOnce);
  await measure(WARMUP, invokeOnce);
  const msg = await measure(RUNS, messageOnce);
  const inv = await measure(RUNS, invokeOnce);
  return {
    message_p50_ms: pct(msg, 50),
    message_p99_ms: pct(msg, 99),
    invoke_p50_ms: pct(inv, 50),
    invoke_p99_ms: pct(inv, 99),
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
    const ours = await roundTrips(bot.port, connector);
    const floor = await roundTrips(bare.port, connector);
    const line = {
      bench: 'roundtrip',
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      runs: RUNS,
      warmup: WARMUP,
      ...ours,
      floor_message_p50_ms: floor.message_p50_ms,
      floor_message_p99_ms: floor.message_p99_ms,
      floor_invoke_p50_ms: floor.invoke_p50_ms,
      floor_invoke_p99_ms: floor.invoke_p99_ms,
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
