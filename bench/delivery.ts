import os from 'os';
import { monitorEventLoopDelay } from 'perf_hooks';
import { enqueueNotice } from '../src/app/delivery/enqueue';
import { Recipient } from '../src/domain/delivery/delivery';
import { openStore } from '../src/store/open-store';
import { FakeConnector } from '../test/support/fake-connector';
import { startBotProcess, waitHealthy } from './bot-process';
import { startCosmosProcess } from './cosmos-process';
import { teamsLimits } from '../test/support/teams-limits';

/**
 * 2,000 personal notifications from the real bot process to a loopback fake connector that
 * enforces Teams' limits (429 + Retry-After) and fails 2 % of calls with 503. The database is
 * an embedded Cosmos server in a process of its own (cosmos-process.ts), so that it outlives
 * the bot and its work does not delay this process's stamping of the calls Teams' limits count. `--kill` kills the
 * bot with SIGKILL halfway and starts it again. Prints one JSON line.
 */
const N = Number(process.env.BENCH_NOTIFICATIONS ?? 2_000);
const KILL = process.argv.includes('--kill');
/** `--processes 2`: that many bot processes share the database and the work. */
const PROCESSES = Number(process.argv[process.argv.indexOf('--processes') + 1] ?? 1) || 1;
const BOUND_RATE = 50;
const TENANT = 'bench-tenant';

