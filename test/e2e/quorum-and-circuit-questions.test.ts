import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { newCircuit } from '../../src/domain/ballots/circuit';
import { DEMO_TENANT, TestUser, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { convene, sittingForm } from '../support/scenarios';
import { dayFromNow } from '../support/forms';

/**
 * « quorum ? » and « où en est le circuit ? » typed to the bot (issue 22): the organiser gets
 * the quorum forecast of their next sitting (of the instance the sentence named), a member their
 * own convocation, never another person's forecast; the circuit in progress of the centrale, or
 * what became of the last one. Nothing of another centrale shows.
 */
let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
/** The card of the bot's reply to a typed sentence. */
const reply = async (user: TestUser, text: string): Promise<any> => {
  h.connector.reset();
  const typed = message(h.connector.url, user, text);
  await h.post(typed);
  // The reply to this message (notices of earlier work may be sent meanwhile).
  return cardOf(h.connector.sent().find((a: any) => a.replyToId === typed.id));
};
const circuitForm = (circuitId: string, subject: string) => ({
  circuitId,
  subjectKind: 'programme',
  subject,
  voteDays: '5',
  stage0: 'comite-de-pilotage',
  kind0: 'avis',
});

beforeAll(async () => {
  h = await startHarness({});
  for (const u of [USERS.claire, USERS.amina, USERS.jean, USERS.stranger]) await h.post(botAdded(h.connector.url, u));
});
afterAll(() => h.stop());

describe('« quorum ? »', () => {
  it('without a sitting says what to do: « convoquer » to an organiser, nothing to a member', async () => {
    const claire = textOf(await reply(USERS.claire, 'quorum ?'));
    expect(claire).toContain('Aucune séance à venir');
    expect(claire).toContain('« convoquer »');
    const jean = textOf(await reply(USERS.jean, 'quorum ?'));
    expect(jean).toContain('Vous n’êtes convoqué·e à aucune séance à venir');
    expect(jean).not.toContain('« convoquer »');
  });

  let copil = '';
  let cp = '';
  it('gives the organiser the forecast of their nearest sitting, or of the instance named', async () => {
    copil = (await convene(h, sittingForm({ date: dayFromNow(12) }))).sittingId;
    cp = (await convene(h, sittingForm({ instanceId: 'comite-de-pilotage', date: dayFromNow(8) }))).sittingId;
    const nearest = await reply(USERS.claire, 'quorum ?');
    expect(JSON.stringify(nearest)).toContain(cp);
    expect(JSON.stringify(nearest)).not.toContain(copil);
    expect(textOf(nearest)).toContain('Comité de pilotage');
    expect(JSON.stringify(nearest)).toContain('meeting.cancel');

    const named = await reply(USERS.claire, 'où en est le quorum du COPIL RReT ?');
    expect(JSON.stringify(named)).toContain(copil);
    expect(JSON.stringify(named)).not.toContain(cp);
    expect(JSON.stringify(named)).toContain('meeting.cancel');
    // « le COPIL » is the COPIL RReT (the Comité de pilotage is not called so).
    const copilOnly = await reply(USERS.claire, 'le quorum du COPIL est-il atteint ?');
    expect(textOf(copilOnly)).toContain('Prévision du quorum — COPIL RReT');
    // A card that is not a form says what was understood, without « Vérifiez le formulaire ».
    expect(textOf(copilOnly)).toContain('J’ai compris : COPIL RReT.');
    expect(textOf(copilOnly)).not.toContain('Vérifiez le formulaire');
    expect(JSON.stringify(copilOnly)).toContain(copil);
  });

  it('never reaches another centrale’s sitting, even of an instance with the same id, sooner', async () => {
    const lyon = (await h.bot.store.meetings.get(cp))!;
    await h.bot.store.meetings.create({
      ...lyon,
      id: 'seance-pfra-secrete',
      centraleId: 'pfra-paca',
      instanceName: 'Comité de pilotage PFRA',
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    for (const [who, text] of [
      [USERS.claire, 'quorum ?'],
      [USERS.jean, 'combien de présents ?'],
    ] as const) {
      const card = JSON.stringify(await reply(who, text));
      expect(card).toContain(cp);
      expect(card).not.toContain('seance-pfra-secrete');
      expect(card).not.toContain('PFRA');
    }
  });

  it('gives a member their own convocation, never the organiser’s forecast', async () => {
    const amina = await reply(USERS.amina, 'quorum ?');
    expect(JSON.stringify(amina)).toContain(copil);
    expect(JSON.stringify(amina)).not.toContain(cp);
    expect(JSON.stringify(amina)).not.toContain('meeting.cancel');
    expect(JSON.stringify(amina)).toContain('meeting.answer');

    const jean = await reply(USERS.jean, 'combien de présents ?');
    expect(JSON.stringify(jean)).toContain(cp);
    expect(JSON.stringify(jean)).not.toContain('meeting.cancel');

    // Convened to both: « Mes convocations », each with its button.
    await h.bot.store.governance.updateInstance('metropole-de-lyon', 'comite-de-pilotage', (i) =>
      withMembers(i, [...i.members.map((m) => m.personKey), key(USERS.amina)], [key(USERS.claire)]),
    );
    h.connector.reset();
    const cp2 = (await convene(h, sittingForm({ instanceId: 'comite-de-pilotage', date: dayFromNow(20) }))).sittingId;
    await h.connector.waitFor(() =>
      h.connector.sent().find((a: any) => a.recipient?.id === USERS.amina.id && JSON.stringify(a).includes(cp2)),
    );
    const both = await reply(USERS.amina, 'quorum ?');
    expect(JSON.stringify(both)).toContain(copil);
    expect(JSON.stringify(both)).toContain(cp2);
    expect(JSON.stringify(both)).not.toContain('meeting.cancel');
  });

  it('to someone the bot does not know, the same refusal as the forecast verb', async () => {
    const typed = textOf(await reply(USERS.stranger, 'quorum ?'));
    const verb = textOf(
      (await h.post(cardAction(h.connector.url, USERS.stranger, 'meeting.forecast', { sittingId: copil }))).body.value,
    );
    expect(typed).toContain('pas encore enregistré·e');
    // The verb's card adds its way on (« Que puis-je faire ? »); the refusal is the same.
    expect(verb.startsWith(typed)).toBe(true);
  });
});

describe('« où en est le circuit ? »', () => {
  it('says none was ever launched, and how to launch one; another centrale’s circuit does not count', async () => {
    await h.bot.store.circuits.create(
      newCircuit(
        {
          id: 'circuit-pfra-secret',
          centraleId: 'pfra-paca',
          subjectKind: 'programme',
          subject: 'Circuit confidentiel PFRA',
          links: [],
          ownerKey: 'paca-owner',
          voteDays: 5,
          stages: [{ instanceId: 'copil-pfra', instanceName: 'COPIL PFRA', kind: 'avis' }],
          serviceUrl: null,
          timeZone: 'Europe/Paris',
        },
        new Date(Date.now() + 86_400_000),
      ),
    );
    const text = textOf(await reply(USERS.amina, 'où en est le circuit ?'));
    expect(text).toContain('Aucun circuit de validation n’a été lancé');
    expect(text).toContain('« circuit »');
    expect(text).not.toContain('PFRA');
  });

  it('shows the circuit in progress, then a list when two are', async () => {
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.start', circuitForm('circuit-q-2027', 'Programmation 2027')),
    );
    const one = await reply(USERS.amina, 'où en est le circuit ?');
    expect(textOf(one)).toContain('Programmation 2027');
    expect(textOf(one)).toContain('En cours : étape 1 sur 1');
    expect(JSON.stringify(one)).not.toContain('PFRA');

    await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.start', circuitForm('circuit-q-2028', 'Programmation 2028')),
    );
    const two = await reply(USERS.claire, 'état de la validation de la programmation');
    expect(textOf(two)).toContain('Programmation 2027');
    expect(textOf(two)).toContain('Programmation 2028');
    expect(JSON.stringify(two)).toContain('circuit-q-2027');
    expect(JSON.stringify(two)).toContain('circuit-q-2028');
    expect(JSON.stringify(two)).not.toContain('PFRA');
  });

  it('once none is in progress, says how the last one ended', async () => {
    for (const id of ['circuit-q-2027', 'circuit-q-2028'])
      await h.bot.store.circuits.update(id, (c) => ({ ...c, status: id.endsWith('2028') ? 'valide' : 'rejete' }));
    const text = textOf(await reply(USERS.amina, 'où en est le circuit ?'));
    expect(text).toContain('Aucun circuit en cours');
    expect(text).toContain('Programmation 2028');
    expect(text).toContain('validé');
    expect(text).toContain('« circuit »');
  });

  it('to someone the bot does not know, the same refusal as the status verb', async () => {
    const typed = textOf(await reply(USERS.stranger, 'où en est le circuit ?'));
    const verb = textOf(
      (await h.post(cardAction(h.connector.url, USERS.stranger, 'circuit.status', { circuitId: 'circuit-q-2027' })))
        .body.value,
    );
    expect(typed).toContain('pas encore enregistré·e');
    // The verb's card adds its way on (« Que puis-je faire ? »); the refusal is the same.
    expect(verb.startsWith(typed)).toBe(true);
  });
});

describe('the help', () => {
  it('offers « quorum » to organisers and « où en est le circuit ? » to the members of an instance', async () => {
    const buttons = async (u: TestUser) => textOf(await reply(u, 'aide')).split('\n');
    const claire = await buttons(USERS.claire);
    expect(claire).toContain('quorum');
    expect(claire).toContain('où en est le circuit ?');
    const jean = await buttons(USERS.jean);
    expect(jean).not.toContain('quorum');
    expect(jean).toContain('où en est le circuit ?');
    // Each button types a sentence the bot answers.
    expect(textOf(await reply(USERS.jean, 'où en est le circuit ?'))).toContain('Aucun circuit en cours');
  });
});
