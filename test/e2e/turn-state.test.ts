import { CosmosRequest } from '../../src/store/embedded-cosmos';
import { USERS, cardAction, message } from '../support/activities';
import { Harness } from '../support/bot-harness';
import { CountedHarness, startCountedHarness } from '../support/counted-harness';

/**
 * No handler keeps teams-ai conversation or user state (sittings, votes and forms live in our
 * own containers), so a turn reads and writes no turn-state document: two point reads per turn
 * saved on Azure (issue 18's per-action budgets).
 */
let counting: CountedHarness;
let h: Harness;
let seen: CosmosRequest[];

beforeAll(async () => {
  counting = await startCountedHarness('turn-state');
  ({ h, seen } = counting);
});
afterAll(() => counting.stop());

it('a message and a card action touch no turn-state document', async () => {
  const from = seen.length;
  await h.post(message(h.connector.url, USERS.amina, 'aide'));
  await h.connector.waitFor(() => h.connector.sent().find((a) => a.recipient?.id === USERS.amina.id));
  const shown = await h.post(cardAction(h.connector.url, USERS.claire, 'help.show', {}));
  expect(shown.status).toBe(200);
  const during = seen.slice(from);
  expect(during.length).toBeGreaterThan(0);
  expect(during.filter((r) => r.path.includes('/colls/turnstate'))).toEqual([]);
});
