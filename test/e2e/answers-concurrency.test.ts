import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, TestUser, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { addCopilMembers, convene, sittingForm } from '../support/scenarios';

/**
 * Forty members answer one convocation at the same instant through the bot's endpoint: every
 * answer lands, none is lost to another's, and two proxies given at once to the same holder
 * admit exactly one (the instance allows one proxy per holder).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(() => h.stop());

const keyOf = (u: TestUser) => personKey(DEMO_TENANT, u.aadObjectId);

it('concurrent answers, changes and proxies are exact', async () => {
  const users = await addCopilMembers(h, 40, 'storm');
  const { sittingId } = await convene(h, sittingForm({ proxiesAllowed: 'true', remoteAllowed: 'true' }));
  const sitting = (await h.bot.store.meetings.get(sittingId))!;
  expect(sitting.maxProxiesPerHolder).toBe(1);

  const answer = async (u: TestUser, choice: string, proxyHolderKey?: string) => {
    const res = await h.post(
      cardAction(h.connector.url, u, 'meeting.answer', {
        sittingId,
        choice,
        ...(proxyHolderKey ? { proxyHolderKey } : {}),
      }),
    );
    expect(res.status).toBe(200);
    return typeof res.body.value === 'string' ? res.body.value : textOf(res.body.value);
  };
  const attending = users.slice(0, 30);
  const givers = users.slice(30, 40);
  const holders = attending.slice(0, 5);
  // The holders answer first: a proxy goes only to a member who attends.
  await Promise.all(holders.map((u) => answer(u, 'present')));

  const replies = await Promise.all([
    ...attending.slice(5).map(async (u, i) => {
      await answer(u, 'present');
      // Ten change their mind at once, right after.
      return i < 10 ? answer(u, 'distance') : '';
    }),
    // Two proxies to each of the five holders, all ten at the same instant.
    ...givers.map((u, i) => answer(u, 'pouvoir', keyOf(holders[i % holders.length]!))),
  ]);
  expect(h.errors).toEqual([]);
  const refused = replies.filter((t) => /porte déjà 1 pouvoir/.test(t));
  expect(refused).toHaveLength(5);

  const stored = new Map((await h.bot.store.meetings.answersOf(sittingId)).map((a) => [a.personKey, a]));
  for (const [i, u] of attending.entries()) {
    const expected = i >= 5 && i < 15 ? 'distance' : 'present';
    expect({ who: u.name, choice: stored.get(keyOf(u))?.choice }).toEqual({ who: u.name, choice: expected });
  }
  for (const holder of holders) {
    const held = [...stored.values()].filter((a) => a.choice === 'pouvoir' && a.proxyHolderKey === keyOf(holder));
    expect({ holder: holder.name, held: held.length }).toEqual({ holder: holder.name, held: 1 });
  }
  // The five refused givers have no proxy stored: their earlier state (no answer) is unchanged.
  const given = givers.filter((u) => stored.get(keyOf(u))?.choice === 'pouvoir');
  expect(given).toHaveLength(5);
  expect(givers.filter((u) => stored.has(keyOf(u)) && stored.get(keyOf(u))!.choice !== 'pouvoir')).toEqual([]);
}, 120_000);
