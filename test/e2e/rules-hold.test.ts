import { convene } from '../support/scenarios';
import { dayFromNow } from '../support/forms';
import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

/**
 * « The rules hold »: a secret ballot shows no tally before its close, to anyone; an audit trail
 * records each act once; nobody gets a form they may not send; a malformed card action is « Données
 * invalides », not a fault; buttons appear only when their action is possible; a personal-data
 * export says what each vote was about.
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const day = dayFromNow;
const idIn = (card: unknown, field: string) => JSON.stringify(card).match(new RegExp(`"${field}":"([^"]+)"`))![1]!;

/** Every input element of a card (a form), by id. */
const inputsOf = (card: unknown): string[] => {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (typeof n.type === 'string' && n.type.startsWith('Input.')) out.push(n.id);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
};
/** Every button title of a card, show-cards included. */
const buttonsOf = (card: any): string[] => {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (typeof n.type === 'string' && n.type.startsWith('Action.') && typeof n.title === 'string') out.push(n.title);
    Object.values(n).forEach(walk);
  };
  walk(card?.actions ?? []);
  walk(card?.body ?? []);
  return out;
};

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('a secret ballot shows no tally before its close, to anyone, organisers included', () => {
  for (const visibility of ['live', 'apres-vote', undefined]) {
    it(`with results asked « ${visibility ?? 'par défaut'} »: the voter, the organiser, the channel and a refresh see participation only`, async () => {
      h.connector.reset();
      const opened = await h.post(
        cardAction(h.connector.url, USERS.claire, 'ballot.open', {
          instanceId: 'copil-reseau',
          subject: `Désignation ${visibility ?? 'défaut'}`,
          question: 'Désignez-vous la titulaire ?',
          closeDate: day(3),
          closeTime: '12:00',
          secret: 'true',
          ...(visibility ? { visibility } : {}),
        }),
      );
      const ballotId = idIn(opened.body.value, 'ballotId');
      const amina = await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.vote', { ballotId, choice: 'Pour' }));
      expect(textOf(amina.body.value)).toContain('Votre vote : Pour');
      expect(textOf(amina.body.value)).not.toContain('Résultats');
      const manage = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.manage', { ballotId }));
      const managed = textOf(manage.body.value);
      expect(managed).toContain('1 votant sur 4'); // participation may be shown
      expect(managed).toContain('N’ont pas voté');
      expect(managed).not.toMatch(/\nPour\n1/);
      expect(managed).toContain('Scrutin secret : aucun résultat avant la clôture');
      for (const viewer of [USERS.claire, USERS.jean, nadia]) {
        const seen = await h.post(cardAction(h.connector.url, viewer, 'ballot.view', { ballotId }));
        expect(textOf(seen.body.value)).not.toContain('Résultats');
      }
      // The channel's card, updated after the vote.
      const update = await h.connector.waitFor(
        () =>
          h.connector.calls.find(
            (c) =>
              c.method === 'PUT' &&
              c.conversationId === COPIL_CHANNEL.conversationId &&
              textOf(c.body.attachments[0].content).includes('1 votant sur 4') &&
              textOf(c.body.attachments[0].content).includes(`Désignation ${visibility ?? 'défaut'}`),
          ),
        8_000,
      );
      expect(textOf(update.body.attachments[0].content)).not.toContain('Résultats');
      const stored = (await h.bot.store.ballots.get(ballotId))!;
      expect(stored.visibility).toBe('apres-cloture');
      await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.cancel', { ballotId, reason: 'Essai' }));
    });
  }

  it('the form says that a secret ballot’s results are shown at the close', async () => {
    h.connector.reset();
    await h.post(message(h.connector.url, USERS.claire, 'scrutin'));
    // The form, not a channel card the cancellation above still updates meanwhile.
    const form = await h.connector.waitFor(() =>
      h.connector.sent().find((a) => textOf(cardOf(a)).includes('Ouvrir un scrutin')),
    );
    expect(textOf(cardOf(form))).toContain('scrutin secret : à la clôture');
  });
});

