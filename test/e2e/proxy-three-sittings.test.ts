import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { convocationForm, dayFromNow } from '../support/forms';

/**
 * The rule « a proxy holds for three consecutive sittings at most » (CGCT L2121-20, the COPIL's
 * preset): given « pour cette séance et les suivantes », it carries to the instance's next
 * sittings — those already convened and those convened later — and stops after the third; it is
 * revocable by its giver before the sitting; the card says until when it holds.
 */
let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const sittings: string[] = [];
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };

async function convene(days: number): Promise<string> {
  const res = await h.post(
    cardAction(
      h.connector.url,
      USERS.claire,
      'meeting.create',
      convocationForm({ date: dayFromNow(days) }),
      COPIL_CHANNEL,
    ),
  );
  const id = JSON.stringify(res.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
  sittings.push(id);
  return id;
}
const answerOf = async (sittingId: string, who: { aadObjectId: string }) =>
  (await h.bot.store.meetings.answersOf(sittingId)).find((a) => a.personKey === key(who));
const cardFor = async (sittingId: string, who: typeof nadia) =>
  textOf((await h.post(cardAction(h.connector.url, who, 'meeting.view', { sittingId }))).body.value);

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('a proxy holds for three consecutive sittings at most', () => {
  it('offers « cette séance et les suivantes » up to the preset’s three, and refuses more', async () => {
    const first = await convene(10);
    await convene(20); // already convened when the proxy is given
    const card = await cardFor(first, USERS.amina);
    expect(card).toContain('Cette séance et les 2 suivantes');
    const tooLong = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.answer', {
        sittingId: first,
        choice: 'pouvoir',
        proxyHolderKey: key(USERS.sophie),
        proxySittings: '4',
      }),
    );
    expect(textOf(tooLong.body.value)).toContain('trois séances consécutives au plus (CGCT L2121-20)');
    expect(await answerOf(first, USERS.amina)).toBeUndefined();
  });

  it('carries to the sittings already convened and to those convened later, then stops after the third', async () => {
    const given = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.answer', {
        sittingId: sittings[0],
        choice: 'pouvoir',
        proxyHolderKey: key(USERS.sophie),
        proxySittings: '3',
      }),
    );
    expect(textOf(given.body.value)).toContain('Votre réponse : Absent·e, donne pouvoir à Sophie Bernard');
    expect(textOf(given.body.value)).toContain('Pouvoir valable pour cette séance et les 2 suivantes de l’instance');
    // The holder's own card says whose proxy they carry, before they try to answer « absent ».
    expect(await cardFor(sittings[0]!, USERS.sophie)).toContain('Vous portez le pouvoir d’Amina Haddad.');
    expect(await answerOf(sittings[1]!, USERS.amina)).toMatchObject({
      choice: 'pouvoir',
      proxyHolderKey: key(USERS.sophie),
      proxy: { rank: 2, sittings: 3 },
    });
    const third = await convene(30);
    const fourth = await convene(40);
    expect(await answerOf(third, USERS.amina)).toMatchObject({ choice: 'pouvoir', proxy: { rank: 3, sittings: 3 } });
    expect(await answerOf(fourth, USERS.amina)).toBeUndefined();
    const onFirst = await cardFor(sittings[0]!, USERS.amina);
    expect(onFirst).toMatch(/jusqu’à la séance du [^ ]+ \d+(er)? [^ ]+ \d{4} incluse/);
    const onThird = await cardFor(third, USERS.amina);
    expect(onThird).toContain('3e et dernière séance de ce pouvoir');
    const onFourth = await cardFor(fourth, USERS.amina);
    expect(onFourth).toContain('Votre réponse : pas encore donnée');
    // The holder's forecast counts it at the third sitting, not at the fourth.
    const forecast = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId: fourth }));
    expect(textOf(forecast.body.value)).toContain('Amina Haddad');
  });

  it('is revoked by its giver before the sitting: this sitting and the following ones', async () => {
    const revoked = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.revokeProxy', { sittingId: sittings[1] }),
    );
    expect(textOf(revoked.body.value)).toContain('Pouvoir révoqué');
    expect(textOf(revoked.body.value)).toContain('Votre réponse : pas encore donnée');
    expect(await answerOf(sittings[0]!, USERS.amina)).toMatchObject({ choice: 'pouvoir' });
    expect(await answerOf(sittings[1]!, USERS.amina)).toBeUndefined();
    expect(await answerOf(sittings[2]!, USERS.amina)).toBeUndefined();
    const none = await h.post(cardAction(h.connector.url, nadia, 'meeting.revokeProxy', { sittingId: sittings[1] }));
    expect(textOf(none.body.value)).toContain('Vous n’avez pas donné de pouvoir pour cette séance');
  });
});
