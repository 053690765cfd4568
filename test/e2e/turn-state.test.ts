import { CosmosRequest, EmbeddedCosmos, startEmbeddedCosmos } from '../../src/store/embedded-cosmos';
import { USERS, cardAction, message } from '../support/activities';
import { Harness, startHarness } from '../support/bot-harness';

/**
 * No handler keeps teams-ai conversation or user state (sittings, votes and forms live in our
 * own containers), so a turn reads and writes no turn-state document: two point reads per turn
 * saved on Azure (issue 18's per-action budgets).
 */
let cosmos: EmbeddedCosmos;
let h: Harness;
const seen: CosmosRequest[] = [];

beforeAll(async () => {
  cosmos = await startEmbeddedCosmos();
  cosmos.onRequest((r) => seen.push(r));
  h = await startHarness(
    {},
    {
      store: {
        kind: 'cosmos',
        databaseId: 'turn-state',
        target: { kind: 'embedded', endpoint: cosmos.endpoint, key: cosmos.key },
      },
    },
  );
});
afterAll(async () => {
  await h.stop();
  await cosmos.stop();
});

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