describe('an audit trail records each distinct act once', () => {
  it('a repeated « pris connaissance » and a repeated identical comment are logged once; a different comment is logged', async () => {
    await h.bot.store.governance.updateInstance('metropole-de-lyon', 'comite-de-pilotage', (i) =>
      withMembers(i, [key(USERS.claire), key(USERS.amina), key(USERS.luc)], [key(USERS.claire)]),
    );
    const started = await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.start', {
        circuitId: 'circuit-audit-once',
        subjectKind: 'programme',
        subject: 'Programmation 2028',
        voteDays: '5',
        stage0: 'copil-reseau',
        kind0: 'avis',
        stage1: 'comite-de-pilotage',
        kind1: 'information',
      }),
    );
    expect(textOf(started.body.value)).toContain('En cours : étape 1 sur 2');
    const comment = (text: string) =>
      h.post(
        cardAction(h.connector.url, USERS.amina, 'circuit.comment', {
          circuitId: 'circuit-audit-once',
          index: '0',
          text,
        }),
      );
    await comment('Ajouter le lot voirie');
    await comment('Ajouter le lot voirie');
    await comment('Et le lot éclairage');
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.stage.close', {
        circuitId: 'circuit-audit-once',
        index: '0',
        favourable: 'true',
      }),
    );
    const ack = () =>
      h.post(cardAction(h.connector.url, USERS.amina, 'circuit.ack', { circuitId: 'circuit-audit-once', index: '1' }));
    await ack();
    await ack();
    await Promise.all([ack(), ack()]);
    const events = await h.bot.store.ballots.events('circuit-audit-once');
    expect(events.filter((e) => e.action === 'accuse')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'commentaire').map((e) => e.detail)).toEqual([
      'Ajouter le lot voirie',
      'Et le lot éclairage',
    ]);
    const circuit = (await h.bot.store.circuits.get('circuit-audit-once'))!;
    expect(circuit.stages[0]!.comments).toHaveLength(2);
    expect(circuit.stages[1]!.acknowledgedBy).toHaveLength(1);
    const acked = await ack();
    expect(textOf(acked.body.value)).toContain('1 accusé de réception');
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.stage.close', {
        circuitId: 'circuit-audit-once',
        index: '1',
        favourable: 'true',
      }),
    );
    expect((await h.bot.store.circuits.get('circuit-audit-once'))!.stages[1]!.outcome).toBe(
      'Information faite (1 accusé de réception)',
    );
  });
});

describe('no form is shown to someone who may not send it', () => {
  const commands: Array<[string, typeof USERS.amina, string]> = [
    ['enquête', USERS.amina, 'organisateurs du Comité Méthodes'],
    ['convoquer', USERS.amina, 'organisateurs'],
    ['scrutin', USERS.amina, 'organisateurs'],
    ['circuit', USERS.amina, 'Direction Achats'],
    ['campagne', USERS.amina, 'coordinateurs'],
    ['dossiers', USERS.amina, 'Direction Achats'],
    ['membres', USERS.amina, 'administrateur'],
    ['membres copil', USERS.amina, 'administrateur'],
    ['rôles', USERS.amina, 'administrateur'],
    ['annonce', USERS.amina, 'administrateur'],
    ['annonce copil', USERS.amina, 'administrateur'],
    ['données', USERS.amina, 'administrateur'],
    ['lier', USERS.amina, 'administrateur'],
    ['litige', USERS.luc, 'référents'],
  ];
  for (const [command, user, who] of commands) {
    it(`« ${command} » by ${user.name}: refused up front, saying who may`, async () => {
      h.connector.reset();
      const where = command === 'lier' ? COPIL_CHANNEL : ({ kind: 'personal' } as const);
      const asked = message(h.connector.url, user, command, where);
      await h.post(asked);
      // The reply to this message, not a channel card an earlier test's cancellation still updates.
      const sent = await h.connector.waitFor(() => h.connector.sent().find((a) => a.replyToId === asked.id));
      const card = cardOf(sent);
      expect(inputsOf(card)).toEqual([]);
      expect(textOf(card)).toContain(who);
    });
  }
});

describe('no form is shown by a card button to someone who may not send it', () => {
  let sittingId = '';
  beforeAll(async () => {
    const convened = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', {
        instanceId: 'copil-reseau',
        date: day(11),
        time: '09:30',
        mode: 'presentiel',
        place: 'Salle du conseil',
        agenda: 'Programmation 2027',
      }),
    );
    sittingId = idIn(convened.body.value, 'sittingId');
  });
  const verbs: Array<[string, () => Record<string, string>, string]> = [
    ['members.edit', () => ({ instanceId: 'copil-reseau' }), 'administrateur'],
    ['meeting.edit', () => ({ sittingId }), 'organisateurs'],
    ['meeting.minutes.open', () => ({ sittingId }), 'organisateurs'],
    ['meeting.forecast', () => ({ sittingId }), 'organisateurs'],
  ];
  for (const [verb, data, who] of verbs) {
    it(`« ${verb} » by a member who organises nothing: refused, saying who may`, async () => {
      const res = await h.post(cardAction(h.connector.url, USERS.amina, verb, data()));
      expect(inputsOf(res.body.value)).toEqual([]);
      expect(textOf(res.body.value)).toContain(who);
    });
  }
});