async function main() {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const cosmos = await startCosmosProcess();
  const connector = await new FakeConnector().start();
  const limits = teamsLimits({ failRate: 0.02 });
  connector.fault = limits.hook;
  const store = await openStore({
    kind: 'cosmos',
    databaseId: 'bench',
    target: { kind: 'embedded', endpoint: cosmos.endpoint, key: cosmos.key },
  });
  const port = 3990 + Math.floor(Math.random() * 500);

  const recipients: Recipient[] = [];
  for (let i = 0; i < N; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, N - i) }, async (_, j) => {
        const n = i + j;
        const tenant = TENANT;
        const personKey = `${tenant}:person-${n}`;
        await store.conversations.saveForPerson(personKey, {
          serviceUrl: connector.url,
          channelId: 'msteams',
          conversation: { id: `a:bench-${n}`, tenantId: tenant, conversationType: 'personal' },
          bot: { id: '28:centrale-bot' },
          user: { id: `29:person-${n}` },
        });
        recipients[n] = {
          kind: 'person',
          personKey,
          tenantId: tenant,
          teamsUserId: `29:person-${n}`,
          label: `Personne ${n}`,
        };
      }),
    );
  }

  // The 2,000 notifications are queued first (as a convocation to a large body would be), then
  // the bot starts and delivers them: the rate measured is the delivery's, from first to last.
  const clock = { now: () => new Date() };
  await enqueueNotice(
    { outbox: store.outbox, clock },
    {
      noticeId: 'bench',
      centraleId: 'metropole-de-lyon',
      senderKey: null,
      title: 'Banc d’essai',
      payload: { text: 'Convocation au comité de pilotage' },
      serviceUrl: connector.url,
      recipients: recipients.map((recipient) => ({ recipient })),
    },
  );
  let bot = startBotProcess(cosmos, port);
  const others = Array.from({ length: PROCESSES - 1 }, (_, i) => startBotProcess(cosmos, port + 1 + i));
  await Promise.all([port, ...others.map((_, i) => port + 1 + i)].map(waitHealthy));

  const delivered = () =>
    connector.calls.filter((c) => c.method === 'POST' && c.status === 201 && c.conversationId.startsWith('a:bench-'));
  // Counted incrementally: a query of the outbox while the bot works would load this process,
  // which also serves the database and the connector, and distort what is measured.
  const reached = new Set<string>();
  let scanned = 0;
  const countReached = () => {
    for (; scanned < connector.calls.length; scanned++) {
      const c = connector.calls[scanned]!;
      if (c.method === 'POST' && c.status === 201 && c.conversationId.startsWith('a:bench-'))
        reached.add(c.conversationId);
    }
    return reached.size;
  };
  let inFlightAtKill: number | null = null;
  if (KILL) {
    while (countReached() < N / 2) await new Promise((r) => setTimeout(r, 50));
    bot.kill('SIGKILL');
    await new Promise((r) => bot.once('exit', r));
    const { resources } = await store.cosmos
      .container('outbox')
      .items.query("SELECT VALUE COUNT(1) FROM c WHERE c.type = 'outbox-entry' AND c.data.state = 'sending'")
      .fetchAll();
    inFlightAtKill = resources[0] as number;
    bot = startBotProcess(cosmos, port);
  }

  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline && countReached() < N) await new Promise((r) => setTimeout(r, 200));
  // Then until the outbox is empty (what could still be sent twice would show up here).
  while (Date.now() < deadline && (await store.outbox.pending('bench')).length > 0)
    await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 1_000));

  const ok = delivered();
  const counts = new Map<string, number>();
  for (const c of ok) counts.set(c.conversationId, (counts.get(c.conversationId) ?? 0) + 1);
  const sent = counts.size;
  const duplicated = [...counts.values()].reduce((a, n) => a + (n - 1), 0);
  const first = Math.min(...ok.map((c) => c.at));
  const last = Math.max(...ok.map((c) => c.at));
  const elapsed = (last - first) / 1000;
  const rate = sent / elapsed;
  const records = await store.outbox.records('bench');
  if (process.env.BENCH_DEBUG) {
    const perSecond = new Map<number, number>();
    for (const c of ok)
      perSecond.set(Math.floor((c.at - first) / 1000), (perSecond.get(Math.floor((c.at - first) / 1000)) ?? 0) + 1);
    process.stderr.write(
      `per second: ${[...perSecond.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([, n]) => n)
        .join(' ')}\n`,
    );
    const early = new Array<number>(20).fill(0);
    for (const c of ok) if (c.at - first < 2_000) early[Math.floor((c.at - first) / 100)]!++;
    process.stderr.write(`first 2 s, per 100 ms: ${early.join(' ')}\n`);
    const by = new Map(records.map((r) => [r.conversationId, r.sentBy ?? '?']));
    for (const who of new Set(by.values())) {
      const mine = new Array<number>(50).fill(0);
      for (const c of ok)
        if (c.at - first < 5_000 && by.get(c.conversationId) === who) mine[Math.floor((c.at - first) / 100)]!++;
      process.stderr.write(`  ${who}: ${mine.join(' ')}\n`);
    }
    const refused = connector.calls.filter((c) => c.status === 429).map((c) => ((c.at - first) / 1000).toFixed(2));
    process.stderr.write(`429 at: ${refused.join(' ')}\n`);
    process.stderr.write(
      `this process's event-loop delay: p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms\n`,
    );
    // The last few to arrive, with every call made to their conversation (what held them).
    for (const c of [...ok].sort((a, b) => a.at - b.at).slice(-3)) {
      const tries = connector.calls.filter((x) => x.conversationId === c.conversationId && x.method === 'POST');
      process.stderr.write(
        `last: ${tries.map((x) => `${x.status}@${((x.at - first) / 1000).toFixed(2)}s`).join(' ')}\n`,
      );
    }
  }
  const line = {
    bench: KILL ? 'delivery-kill' : PROCESSES > 1 ? `delivery-${PROCESSES}-processes` : 'delivery',
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    notifications: N,
    sent,
    lost: N - sent,
    duplicated,
    elapsed_s: Math.round(elapsed * 100) / 100,
    rate: Math.round(rate * 100) / 100,
    bound_rate: BOUND_RATE,
    ratio: Math.round((rate / BOUND_RATE) * 1000) / 1000,
    throttled_429: limits.stats.throttled,
    failed_503: limits.stats.failed,
    records_sent: records.filter((r) => r.state === 'sent').length,
    processes: PROCESSES,
    sent_per_process: Object.values(
      records.reduce<Record<string, number>>(
        (acc, r) => ({ ...acc, [r.sentBy ?? '?']: (acc[r.sentBy ?? '?'] ?? 0) + 1 }),
        {},
      ),
    ).sort((a, b) => b - a),
    ...(KILL ? { in_flight_at_kill: inFlightAtKill } : {}),
  };
  for (const p of [bot, ...others]) {
    p.kill('SIGTERM');
    await new Promise((r) => p.once('exit', r));
  }
  await store.close();
  await connector.stop();
  await cosmos.stop();
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
