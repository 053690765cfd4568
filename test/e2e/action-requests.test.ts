import { needForm } from '../support/scenarios';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
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
 * Issue 18's budgets, counted by the embedded server from the POST until its answer (each
 * request costs request units on Azure): a convocation answer 3, a vote 6, a need declaration 3,
 * and a repeated « aide » or help card none. The person, their centrale and its lists are kept
 * in memory between turns (src/store/reference-cache.ts) and a query in one partition sends no
 * query plan request (`queryPartition`, src/store/doc-table.ts): these budgets fail if either
 * breaks. Before them: 9, 10, 9 and 5 (the person's centrales, the person, the centrale and a
 * list read again at every turn, a plan request with each query). The queues' own polling
 * (outbox and timer scans, which any turn may meet) is counted apart by `bench:requests` as the
 * idle rate, so it is left out here; the channel's shared card is rebuilt off the turn, after
 * CARD_REFRESH_DELAY_MS, and must still follow.
 */
let counting: CountedHarness;
let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);

const REFRESH_DELAY_MS = 1500;

/**
 * The requests of one step, once the deliveries and card refreshes the previous steps queued are
 * done (no request but the queues' polling for longer than a refresh waits: a vote's refresh read
 * its ballot during the next step).
 */
async function counted(post: () => Promise<unknown>): Promise<{ n: number; what: string[] }> {
  await untilQuiet(counting.seen, REFRESH_DELAY_MS + 300, { ignore: queuePolling });
  return countRequests(counting.seen, post, queuePolling);
}

/** Nothing within the budget; over it, the requests made (to read in the failure). */
const overBudget = (c: { n: number; what: string[] }, budget: number) => (c.n <= budget ? [] : c.what);

const channelUpdates = () =>
  h.connector.calls.filter(
    (c) => c.method === 'PUT' && c.conversationId === COPIL_CHANNEL.conversationId && c.status < 300,
  );

beforeAll(async () => {
  // Reference data kept in memory does not age during the test: the counts do not depend on how
  // long the steps take (test/store/reference-cache.test.ts covers its ageing).
  counting = await startCountedHarness(
    'action-requests',
    { CARD_REFRESH_DELAY_MS: String(REFRESH_DELAY_MS) },
    { referenceClock: () => 0 },
  );
  h = counting.h;
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  // Their first message records their conversations (once per person, not per action).
  for (const u of [USERS.amina, USERS.sophie]) await h.post(message(h.connector.url, u, 'aide'));
});
afterAll(() => counting.stop());

it('a convocation answer makes at most 3 requests, and the channel card then shows it', async () => {
  const convened = await h.post(
    cardAction(
      h.connector.url,
      USERS.claire,
      'meeting.create',
      {
        instanceId: 'copil-reseau',
        date: dayFromNow(10),
        time: '09:30',
        mode: 'presentiel',
        place: 'Salle du conseil',
        agenda: 'Programmation 2027',
        proxiesAllowed: 'true',
      },
      COPIL_CHANNEL,
    ),
  );
  const sittingId = JSON.stringify(convened.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
  // The channel's card is posted (the refresh updates it), the members' convocations are out.
  await h.connector.waitFor(
    () => h.connector.sent(COPIL_CHANNEL.conversationId).find((a) => textOf(cardOf(a)).includes('Convocation')),
    10_000,
  );
  const before = channelUpdates().length;
  const answer = await counted(async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.answer', { sittingId, choice: 'present' }),
    );
    expect(textOf(res.body.value)).toContain('Présent');
  });
  expect(overBudget(answer, 3)).toEqual([]);
  // Off the turn, the channel's card follows with the new count.
  const update = await h.connector.waitFor(() => channelUpdates().slice(before).at(-1), 10_000);
  expect(textOf(update.body)).toContain('Réponses : 1 présent·e,');
});

it('a vote makes at most 6 requests', async () => {
  const opened = await h.post(
    cardAction(h.connector.url, USERS.claire, 'ballot.open', {
      instanceId: 'copil-reseau',
      subject: 'Programmation 2027',
      question: 'Le COPIL RReT valide-t-il la programmation 2027 ?',
      choices: 'Pour\nContre\nAbstention',
      closeDate: dayFromNow(2),
      closeTime: '18:00',
      chairKey: key(USERS.claire),
    }),
  );
  const ballotId = JSON.stringify(opened.body.value).match(/"ballotId":"([^"]+)"/)![1]!;
  const vote = await counted(async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.vote', { ballotId, choice: 'Pour' }));
    expect(textOf(res.body.value)).toContain('Pour');
  });
  expect(overBudget(vote, 6)).toEqual([]);
});

it('a need declaration makes at most 3 requests', async () => {
  const campaign = await h.post(
    cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
      title: 'Besoins 2028',
      segments: 'Fournitures de bureau',
      deadline: dayFromNow(30),
      channelInstanceId: 'copil-reseau',
    }),
  );
  const campaignId = JSON.stringify(campaign.body.value).match(/"(campagne-[^"]+)"/)![1]!;
  const need = await counted(async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, ...needForm() }));
    expect(textOf(res.body.value)).toContain('Papier A4 recyclé 80 g');
  });
  expect(overBudget(need, 3)).toEqual([]);
});

it('« aide » again, and the help card of a button, make no request: the person and their centrale are kept in memory', async () => {
  const aide = await counted(async () => {
    const before = h.connector.sent().length;
    await h.post(message(h.connector.url, USERS.amina, 'aide'));
    await h.connector.waitFor(() => h.connector.sent().length > before);
  });
  expect(overBudget(aide, 0)).toEqual([]);
  const help = await counted(async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.amina, 'help.show', {}));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  });
  expect(overBudget(help, 0)).toEqual([]);
});