describe('a malformed card action is « Données invalides », not a fault', () => {
  const base = () => cardAction(h.connector.url, USERS.claire, 'ballot.view', { ballotId: 'x' });
  const cases: Array<[string, (a: any) => any]> = [
    ['an invoke with no action', (a) => ({ ...a, value: { trigger: 'manual' } })],
    ['an invoke whose value is a string', (a) => ({ ...a, value: 'ballot.view' })],
    [
      'an Action.Submit sent as an invoke',
      (a) => ({ ...a, value: { action: { type: 'Action.Submit', data: { verb: 'help.show' } } } }),
    ],
    [
      'a verb that is not a string',
      (a) => ({ ...a, value: { action: { type: 'Action.Execute', verb: 42, data: {} } } }),
    ],
    [
      'data that is a string',
      (a) => ({ ...a, value: { action: { type: 'Action.Execute', verb: 'help.show', data: 'x' } } }),
    ],
  ];
  for (const [what, shape] of cases) {
    it(`${what}: says what is wrong, logs no error`, async () => {
      h.errors.length = 0;
      const res = await h.post(shape(base()));
      expect(res.status).toBe(200);
      const shown = JSON.stringify(res.body);
      expect(shown).toContain('Données invalides');
      expect(shown).not.toContain('réessayez');
      expect(shown).not.toContain('indisponible');
      expect(h.errors).toEqual([]);
    });
  }
  it('an Action.Submit message whose value is malformed: « Données invalides »', async () => {
    h.connector.reset();
    h.errors.length = 0;
    const asked = { ...message(h.connector.url, USERS.claire, ''), value: { verb: 42 } };
    await h.post(asked);
    const sent = await h.connector.waitFor(() => h.connector.sent().find((a) => a.replyToId === asked.id));
    expect(textOf(cardOf(sent))).toContain('Données invalides');
    expect(h.errors).toEqual([]);
  });
});

describe('buttons appear only when their action is possible', () => {
  it('« Relevé de décisions » only once the sitting has begun; « Modifier » and « Annuler » only before', async () => {
    const { sittingId } = await convene(h);
    const before = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(buttonsOf(before.body.value)).not.toContain('Relevé de décisions');
    expect(buttonsOf(before.body.value)).toEqual(expect.arrayContaining(['Modifier la séance', 'Annuler la séance']));
    const sitting = (await h.bot.store.meetings.get(sittingId))!;
    skipped = Date.parse(sitting.startsAt) + 60_000 - Date.now();
    const after = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(buttonsOf(after.body.value)).toContain('Relevé de décisions');
    expect(buttonsOf(after.body.value)).not.toContain('Modifier la séance');
    expect(buttonsOf(after.body.value)).not.toContain('Annuler la séance');
    skipped = 0;
  });

  it('a cancelled sitting offers neither a change, a cancellation nor a relevé', async () => {
    const convened = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', {
        instanceId: 'copil-reseau',
        date: day(12),
        time: '09:30',
        mode: 'presentiel',
        place: 'Salle du conseil',
        agenda: 'Bilan',
      }),
    );
    const sittingId = idIn(convened.body.value, 'sittingId');
    await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.cancel', { sittingId, reason: 'Report' }));
    const card = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    const buttons = buttonsOf(card.body.value);
    for (const b of ['Modifier la séance', 'Annuler la séance', 'Relevé de décisions'])
      expect(buttons).not.toContain(b);
  });

  it('a ballot past its closing time shows no vote buttons; a cancelled one offers no close nor cancel', async () => {
    const opened = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Boutons',
        question: 'Validez-vous ?',
        closeDate: day(1),
        closeTime: '18:00',
      }),
    );
    const ballotId = idIn(opened.body.value, 'ballotId');
    const open = await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.view', { ballotId }));
    expect(buttonsOf(open.body.value)).toEqual(expect.arrayContaining(['Pour', 'Contre', 'Abstention']));
    const b = (await h.bot.store.ballots.get(ballotId))!;
    skipped = Date.parse(b.closesAt) + 60_000 - Date.now(); // the closing timer has not run yet
    const late = await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.view', { ballotId }));
    expect(buttonsOf(late.body.value)).not.toContain('Pour');
    skipped = 0;
    await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.cancel', { ballotId, reason: 'Erreur' }));
    const manage = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.manage', { ballotId }));
    const buttons = buttonsOf(manage.body.value);
    expect(buttons).not.toContain('Clore maintenant');
    expect(buttons).not.toContain('Annuler le scrutin');
    expect(buttons).toContain('Journal (CSV)');
  });
});

describe('a personal-data export says what each vote was about', () => {
  it('each exported vote carries its ballot’s subject and dates', async () => {
    const opened = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Programmation 2029',
        question: 'Validez-vous ?',
        closeDate: day(3),
        closeTime: '18:00',
      }),
    );
    const ballotId = idIn(opened.body.value, 'ballotId');
    await h.post(cardAction(h.connector.url, nadia, 'ballot.vote', { ballotId, choice: 'Contre' }));
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'privacy.export', { personKey: key(nadia) }));
    const link = res.body.value.actions.find((a: any) => a.title === 'Télécharger l’export').url;
    const exported = (await (await fetch(link)).json()) as { documents: any[] };
    const votes = exported.documents.filter((d) => d.container === 'ballots' && d.type === 'vote');
    expect(votes.length).toBeGreaterThan(0);
    const b = (await h.bot.store.ballots.get(ballotId))!;
    expect(votes.find((v) => v.data.choice === 'Contre')?.about).toEqual({
      ballot: 'Programmation 2029',
      instance: 'COPIL RReT',
      openedAt: b.opensAt,
      closesAt: b.closesAt,
      closedAt: null,
      status: 'ouvert',
    });
    for (const v of votes) expect(v.about?.ballot).toEqual(expect.any(String));
    // Nothing stored changed.
    expect(Object.keys((await h.bot.store.ballots.voteOf(ballotId, key(nadia)))!)).not.toContain('about');
  });
});
