import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, USERS, cardAction, message } from '../support/activities';
import { Harness, cardOf, textOf } from '../support/bot-harness';
import {
  CountedHarness,
  countRequests,
  queuePolling,
  startCountedHarness,
  untilQuiet,
} from '../support/counted-harness';
import { dayFromNow } from '../support/forms';

/**
 * Issue 18's budget for disputes (a dispute report at most 15 Cosmos requests, each one costing
 * request units on Azure), counted by the embedded server from the POST until its answer. In the
 * disputes container a report reads the one contract it names and its file, increments the
 * year's counter, creates the dispute and updates the file's totals (6 requests, no query: the
 * similar reports come from the totals); a handling reads the dispute with the totals, the file
 * with the contract (two batches), and writes both (4). The person, their centrale and the
 * governance the card names (the committee, its people and adhérents) are reference data kept in
 * memory between turns (src/store/reference-cache.ts): the report reads none of them, the
 * handling only re-checks who acts (2). Then the queuing of the notices (src/app/delivery: a new
 * notice's header, then its entries in one batch, no delivery record read: 2; a handling's
 * notice to the reporter 2 and the card refresh 3 per recipient: its posted record, its last
 * update's record, the update created) and the report's one timer (the later deadline's is
 * scheduled by the first when it runs): 9 and 14 today (21 and 23 before). What the action
 * queues (its notices, its timers) is
 * counted; their delivery is not: the outbox worker is paused during the press (it would
 * otherwise start sending before the answer), then sends, and the committee's card must arrive.
 * The timers' scans, which any turn may meet, are left out (`bench:requests` counts them in its
 * idle rate).
 */
let counting: CountedHarness;
let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const CENTRALE = 'metropole-de-lyon';

/** The requests of one press, the outbox worker paused during it, once the previous step's work is done. */
async function counted(post: () => Promise<unknown>): Promise<{ n: number; bytes: number; what: string[] }> {
  await untilQuiet(counting.seen, 700, { ignore: queuePolling });
  await h.bot.dispatcher.stop();
  try {
    return await countRequests(counting.seen, post, queuePolling);
  } finally {
    h.bot.dispatcher.start();
  }
}

/** Nothing within the budget; over it, the requests made (to read in the failure). */
const overBudget = (c: { n: number; what: string[] }, budget: number) => (c.n <= budget ? [] : c.what);
const inDisputes = (c: { what: string[] }) => c.what.filter((w) => /\/colls\/disputes\//.test(w));

let contractId = '';
const reportWith = (description: string) =>
  h.post(
    cardAction(h.connector.url, USERS.amina, 'dispute.report', {
      contractId,
      category: 'retard',
      factsDate: dayFromNow(-2),
      reference: 'BC-2026-118',
      description,
      severity: 'haute',
    }),
  );

beforeAll(async () => {
  // Reference data kept in memory does not age during the test: the counts do not depend on the steps' pace.
  counting = await startCountedHarness('dispute-requests', {}, { referenceClock: () => 0 });
  h = counting.h;
  for (const u of [USERS.claire, USERS.amina, USERS.sophie]) await h.post(message(h.connector.url, u, 'aide'));
  await h.post(
    cardAction(h.connector.url, USERS.claire, 'registry.file.save', {
      title: 'Fournitures scolaires',
      segment: 'Fournitures',
      coordinatorKey: key(USERS.sophie),
      memberKeys: key(USERS.claire),
    }),
  );
  // An expired contract and a running one: the report and its handling read the one named.
  for (const [number, start, end] of [
    ['2019-003', dayFromNow(-2500), dayFromNow(-900)],
    ['2026-014', dayFromNow(-100), dayFromNow(600)],
  ] as const) {
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'registry.contract.save', {
        fileId: 'fournitures-scolaires',
        number,
        title: 'Fournitures scolaires',
        supplier: 'Papeteries Réunies',
        lots: 'Lot 1',
        startDate: start,
        endDate: end,
        memberIds: 'villeurbanne',
      }),
    );
  }
  contractId = (await h.bot.store.disputes.listContracts(CENTRALE)).find((c) => c.number === '2026-014')!.id;
  // A first report: the file's running totals exist, as they would after the first day.
  await reportWith('Livraison attendue le 12, rien reçu à ce jour.');
});
afterAll(() => counting.stop());

it('a dispute report reads no contract list nor any query in the disputes, and the committee gets its card', async () => {
  const sentBefore = h.connector.sent().length;
  const report = await counted(async () => {
    const res = await reportWith('Seconde livraison attendue le 14, rien reçu non plus.');
    expect(textOf(res.body.value)).toMatch(/LIT-\d{4}-0002/);
  });
  expect(inDisputes(report).filter((w) => / (plan|true)$/.test(w))).toEqual([]);
  expect(overBudget({ n: inDisputes(report).length, what: inDisputes(report) }, 6)).toEqual([]);
  expect(overBudget(report, 9)).toEqual([]);
  // The coordinator's card names the first report as a similar one (same contract and category).
  const card = await h.connector.waitFor(() =>
    h.connector
      .sent()
      .slice(sentBefore)
      .find((a) => a.recipient?.id === USERS.sophie.id && textOf(cardOf(a)).includes('-0002')),
  );
  expect(textOf(cardOf(card))).toMatch(/Signalements similaires.*LIT-\d{4}-0001 \(Ville de Villeurbanne\)/);
});

it('a handling (`dispute.act`) reads the dispute, its totals, file and contract in two requests, and shows it taken in charge', async () => {
  const last = (await h.bot.store.disputes.listByCentrale(CENTRALE)).at(-1)!;
  const act = await counted(async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'dispute.act', {
        fileId: last.fileId,
        disputeId: last.id,
        kind: 'prendre',
        text: '',
      }),
    );
    expect(textOf(res.body.value)).toContain('Pris en charge');
    expect(textOf(res.body.value)).toContain('2026-014 Fournitures scolaires (Papeteries Réunies)');
  });
  expect(overBudget({ n: inDisputes(act).length, what: inDisputes(act) }, 4)).toEqual([]);
  expect(overBudget(act, 14)).toEqual([]);
});
