import { CosmosRequest, EmbeddedCosmos, startEmbeddedCosmos } from '../../src/store/embedded-cosmos';
import { inBatches } from '../../src/store/doc-table';
import { DEMO_TENANT, USERS, cardAction, message } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { dayFromNow } from '../support/forms';

/**
 * Issue 18's vote at scale (`bench:votes`, 2,000 voters): the card a voter gets back shows the
 * participation and, on a ballot whose tally is live, the tally — from the votes this process
 * keeps, read in full once, then only those written since. On a ballot of 400 votes, the first
 * vote of the process reads them all; a vote after the shared moment (500 ms) reads the votes of
 * the last seconds only, and its card counts every vote. Counted by the embedded server: the
 * bytes the queries of the `ballots` container (the votes' reads) sent back during the press.
 */
let cosmos: EmbeddedCosmos;
let h: Harness;
let skipped = 0;
const seen: CosmosRequest[] = [];
const clock = { now: () => new Date(Date.now() + skipped) };
const EXTRA = 400;
let ballotId = '';

async function voteReadBytes(post: () => Promise<unknown>): Promise<number> {
  const from = seen.length;
  await post();
  return seen
    .slice(from)
    .filter((r) => /\/colls\/ballots\//.test(r.path) && (r.query || r.queryPlan))
    .reduce((n, r) => n + r.bytes, 0);
}
const vote = (u: typeof USERS.jean, choice: string) =>
  h.post(cardAction(h.connector.url, u, 'ballot.vote', { ballotId, choice }));

beforeAll(async () => {
  cosmos = await startEmbeddedCosmos();
  cosmos.onRequest((r) => seen.push(r));
  h = await startHarness(
    {},
    {
      clock,
      store: {
        kind: 'cosmos',
        databaseId: 'vote-requests',
        target: { kind: 'embedded', endpoint: cosmos.endpoint, key: cosmos.key },
      },
    },
  );
  for (const u of [USERS.claire, USERS.jean, USERS.luc]) await h.post(message(h.connector.url, u, 'aide'));
  // The Comité de pilotage (no channel: no channel card read meanwhile), its tally shown live.
  const opened = await h.post(
    cardAction(h.connector.url, USERS.claire, 'ballot.open', {
      instanceId: 'comite-de-pilotage',
      subject: 'Programmation 2027',
      question: 'Validez-vous la programmation 2027 ?',
      closeDate: dayFromNow(3),
      closeTime: '18:00',
      visibility: 'live',
    }),
  );
  ballotId = JSON.stringify(opened.body.value).match(/"ballotId":"([^"]+)"/)![1]!;
  // 400 more voters who have voted already (written straight into the store).
  const extra = Array.from(
    { length: EXTRA },
    (_, n) => `${DEMO_TENANT}:c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  );
  await h.bot.store.ballots.update(ballotId, (b) => ({ ...b, voterKeys: [...b.voterKeys, ...extra] }));
  const at = new Date().toISOString();
  await inBatches(extra, 16, (k) =>
    h.bot.store.ballots.vote(ballotId, k, () => ({
      voterKey: k,
      castBy: k,
      choice: 'Pour',
      reason: '',
      revision: 1,
      at,
    })),
  );
  // Those votes are a few seconds old when the first voter of this process votes.
  await new Promise((r) => setTimeout(r, 3_500));
});
afterAll(async () => {
  await h.stop();
  await cosmos.stop();
});

it('a vote reads the votes written since the last read, not the 400 of the ballot, and its card counts them all', async () => {
  const voters = (await h.bot.store.ballots.get(ballotId))!.voterKeys.length;
  expect(voters).toBeGreaterThan(EXTRA);
  const first = await voteReadBytes(async () => {
    const res = await vote(USERS.jean, 'Pour');
    expect(textOf(res.body.value)).toContain(`${EXTRA + 1} votants sur ${voters}`);
  });
  skipped += 1_000; // past the moment the votes read are shared by the turns
  const second = await voteReadBytes(async () => {
    const res = await vote(USERS.luc, 'Contre');
    expect(textOf(res.body.value)).toContain(`${EXTRA + 2} votants sur ${voters}`);
    expect(textOf(res.body.value)).toMatch(/Pour\s+401\s+Contre\s+1\s/);
  });
  // The first read all 400 votes (about 100 KB); the second, the two of the last seconds.
  expect(first).toBeGreaterThan(EXTRA * 150);
  expect(second).toBeLessThan(first / 10);
});
