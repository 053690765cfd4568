import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { rulesFromPreset } from '../../src/domain/rules';
import { DEMO_TENANT, USERS, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { convocationForm, dayFromNow } from '../support/forms';

/**
 * The Conférence métropolitaine des maires decides by a majority of the mayors representing at
 * least half of the population of the communes (CGCT L3633-2). The demo communes: Villeurbanne
 * 156 928, Vénissieux 67 129, Caluire-et-Cuire 42 837, Bron 41 983 — 308 877 in all.
 */
let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const CENTRALE = 'metropole-de-lyon';
const mayors = [USERS.jean, USERS.amina, nadia, USERS.luc];

const open = (subject: string, over: Record<string, string> = {}) =>
  h.post(
    cardAction(h.connector.url, USERS.jean, 'ballot.open', {
      instanceId: 'conference-des-maires',
      subject,
      question: 'La Conférence inscrit-elle ce point à l’ordre du jour du conseil ?',
      closeDate: dayFromNow(3),
      closeTime: '18:00',
      majority: 'double-maires',
      ...over,
    }),
  );
const idOf = (res: { body: { value: unknown } }) => JSON.stringify(res.body.value).match(/"ballotId":"([^"]+)"/)![1]!;

async function decide(subject: string, pour: Array<{ aadObjectId: string; id: string; name: string }>) {
  const ballotId = idOf(await open(subject));
  for (const m of mayors)
    await h.post(
      cardAction(h.connector.url, m, 'ballot.vote', { ballotId, choice: pour.includes(m) ? 'Pour' : 'Contre' }),
    );
  const closed = await h.post(cardAction(h.connector.url, USERS.jean, 'ballot.close', { ballotId }));
  expect(closed.status).toBe(200);
  return (await h.bot.store.ballots.get(ballotId))!.result!;
}

beforeAll(async () => {
  h = await startHarness();
  // Luc is Caluire-et-Cuire's mayor; Jean (Bron) organises the Conférence.
  const luc = (await h.bot.store.governance.getPerson(CENTRALE, key(USERS.luc)))!;
  await h.bot.store.governance.upsertPerson({ ...luc, memberId: 'caluire-et-cuire' });
  await h.bot.store.governance.updateInstance(CENTRALE, 'conference-des-maires', (i) =>
    withMembers(i, [...mayors.map(key), key(USERS.claire)], [key(USERS.jean)]),
  );
});
afterAll(() => h.stop());

describe('the Conférence des maires decides by a double majority of mayors and population (CGCT L3633-2)', () => {
  it('refuses to open while a voter speaks for no commune, saying who', async () => {
    const res = await open('Plan de mobilité');
    expect(textOf(res.body.value)).toContain('Claire Martin n’est rattaché·e à aucune commune');
    const { resources } = await h.bot.store.cosmos.container('ballots').items.query('SELECT * FROM c').fetchAll();
    expect(JSON.stringify(resources)).not.toContain('Plan de mobilité');
    await h.bot.store.governance.updateInstance(CENTRALE, 'conference-des-maires', (i) =>
      withMembers(i, mayors.map(key), [key(USERS.jean)]),
    );
  });

  it('rejects three mayors of four who represent less than half of the population', async () => {
    const r = await decide('Plan climat', [USERS.jean, nadia, USERS.luc]);
    expect(r.outcome).toBe('rejete');
    expect(r.population).toEqual({ pour: 151_949, total: 308_877, mayorsPour: 3, mayors: 4 });
  });

  it('rejects half of the mayors, even representing most of the population', async () => {
    const r = await decide('Schéma de cohérence', [USERS.jean, USERS.amina]);
    expect(r.outcome).toBe('rejete');
    expect(r.population).toMatchObject({ pour: 198_911, mayorsPour: 2 });
  });

  it('adopts a majority of mayors representing half of the population at least, and the result card says both', async () => {
    h.connector.reset();
    const r = await decide('Programme local de l’habitat', [USERS.jean, USERS.amina, nadia]);
    expect(r.outcome).toBe('adopte');
    expect(r.population).toEqual({ pour: 266_040, total: 308_877, mayorsPour: 3, mayors: 4 });
    await h.bot.dispatcher.drain();
    const card = h.connector
      .sent()
      .find((a) => textOf(a).includes('Programme local de l’habitat') && textOf(a).includes('habitants'));
    expect(textOf(card)).toMatch(
      /Pour : 3 maires sur 4 \(majorité atteinte\), représentant 266\s040 habitants sur 308\s877/,
    );
  });

  it('refuses a double majority voted other than Pour or Contre', async () => {
    const res = await open('Autre', { choices: 'Oui\nNon' });
    expect(textOf(res.body.value)).toContain('Une double majorité se vote par Pour ou Contre');
  });
});

describe('remote participation makes votes public (CGCT L5211-11-1)', () => {
  it('refuses a secret ballot for a sitting with remote members, and names the way out', async () => {
    await h.bot.store.governance.updateInstance(CENTRALE, 'copil-reseau', (i) => ({
      ...i,
      rules: rulesFromPreset('epci-seance-a-distance'),
    }));
    const convened = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        convocationForm({ mode: 'mixte', onlineLink: 'https://visio.example.org/copil' }),
      ),
    );
    const sittingId = JSON.stringify(convened.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
    await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.answer', { sittingId, choice: 'distance' }));
    const secret = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Attribution du lot 2',
        question: 'Validez-vous ?',
        closeDate: dayFromNow(3),
        closeTime: '18:00',
        secret: 'true',
        sittingId,
      }),
    );
    expect(textOf(secret.body.value)).toContain('le vote y est public et son résultat nomme les votants');
    const named = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Attribution du lot 2',
        question: 'Validez-vous ?',
        closeDate: dayFromNow(3),
        closeTime: '18:00',
        secret: 'false',
        sittingId,
      }),
    );
    expect(textOf(named.body.value)).toContain('Attribution du lot 2');
    expect(textOf(named.body.value)).not.toContain('le vote y est public');
  });
});
