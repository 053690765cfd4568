import * as XLSX from 'xlsx';
import { keepServed } from '../support/served-documents';
import { convene, sittingForm } from '../support/scenarios';
import { dayFromNow } from '../support/forms';
import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { press } from '../support/card-client';

/**
 * A ballot on the COPIL RReT, through /api/messages: open → votes by members and by a proxy
 * holder → refusals (non-member, malformed choice, closed) → reminder only to non-voters →
 * automatic close, once → result card and audit trail. Then a validation circuit of three
 * stages whose second one rejects: its owner is offered a relaunch, and stops it.
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const day = dayFromNow;
const sentWith = (marker: string, n = 1) =>
  h.connector.waitFor(() => {
    const sent = h.connector.sent().filter((a) => textOf(cardOf(a)).includes(marker));
    return sent.length >= n ? sent : undefined;
  }, 8_000);

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('a ballot of the COPIL RReT', () => {
  let ballotId = '';
  let auditUrl = '';

  it('is opened by an organiser, with the pouvoirs of a sitting; each member gets a card, the channel a shared one', async () => {
    const { sittingId } = await convene(h, sittingForm({ proxiesAllowed: 'true' }));
    await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.answer', {
        sittingId,
        choice: 'pouvoir',
        proxyHolderKey: key(USERS.sophie),
      }),
    );

    const byMember = await h.post(
      cardAction(h.connector.url, USERS.amina, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'x',
        question: 'y',
        closeDate: day(2),
        closeTime: '18:00',
      }),
    );
    expect(textOf(byMember.body.value)).toContain('Seuls les organisateurs');
    const bad = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Programmation 2027',
        question: '',
        closeDate: '2020-01-01',
        closeTime: '18:00',
      }),
    );
    expect(textOf(bad.body.value)).toContain('Écrivez la question soumise au vote.');
    expect(textOf(bad.body.value)).toContain('La clôture est passée');
    expect(JSON.stringify(bad.body.value)).toContain('"value":"Programmation 2027"');

    h.connector.reset();
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subjectKind: 'programme',
        subject: 'Programmation 2027',
        question: 'Le COPIL RReT valide-t-il la programmation 2027 ?',
        choices: 'Pour\nContre\nAbstention',
        closeDate: day(2),
        closeTime: '18:00',
        visibility: 'apres-vote',
        quorum: 'moitie-des-membres',
        majority: 'absolue',
        chairKey: key(USERS.claire),
        reasonForContre: 'true',
        sittingId,
      }),
    );
    expect(textOf(res.body.value)).toContain('Suivi du scrutin — Programmation 2027');
    ballotId = JSON.stringify(res.body.value).match(/"ballotId":"([^"]+)"/)![1]!;
    auditUrl = res.body.value.actions.find((a: any) => a.title === 'Journal (CSV)').url;
    const cards = await sentWith('Le COPIL RReT valide-t-il la programmation 2027 ?', 5);
    const toSophie = cards.find((a) => a.recipient?.id === USERS.sophie.id);
    expect(cardOf(toSophie).actions.map((a: any) => a.title)).toEqual(['Pour', 'Contre', 'Abstention']);
    const shared = cards.find((a) => a.conversation?.id === COPIL_CHANNEL.conversationId);
    expect(textOf(cardOf(shared))).toContain('0 votant sur 4');
    expect(cardOf(shared).actions).toEqual([]);
    expect(cardOf(shared).refresh.userIds).toHaveLength(4);
  });

  it('takes a member’s vote and a proxy holder’s vote for the member represented, with the reason « Contre » needs', async () => {
    const own = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'ballot.vote', { ballotId, choice: 'Pour', forKey: key(USERS.sophie) }),
    );
    expect(textOf(own.body.value)).toContain('Votre vote : Pour');
    expect(JSON.stringify(own.body.value)).toContain('Amina Haddad (pouvoir)');
    const noReason = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'ballot.vote', {
        ballotId,
        choice: 'Contre',
        forKey: key(USERS.amina),
      }),
    );
    expect(textOf(noReason.body.value)).toContain('Indiquez le motif de votre vote « Contre »');
    const forAmina = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'ballot.vote', {
        ballotId,
        choice: 'Contre',
        forKey: key(USERS.amina),
        reason: 'Lot restauration à revoir',
      }),
    );
    expect(textOf(forAmina.body.value)).toContain('Pour Amina Haddad : Contre');
    const amina = await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.vote', { ballotId, choice: 'Pour' }));
    expect(textOf(amina.body.value)).toContain('Vous avez donné pouvoir à Sophie Bernard');
    const claire = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.vote', { ballotId, choice: 'Pour' }));
    expect(textOf(claire.body.value)).toContain('Votre vote : Pour');
    // After voting, the tally shows (visibility « après avoir voté »).
    expect(textOf(claire.body.value)).toContain('Résultats');
  });

  it('refuses a non-member and a malformed choice in French, and a retried invoke counts once', async () => {
    const jean = await h.post(cardAction(h.connector.url, USERS.jean, 'ballot.vote', { ballotId, choice: 'Pour' }));
    expect(textOf(jean.body.value)).toContain('Vous ne faites pas partie des votants de ce scrutin');
    const odd = await h.post(cardAction(h.connector.url, nadia, 'ballot.vote', { ballotId, choice: 'Peut-être' }));
    expect(textOf(odd.body.value)).toContain('Ce choix ne fait pas partie du scrutin');
    const malformed = await h.post(cardAction(h.connector.url, nadia, 'ballot.vote', { ballotId, choice: { $ne: 1 } }));
    expect(textOf(malformed.body.value)).toMatch(/carte/);
    const retry = cardAction(h.connector.url, USERS.claire, 'ballot.vote', { ballotId, choice: 'Pour' });
    await Promise.all([h.post(retry), h.post(retry)]);
    const votes = await h.bot.store.ballots.votes(ballotId);
    expect(votes.map((v) => `${v.voterKey}:${v.choice}:${v.revision}`).sort()).toEqual(
      [`${key(USERS.claire)}:Pour:1`, `${key(USERS.sophie)}:Pour:1`, `${key(USERS.amina)}:Contre:1`].sort(),
    );
  });

  it('updates the channel card with the participation (coalesced)', async () => {
    await h.connector.waitFor(
      () =>
        h.connector.calls.find(
          (c) =>
            c.method === 'PUT' &&
            c.conversationId === COPIL_CHANNEL.conversationId &&
            textOf(c.body.attachments[0].content).includes('3 votants sur 4'),
        ),
      8_000,
    );
  });

  it('reminds only those who have not voted, before closing', async () => {
    const b = (await h.bot.store.ballots.get(ballotId))!;
    h.connector.reset();
    skipped = Date.parse(b.closesAt) - 24 * 3_600_000 + 60_000 - Date.now();
    await h.bot.scheduler.tick();
    const reminders = await sentWith('Rappel : vous n’avez pas encore voté.');
    await new Promise((r) => setTimeout(r, 300));
    expect(reminders.map((a) => a.recipient?.id)).toEqual([nadia.id]);
  });

  it('closes automatically at the deadline, once, and posts the result with the named votes', async () => {
    const b = (await h.bot.store.ballots.get(ballotId))!;
    h.connector.reset();
    skipped = Date.parse(b.closesAt) + 60_000 - Date.now();
    await Promise.all([h.bot.scheduler.tick(), h.bot.scheduler.tick()]);
    const [result] = await sentWith('Résultat du scrutin — Programmation 2027');
    const text = textOf(cardOf(result));
    expect(text).toContain('Adopté');
    expect(text).toContain('Amina Haddad : Contre (pouvoir, voté par Sophie Bernard)');
    expect(text).toContain('3 votants sur 4');
    await h.bot.scheduler.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Résultat du scrutin'))).toHaveLength(1);
    const stored = (await h.bot.store.ballots.get(ballotId))!;
    expect(stored.result).toMatchObject({
      outcome: 'adopte',
      cast: 3,
      counts: [
        { choice: 'Pour', votes: 2 },
        { choice: 'Contre', votes: 1 },
        { choice: 'Abstention', votes: 0 },
      ],
    });
  });

  it('refuses a vote after closing and shows organisers who did not vote; the audit trail is exportable', async () => {
    const late = await h.post(cardAction(h.connector.url, nadia, 'ballot.vote', { ballotId, choice: 'Pour' }));
    expect(textOf(late.body.value)).toContain('Ce scrutin est clos');
    expect(await h.bot.store.ballots.votes(ballotId)).toHaveLength(3);
    const manage = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.manage', { ballotId }));
    expect(textOf(manage.body.value)).toContain('N’ont pas voté : Nadia Lefèvre');
    // The link given at opening has expired two days later; the organiser's card gives a fresh one.
    expect((await fetch(auditUrl)).status).toBe(410);
    const fresh = manage.body.value.actions.find((a: any) => a.title === 'Journal (CSV)').url;
    const csv = await (await fetch(fresh)).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Date;Qui;Action;Détail');
    expect(lines.slice(1).map((l) => l.split(';')[2])).toEqual([
      'ouverture',
      'vote',
      'vote',
      'vote',
      'rappel',
      'cloture',
    ]);
    expect(csv).toContain('Vote : Contre pour Amina Haddad (pouvoir) — motif : Lot restauration à revoir');
    // The opening line dates the closing in French, not as an ISO instant.
    expect(lines[1]!.split(';')[3]).toMatch(/votants, clôture \S+ \d{1,2}(er)? \S+ \d{4} à \d{1,2} h/);
    // h54: the same journal as a workbook, read back by SheetJS: the dates are numbers with a date-time format (local).
    const xlsxUrl = manage.body.value.actions.find((a: any) => a.title === 'Journal (XLSX)').url;
    const journalBytes = Buffer.from(await (await fetch(xlsxUrl)).arrayBuffer());
    await keepServed(
      'journal-scrutin.xlsx',
      journalBytes,
      'Journal d’un scrutin (XLSX)',
      'Carte de gestion du scrutin : « Journal (XLSX) », à côté du CSV ; de même pour un circuit de validation',
    );
    const book = XLSX.read(journalBytes, { cellNF: true });
    const journal = book.Sheets.Journal!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(journal, { header: 1 });
    expect(rows[0]).toEqual(['Date', 'Qui', 'Action', 'Détail']);
    expect(rows.slice(1).map((r) => r[2])).toEqual(['ouverture', 'vote', 'vote', 'vote', 'rappel', 'cloture']);
    expect(journal.A2).toMatchObject({ t: 'n', z: expect.stringMatching(/^dd\/mm\/yyyy hh:mm/) });
    // The CSV's local time (« 2026-12-02 14:05:09 +01:00 ») is the cell's wall time.
    expect(XLSX.SSF.format('yyyy-mm-dd hh:mm:ss', journal.A2!.v as number)).toBe(lines[1]!.slice(0, 19));
    skipped = 0;
  });
});

describe('a secret ballot', () => {
  it('never shows who voted what, in the result or the audit trail', async () => {
    skipped = 0;
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Désignation',
        question: 'Faut-il un second lot ?',
        closeDate: day(3),
        closeTime: '12:00',
        secret: 'true',
        visibility: 'apres-cloture',
      }),
    );
    const ballotId = JSON.stringify(res.body.value).match(/"ballotId":"([^"]+)"/)![1]!;
    const sophie = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'ballot.vote', { ballotId, choice: 'Contre' }),
    );
    expect(textOf(sophie.body.value)).not.toContain('Résultats');
    await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.vote', { ballotId, choice: 'Pour' }));
    const closed = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.close', { ballotId }));
    const text = textOf(closed.body.value);
    expect(text).toContain('Égalité : non adopté');
    expect(text).not.toContain('Votes nominatifs');
    const events = await h.bot.store.ballots.events(ballotId);
    expect(events.filter((e) => e.action === 'vote').map((e) => e.detail)).toEqual(['A voté', 'A voté']);
    // Once counted, the database keeps who took part, not who chose what.
    const stored = await h.bot.store.ballots.votes(ballotId);
    expect(stored.map((v) => [v.voterKey, v.choice]).sort()).toEqual(
      [
        [key(USERS.claire), ''],
        [key(USERS.sophie), ''],
      ].sort(),
    );
    expect((await h.bot.store.ballots.get(ballotId))?.result?.counts).toEqual(
      expect.arrayContaining([
        { choice: 'Pour', votes: 1 },
        { choice: 'Contre', votes: 1 },
      ]),
    );
    const sophieAfter = await h.post(cardAction(h.connector.url, USERS.sophie, 'ballot.view', { ballotId }));
    expect(textOf(sophieAfter.body.value)).toContain(
      'Vous avez voté (scrutin secret : votre choix n’est plus conservé)',
    );
    expect(textOf(sophieAfter.body.value)).not.toContain('Votre vote : Contre');
  });
});

describe('the programme’s validation circuit', () => {
  it('runs COPIL avis → Comité de DG vote (rejects) → the owner learns why and stops it: Comité de pilotage never opens', async () => {
    await h.bot.store.governance.updateInstance('metropole-de-lyon', 'comite-de-dg', (i) =>
      withMembers(i, [key(USERS.claire), key(USERS.jean), key(USERS.sophie)], [key(USERS.claire)]),
    );
    await h.bot.store.governance.updateInstance('metropole-de-lyon', 'comite-de-pilotage', (i) =>
      withMembers(i, [key(USERS.claire), key(USERS.amina)], [key(USERS.claire)]),
    );
    const refused = await h.post(
      cardAction(h.connector.url, USERS.amina, 'circuit.start', { circuitId: 'circuit-refus', subject: 'x' }),
    );
    expect(textOf(refused.body.value)).toContain('Seuls la Direction Achats');

    h.connector.reset();
    const started = await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.start', {
        circuitId: 'circuit-prog-2027',
        subjectKind: 'programme',
        subject: 'Programmation 2027',
        voteDays: '5',
        stage0: 'copil-reseau',
        kind0: 'avis',
        stage1: 'comite-de-dg',
        kind1: 'vote',
        stage2: 'comite-de-pilotage',
        kind2: 'vote',
      }),
    );
    expect(textOf(started.body.value)).toContain('En cours : étape 1 sur 3');
    expect(textOf(started.body.value)).toContain('1. COPIL RReT');
    expect(textOf(started.body.value)).not.toContain('\\');
    await sentWith('Avis demandé — Programmation 2027', 5);
    // The id alone opens nobody else's circuit (its card carries the audit trail's link).
    const stranger = await h.post(
      cardAction(h.connector.url, USERS.jean, 'circuit.start', { circuitId: 'circuit-prog-2027', subject: 'x' }),
    );
    expect(textOf(stranger.body.value)).toContain('Ce formulaire a déjà servi');
    expect(textOf(stranger.body.value)).not.toContain('Programmation 2027');
    const again = await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.start', { circuitId: 'circuit-prog-2027', subject: 'x' }),
    );
    expect(textOf(again.body.value)).toContain('En cours : étape 1 sur 3');
    // A ballot's id taken as a circuit's: refused, nothing written into that ballot's partition.
    const ballotPartition = () => h.bot.store.ballots.events('scrutin-circuit-prog-2027-1');
    const auditBefore = await ballotPartition();
    const asBallot = await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.start', {
        circuitId: 'scrutin-circuit-prog-2027-1',
        subject: 'x',
      }),
    );
    expect(textOf(asBallot.body.value)).toContain('Données invalides');
    expect(await ballotPartition()).toEqual(auditBefore);

    const comment = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'circuit.comment', {
        circuitId: 'circuit-prog-2027',
        index: '0',
        text: 'Ajouter le lot fournitures scolaires',
      }),
    );
    expect(textOf(comment.body.value)).toContain('Sophie Bernard : Ajouter le lot fournitures scolaires');
    const outsider = await h.post(
      cardAction(h.connector.url, USERS.jean, 'circuit.comment', {
        circuitId: 'circuit-prog-2027',
        index: '0',
        text: 'Moi aussi',
      }),
    );
    expect(textOf(outsider.body.value)).toContain('Seuls les membres de « COPIL RReT »');
    const closedStage = await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.stage.close', {
        circuitId: 'circuit-prog-2027',
        index: '0',
        favourable: 'true',
        reason: '',
      }),
    );
    expect(textOf(closedStage.body.value)).toContain('Terminée : favorable');

    const ballotId = 'scrutin-circuit-prog-2027-1';
    await sentWith('Validez-vous « Programmation 2027 » ?', 3); // the Comité de DG has three members and no channel
    await h.post(
      cardAction(h.connector.url, USERS.jean, 'ballot.vote', {
        ballotId,
        choice: 'Contre',
        reason: 'Calendrier irréaliste',
      }),
    );
    await h.post(
      cardAction(h.connector.url, USERS.sophie, 'ballot.vote', {
        ballotId,
        choice: 'Contre',
        reason: 'Budget non consolidé',
      }),
    );
    await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.vote', { ballotId, choice: 'Pour' }));
    await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.close', { ballotId }));

    // Not a dead end: the owner is told, and may relaunch the stage after amending, or stop.
    const [waiting] = await sentWith('L’étape 2 — Comité de DG (validation) — s’est terminée défavorablement');
    const offered = cardOf(waiting);
    expect(textOf(offered)).toContain('Calendrier irréaliste');
    expect(textOf(offered)).toContain('avec le même quorum');
    expect(press(offered, 'Relancer l’étape').sent).toBe(true);
    expect((await h.bot.store.circuits.get('circuit-prog-2027'))!.status).toBe('suspendu');
    const stop = press(offered, 'Confirmer l’arrêt du circuit');
    if (!stop.sent) throw new Error('no stop');
    // Only the owner stops it.
    const byJean = await h.post(cardAction(h.connector.url, USERS.jean, stop.verb, stop.data));
    expect(textOf(byJean.body.value)).toContain('Seul le porteur du circuit');
    const stopped = await h.post(cardAction(h.connector.url, USERS.claire, stop.verb, stop.data));
    const text = textOf(stopped.body.value);
    expect(text).toContain('Arrêté : une étape a été défavorable');
    expect(text).toContain('Rejeté');
    expect(text).toContain('Calendrier irréaliste');
    expect(text).toContain('Non ouverte (circuit arrêté)');
    expect(text).not.toContain('Relancer l’étape');
    const circuit = (await h.bot.store.circuits.get('circuit-prog-2027'))!;
    expect(circuit.status).toBe('rejete');
    expect(circuit.stages.map((s) => s.status)).toEqual(['favorable', 'defavorable', 'interrompue']);
    expect(await h.bot.store.ballots.get('scrutin-circuit-prog-2027-2')).toBeNull();
  });
});
