import { convene, openBallot } from '../support/scenarios';
import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, USERS, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

/** Personal data: an administrator exports everything about a person, then erases it; decisions stay valid. */
let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
let sittingId = '';
let ballotId = '';

beforeAll(async () => {
  h = await startHarness();
  ({ sittingId } = await convene(h));
  await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.answer', { sittingId, choice: 'present' }));
  ({ ballotId } = await openBallot(h));
  await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.vote', { ballotId, choice: 'Contre' }));
});
afterAll(() => h.stop());

describe('personal data', () => {
  it('is exported (JSON) by an administrator only', async () => {
    const refused = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'privacy.export', { personKey: key(USERS.amina) }),
    );
    expect(textOf(refused.body.value)).toContain('Seul un administrateur exporte ou efface');
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'privacy.export', { personKey: key(USERS.amina) }),
    );
    expect(textOf(res.body.value)).toContain('Export prêt');
    const link = res.body.value.actions.find((a: any) => a.title === 'Télécharger l’export').url;
    const exported = (await (await fetch(link)).json()) as { documents: Array<{ container: string; type: string }> };
    const kinds = exported.documents.map((d: any) => `${d.container}/${d.type}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'centrales/person',
        'meetings/answer',
        'ballots/vote',
        'meetings/sitting',
        'ballots/ballot',
      ]),
    );
    expect(JSON.stringify(exported)).toContain('amina.haddad@villeurbanne.example');
  });

  it('is erased only when confirmed; then the person is « Membre supprimé » and decisions keep their count', async () => {
    const unconfirmed = await h.post(
      cardAction(h.connector.url, USERS.claire, 'privacy.erase', { personKey: key(USERS.amina), confirm: 'oui' }),
    );
    expect(textOf(unconfirmed.body.value)).toContain('Tapez EFFACER pour confirmer');
    const amina = (await h.bot.store.governance.getPerson('metropole-de-lyon', key(USERS.amina)))!;
    expect((await h.bot.store.personalData.find('metropole-de-lyon', amina)).length).toBeGreaterThan(3);

    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'privacy.erase', { personKey: key(USERS.amina), confirm: 'EFFACER' }),
    );
    expect(textOf(res.body.value)).toContain('« Membre supprimé »');
    // Nothing names her any more (test/e2e/erasure.test.ts searches the whole database).
    expect(await h.bot.store.personalData.find('metropole-de-lyon', amina)).toEqual([]);
    // Decisions stay valid: the answer and the vote still count, under the alias.
    expect((await h.bot.store.meetings.answersOf(sittingId)).filter((a) => a.choice === 'present')).toHaveLength(1);
    const votes = await h.bot.store.ballots.votes(ballotId);
    expect(votes.map((v) => v.choice)).toEqual(['Contre']);
    expect(votes[0]!.voterKey).toMatch(/^supprime:/);
    const ballot = (await h.bot.store.ballots.get(ballotId))!;
    expect(ballot.voterKeys).toContain(votes[0]!.voterKey);

    h.connector.reset();
    await h.post(message(h.connector.url, USERS.amina, 'aide'));
    const reply = await h.connector.waitFor(() => h.connector.sent().at(-1));
    expect(textOf(cardOf(reply))).toContain('pas encore enregistré');
  });

  it('keeps a log of administrative actions', async () => {
    const res = await h.post(message(h.connector.url, USERS.claire, 'données'));
    expect(res.status).toBe(200);
    const log = await h.bot.store.adminAudit.list('metropole-de-lyon');
    expect(log.map((e) => e.action)).toEqual(['export', 'effacement']);
    expect(log.every((e) => e.by === key(USERS.claire))).toBe(true);
    const card = await h.connector.waitFor(() =>
      h.connector.sent().find((a) => textOf(cardOf(a)).includes('Données personnelles')),
    );
    expect(textOf(cardOf(card))).toContain('effacement');
  });
});
