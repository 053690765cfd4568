import { convene, openBallot } from '../support/scenarios';
import { dayFromNow } from '../support/forms';
import { fromSeed, governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { CONTAINER_NAMES } from '../../src/store/containers';
import { personKey } from '../../src/domain/identity';
import seedJson from '../../data/governance/metropole-de-lyon.json';
import { DEMO_TENANT, USERS, cardAction, message } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';

/**
 * The right to erasure, as a data-protection officer checks it: a person of two centrales is
 * erased in one; afterwards no document of that centrale carries any of their identifiers, the
 * other centrale still holds them whole, and the decisions keep their counts.
 */
let h: Harness;
const LYON = 'metropole-de-lyon';
const PFRA = 'pfra-aura';
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const day = dayFromNow;
const amina = { ...USERS.amina, email: 'amina.haddad@villeurbanne.example', key: key(USERS.amina) };
let sittingId = '';
let ballotId = '';
let personalConversation = '';

type RawDoc = { id: string; pk: string; type: string; data: unknown };
/** Every document of every container, as the database holds it. */
async function wholeDatabase(): Promise<Array<RawDoc & { container: string }>> {
  const all = [];
  for (const name of CONTAINER_NAMES) {
    const { resources } = await h.bot.store.cosmos.container(name).items.query<RawDoc>('SELECT * FROM c').fetchAll();
    for (const { id, pk, type, data } of resources) all.push({ container: name, id, pk, type, data });
  }
  return all;
}
const identifiers = () => [amina.key, amina.aadObjectId, amina.id, amina.name, amina.email, personalConversation];
const naming = (docs: Array<RawDoc & { container: string }>) =>
  docs.filter((d) => identifiers().some((i) => JSON.stringify(d).includes(i)));
/** What the other centrale holds about her: its partition, her index entry, her 1:1 chat reference. */
const isPfras = (d: RawDoc & { container: string }) =>
  (d.container === 'centrales' && d.pk === PFRA) ||
  (d.container === 'directory' && d.id === `person:${amina.key}`) ||
  (d.container === 'conversations' && d.id === `user:${amina.key}`);
const tag = (d: { container: string; id: string }) => `${d.container}/${d.id}`;

beforeAll(async () => {
  h = await startHarness();
  // A second centrale in the same deployment, where Amina is a person too.
  const pfra = governanceSeedSchema.parse({
    ...seedJson,
    centrale: {
      id: PFRA,
      name: 'Plateforme régionale des achats de l’État',
      networkLabel: 'Réseau PFRA',
      timeZone: 'Europe/Paris',
    },
  });
  expect(fromSeed(pfra).centrale.id).toBe(PFRA);
  await loadGovernance(h.bot.store, pfra);
  await h.bot.store.governance.upsertPerson({
    key: amina.key,
    centraleId: PFRA,
    tenantId: DEMO_TENANT,
    aadObjectId: amina.aadObjectId,
    teamsUserId: amina.id,
    displayName: amina.name,
    email: amina.email,
    roles: ['referent'],
    memberId: null,
  });
  await h.bot.store.governance.updateInstance(PFRA, 'copil-reseau', (i) => ({
    ...i,
    members: [{ personKey: amina.key, organiser: false }],
  }));

  // In Lyon: she talks to the bot (its 1:1 reference), is convened, answers, votes, declares a need.
  await h.post(message(h.connector.url, USERS.amina, 'aide'));
  ({ sittingId } = await convene(h));
  await h.bot.dispatcher.drain();
  await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.answer', { sittingId, choice: 'present' }));
  ({ ballotId } = await openBallot(h));
  await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.vote', { ballotId, choice: 'Contre' }));
  const campaign = await h.post(
    cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
      title: 'Besoins 2027',
      segments: 'Fournitures de bureau',
      deadline: day(10),
    }),
  );
  const campaignId = JSON.stringify(campaign.body.value).match(/"campaignId":"([^"]+)"/)![1]!;
  const need = await h.post(
    cardAction(h.connector.url, USERS.amina, 'need.save', {
      campaignId,
      segment: 'Fournitures de bureau',
      description: 'Papier pour Amina Haddad',
      quantity: '10',
      unit: 'ramettes',
      annual: '100',
      total: '300',
      wishedStart: day(300),
      duration: '36',
      commitment: 'ferme',
      submit: 'true',
    }),
  );
  expect(textOf(need.body.value)).toContain('Besoin envoyé');
  // An administrative action that names her.
  await h.post(
    cardAction(h.connector.url, USERS.claire, 'roles.save', {
      personKey: amina.key,
      roles: 'referent,elu',
      memberId: 'villeurbanne',
    }),
  );
  await h.bot.dispatcher.drain();
  const ref = (await h.bot.store.conversations.getForPerson(amina.key)) as { conversation?: { id?: string } } | null;
  personalConversation = ref?.conversation?.id ?? '';
  expect(personalConversation).not.toBe('');
});
afterAll(() => h.stop());

describe('the right of access and the right to erasure, in one centrale', () => {
  it('exports every document of the centrale that names the person, and none of the other centrale', async () => {
    const expected = naming(await wholeDatabase()).filter((d) => !isPfras(d) && d.container !== 'turnstate');
    expect(expected.length).toBeGreaterThan(10);
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'privacy.export', { personKey: amina.key }));
    const link = res.body.value.actions.find((a: { title: string }) => a.title === 'Télécharger l’export').url;
    const exported = (await (await fetch(link)).json()) as { documents: Array<{ container: string; id: string }> };
    const found = exported.documents.map(tag);
    expect(found).toEqual(expect.arrayContaining(expected.map(tag)));
    expect(JSON.stringify(exported)).not.toContain(PFRA);
  });

  it('erases every identifier from the centrale; the other centrale keeps her whole; decisions keep their counts', async () => {
    const before = await wholeDatabase();
    const pfraBefore = before.filter(isPfras);
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'privacy.erase', { personKey: amina.key, confirm: 'EFFACER' }),
    );
    expect(textOf(res.body.value)).toContain('« Membre supprimé »');

    const after = await wholeDatabase();
    const left = naming(after);
    expect(left.filter((d) => !isPfras(d)).map(tag)).toEqual([]);
    // The other centrale: her person and instance untouched, her 1:1 chat kept (it still serves there).
    const pfraAfter = after.filter(isPfras);
    expect(pfraAfter.filter((d) => d.container !== 'directory')).toEqual(
      pfraBefore.filter((d) => d.container !== 'directory'),
    );
    expect(await h.bot.store.directory.centralesOf(amina.key)).toEqual([PFRA]);
    expect((await h.bot.store.governance.getPerson(PFRA, amina.key))?.email).toBe(amina.email);
    expect(await h.bot.store.governance.getPerson(LYON, amina.key)).toBeNull();

    // Decisions keep their counts, under the alias.
    expect((await h.bot.store.meetings.answersOf(sittingId)).filter((a) => a.choice === 'present')).toHaveLength(1);
    const votes = await h.bot.store.ballots.votes(ballotId);
    expect(votes.map((v) => v.choice)).toEqual(['Contre']);
    expect(votes[0]!.voterKey).toMatch(/^supprime:/);
  });
});
