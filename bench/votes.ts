import { withMembers } from '../src/domain/governance';
import { personKey } from '../src/domain/identity';
import { startEmbeddedCosmos } from '../src/store/embedded-cosmos';
import { openStore } from '../src/store/open-store';
import { REFERENCE_STALE_MS } from '../src/store/reference-cache';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../test/support/activities';
import { FakeConnector } from '../test/support/fake-connector';
import { startBotProcess, waitHealthy } from './bot-process';

/**
 * 500 voters vote on one ballot of the COPIL RReT (and 100 of them change their vote) through
 * concurrent HTTP invokes to the real bot process in local mode (restify, teams-ai), with
 * Teams-shaped activities and the loopback connector. The database is an embedded Cosmos server
 * in this process (as Cosmos DB is another machine in production). Then the ballot is closed
 * and its stored result is compared with the votes sent. One JSON line.
 */
const VOTERS = Number(process.env.BENCH_VOTERS ?? 500);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const CHOICES = ['Pour', 'Contre', 'Abstention'];

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

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 100) / 100;
};

async function pool<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

async function main() {
  const cosmos = await startEmbeddedCosmos();
  const connector = await new FakeConnector().start();
  const port = 4500 + Math.floor(Math.random() * 400);
  const child = startBotProcess(cosmos, port, { DEMO_DATA: 'true' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitHealthy(port);
  const store = await openStore({
    kind: 'cosmos',
    databaseId: 'bench',
    target: { kind: 'embedded', endpoint: cosmos.endpoint, key: cosmos.key },
  });
  const bot = { port, store };
  try {
    await post(bot.port, botAdded(connector.url, USERS.claire, COPIL_CHANNEL));
    const voters = Array.from({ length: VOTERS - 1 }, (_, n) => ({
      id: `29:voter-${n}`,
      name: `Votant ${n}`,
      aadObjectId: `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    }));
    for (const v of voters) {
      await bot.store.governance.upsertPerson({
        key: personKey(DEMO_TENANT, v.aadObjectId),
        centraleId: 'metropole-de-lyon',
        tenantId: DEMO_TENANT,
        aadObjectId: v.aadObjectId,
        teamsUserId: v.id,
        displayName: v.name,
        email: null,
        roles: ['referent'],
        memberId: null,
      });
    }
    const all = [USERS.claire, ...voters];
    const claire = personKey(DEMO_TENANT, USERS.claire.aadObjectId);
    await bot.store.governance.updateInstance('metropole-de-lyon', 'copil-reseau', (i) =>
      withMembers(
        i,
        all.map((u) => personKey(DEMO_TENANT, u.aadObjectId)),
        [claire],
      ),
    );
    // Written by this process, not the bot's: the bot sees it once what it keeps has aged out.
    await new Promise((r) => setTimeout(r, REFERENCE_STALE_MS));

    const closes = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const opened = await post(
      bot.port,
      cardAction(connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Programmation 2027',
        question: 'Validez-vous la programmation 2027 ?',
        closeDate: closes,
        closeTime: '18:00',
        visibility: 'live',
      }),
    );
    const ballotId = JSON.stringify(opened).match(/"ballotId":"([^"]+)"/)![1]!;
    // The cards go out first (500 personal chats, at Teams' pace); votes start once the channel card is posted.
    const t0 = Date.now();
    await connector
      .waitFor(
        () =>
          connector.calls.filter((c) => c.method === 'POST' && /\/activities$/.test(c.path) && c.status < 300).length >=
          VOTERS + 1,
        300_000,
      ) // 500 personal cards and the channel card
      .catch((e) => {
        const byKind = new Map<string, number>();
        for (const c of connector.calls)
          byKind.set(
            `${c.method} ${c.path.replace(/[^/]+\/activities/, 'X/activities')} ${c.status}`,
            (byKind.get(`${c.method} ${c.path.replace(/[^/]+\/activities/, 'X/activities')} ${c.status}`) ?? 0) + 1,
          );
        console.error('connector calls so far:', JSON.stringify([...byKind]));
        throw e;
      });
    const publishS = Math.round((Date.now() - t0) / 100) / 10;
    const putsBefore = connector.calls.length;

    const expected = new Map<string, string>();
    const latencies: number[] = [];
    const wrongAnswers: string[] = [];
    const vote = (user: { id: string; name: string; aadObjectId: string }, choice: string) => async () => {
      const t = process.hrtime.bigint();
      const body = await post(bot.port, cardAction(connector.url, user, 'ballot.vote', { ballotId, choice }));
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (!JSON.stringify(body).includes(`Votre vote : ${choice}`))
        wrongAnswers.push(`${user.name}: ${JSON.stringify(body).slice(0, 300)}`);
      expected.set(personKey(DEMO_TENANT, user.aadObjectId), choice);
    };
    const firstVotes = new Map<string, Promise<void>>();
    const tasks: Array<() => Promise<void>> = all.map((u, n) => () => {
      const p = vote(u, CHOICES[n % 3]!)();
      firstVotes.set(u.id, p);
      return p;
    });
    // 100 voters change their mind, while the others are still voting.
    all.slice(0, CHANGES).forEach((u, n) => {
      tasks.splice(2 * n + 1 + Math.floor(VOTERS / 10), 0, async () => {
        while (!firstVotes.has(u.id)) await new Promise((r) => setTimeout(r, 5));
        await firstVotes.get(u.id);
        await vote(u, CHOICES[(n + 1) % 3]!)();
      });
    });
    const started = Date.now();
    await pool(tasks, CONCURRENCY);
    const votingMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 2_500)); // the last coalesced card update lands

    const stored = await bot.store.ballots.votes(ballotId);
    const perVoter = new Map<string, number>();
    for (const v of stored) perVoter.set(v.voterKey, (perVoter.get(v.voterKey) ?? 0) + 1);
    const lost = [...expected].filter(([k, choice]) => stored.find((v) => v.voterKey === k)?.choice !== choice).length;
    const doubleCounted = [...perVoter.values()].filter((n) => n > 1).length;

    const closed = await post(bot.port, cardAction(connector.url, USERS.claire, 'ballot.close', { ballotId }));
    const result = (await bot.store.ballots.get(ballotId))!.result!;
    const tallyOk = CHOICES.every(
      (c) => result.counts.find((x) => x.choice === c)?.votes === [...expected.values()].filter((e) => e === c).length,
    );
    const puts = connector.calls
      .slice(putsBefore)
      .filter((c) => c.method === 'PUT' && c.conversationId === COPIL_CHANNEL.conversationId)
      .map((c) => c.at);
    const gaps = puts.slice(1).map((t, i) => t - puts[i]!);
    console.log(
      JSON.stringify({
        votes: latencies.length,
        counted: result.cast,
        lost,
        double_counted: doubleCounted,
        tally_matches: tallyOk,
        wrong_answers: wrongAnswers.length,
        p50_ms: pct(latencies, 50),
        p99_ms: pct(latencies, 99),
        max_ms: pct(latencies, 100),
        voting_s: Math.round(votingMs / 100) / 10,
        card_updates: puts.length,
        min_gap_between_card_updates_ms: gaps.length ? Math.min(...gaps) : null,
        result_posted: JSON.stringify(closed).includes('Résultat du scrutin'),
        concurrency: CONCURRENCY,
        wrong_sample: wrongAnswers.slice(0, 2),
        publish_s: publishS,
      }),
    );
  } finally {
    child.kill('SIGTERM');
    await exited;
    await store.close();
    await connector.stop();
    await cosmos.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
