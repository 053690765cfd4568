import { needForm } from '../test/support/scenarios';
import os from 'os';
import { personKey } from '../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../test/support/activities';
import { countRequests, startCountedHarness, untilQuiet } from '../test/support/counted-harness';

/**
 * Cosmos requests per action and per idle minute: the real server (restify, teams-ai, our
 * routes) on an embedded Cosmos server that counts every request it answers, as Azure would bill
 * it (each request costs request units; a query that does not name its partition costs a query
 * plan request too). Prints one JSON line: for each action the requests made from the POST until
 * its answer (`aide` until the reply reaches the loopback Bot Connector), the bytes the database
 * sent back (`*_bytes`), and `idle_per_min`, the requests of a bot nobody talks to, over
 * BENCH_IDLE_S seconds (60 by default) after it settled.
 */
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 60);
const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? 20);
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  // QUEUE_IDLE_MAX_MS=10 gives the polling of before the idle backoff (a scan every poll).
  const counting = await startCountedHarness(
    'bench-requests',
    process.env.QUEUE_IDLE_MAX_MS ? { QUEUE_IDLE_MAX_MS: process.env.QUEUE_IDLE_MAX_MS } : {},
  );
  const { h, seen } = counting;
  const url = h.connector.url;
  /** The requests of one action, once the database has been quiet 400 ms (the previous deliveries done), 10 s at most. */
  const counted = async (what: () => Promise<unknown>) => {
    await untilQuiet(seen, 400, { maxMs: 10_000 });
    const from = seen.length;
    const done = await countRequests(seen, what);
    if (process.env.BENCH_DEBUG) {
      const kinds = new Map<string, number>();
      for (const r of seen.slice(from)) {
        const k = `${r.method} ${r.path.replace(/^\/dbs\/[^/]+\/colls\//, '').replace(/docs\/.*/, 'docs/…')}${r.queryPlan ? ' plan' : r.query ? ' query' : ''}`;
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      console.error(Object.fromEntries(kinds));
    }
    return { requests: done.n, bytes: done.bytes, plans: done.plans };
  };
  try {
    await h.post(botAdded(url, USERS.claire, COPIL_CHANNEL));
    await h.post(message(url, USERS.claire, 'aide'));
    h.connector.reset();
    const aide = await counted(async () => {
      await h.post(message(url, USERS.amina, 'aide'));
      await h.connector.waitFor(() => h.connector.sent().find((a) => a.recipient?.id === USERS.amina.id));
    });

    const convened = await h.post(
      cardAction(url, USERS.claire, 'meeting.create', {
        instanceId: 'copil-reseau',
        date: day(10),
        time: '09:30',
        mode: 'presentiel',
        place: 'Salle du conseil',
        agenda: 'Programmation 2027',
        proxiesAllowed: 'true',
      }),
    );
    const sittingId = JSON.stringify(convened.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
    const answer = await counted(() =>
      h.post(cardAction(url, USERS.amina, 'meeting.answer', { sittingId, choice: 'present' })),
    );

    const opened = await h.post(
      cardAction(url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Programmation 2027',
        question: 'Le COPIL RReT valide-t-il la programmation 2027 ?',
        choices: 'Pour\nContre\nAbstention',
        closeDate: day(2),
        closeTime: '18:00',
        chairKey: key(USERS.claire),
      }),
    );
    const ballotId = JSON.stringify(opened.body.value).match(/"ballotId":"([^"]+)"/)![1]!;
    const vote = await counted(() => h.post(cardAction(url, USERS.amina, 'ballot.vote', { ballotId, choice: 'Pour' })));

    const campaign = await h.post(
      cardAction(url, USERS.sophie, 'campaign.open', {
        title: 'Besoins 2028',
        segments: 'Fournitures de bureau',
        deadline: day(30),
        channelInstanceId: 'copil-reseau',
      }),
    );
    const campaignId = JSON.stringify(campaign.body.value).match(/"(campagne-[^"]+)"/)![1]!;
    const need = await counted(() => h.post(cardAction(url, USERS.amina, 'need.save', { campaignId, ...needForm() })));

    // Disputes: a purchasing file and its contract, then a référente reports, the coordinator
    // takes it in charge, the Direction Achats reads the bilan.
    await h.post(
      cardAction(url, USERS.claire, 'registry.file.save', {
        title: 'Fournitures scolaires',
        segment: 'Fournitures',
        coordinatorKey: key(USERS.sophie),
        memberKeys: key(USERS.claire),
      }),
    );
    await h.post(
      cardAction(url, USERS.claire, 'registry.contract.save', {
        fileId: 'fournitures-scolaires',
        number: '2026-014',
        title: 'Fournitures scolaires',
        supplier: 'Papeteries Réunies',
        lots: 'Lot 1',
        startDate: day(-100),
        endDate: day(600),
        memberIds: 'villeurbanne',
      }),
    );
    const contractId = (await h.bot.store.disputes.listContracts('metropole-de-lyon'))[0]!.id;
    const reportWith = (description: string) =>
      h.post(
        cardAction(url, USERS.amina, 'dispute.report', {
          contractId,
          category: 'retard',
          factsDate: day(-2),
          reference: 'BC-2026-118',
          description,
          severity: 'haute',
        }),
      );
    await reportWith('Livraison attendue le 12, rien reçu à ce jour.');
    const disputeReport = await counted(() => reportWith('Seconde livraison attendue le 14, rien reçu non plus.'));
    const last = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).at(-1)!;
    const disputeAct = await counted(() =>
      h.post(
        cardAction(url, USERS.sophie, 'dispute.act', {
          fileId: last.fileId,
          disputeId: last.id,
          kind: 'prendre',
          text: '',
        }),
      ),
    );
    const bilan = await counted(() => h.post(cardAction(url, USERS.claire, 'disputes.bilan', {})));

    // Idle: the deliveries the actions queued are done, nobody writes; what is counted now is
    // the bot's own polling (outbox, timers, heartbeats).
    await sleep(SETTLE_S * 1000);
    const idleFrom = seen.length;
    await sleep(IDLE_S * 1000);
    const idle = seen.slice(idleFrom);
    const line = {
      bench: 'requests',
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      aide: aide.requests,
      aide_bytes: aide.bytes,
      answer: answer.requests,
      answer_bytes: answer.bytes,
      vote: vote.requests,
      vote_bytes: vote.bytes,
      need: need.requests,
      need_bytes: need.bytes,
      dispute_report: disputeReport.requests,
      dispute_report_bytes: disputeReport.bytes,
      dispute_act: disputeAct.requests,
      dispute_act_bytes: disputeAct.bytes,
      bilan: bilan.requests,
      bilan_bytes: bilan.bytes,
      query_plans: {
        aide: aide.plans,
        answer: answer.plans,
        vote: vote.plans,
        need: need.plans,
        dispute_report: disputeReport.plans,
        dispute_act: disputeAct.plans,
        bilan: bilan.plans,
      },
      idle_per_min: Math.round((idle.length * 60) / IDLE_S),
      idle_query_plans_per_min: Math.round((idle.filter((r) => r.queryPlan).length * 60) / IDLE_S),
      idle_writes_per_min: Math.round(
        (idle.filter((r) => r.method !== 'GET' && !r.query && !r.queryPlan).length * 60) / IDLE_S,
      ),
    };
    console.log(JSON.stringify(line));
    if (process.env.BENCH_DEBUG) {
      const kinds = new Map<string, number>();
      for (const r of idle) {
        const k = `${r.method} ${r.path.replace(/docs\/.*/, 'docs/…')}${r.queryPlan ? ' plan' : r.query ? ' query' : ''}`;
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      console.error(Object.fromEntries(kinds));
    }
  } finally {
    await counting.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
