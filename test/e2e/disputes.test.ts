import * as XLSX from 'xlsx';
import { keepServed } from '../support/served-documents';
import { dayFromNow } from '../support/forms';
import { randomUUID } from 'crypto';
import { escalateIfOverdue } from '../../src/app/disputes/disputes';
import { personKey } from '../../src/domain/identity';
import { disputePresenter } from '../../src/teams/disputes/presenter';
import { DEMO_TENANT, TEAM_ID, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

/**
 * Disputes through /api/messages: two purchasing files (one with its committee's channel, one
 * without) → reports routed to the right place → handled to resolution with the reporter told
 * at each step → an overdue dispute escalated exactly once → the bilan.
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const CO_CHANNEL = {
  kind: 'channel',
  conversationId: '19:co-fournitures@thread.tacv2',
  channelName: 'CO Fournitures',
  teamId: TEAM_ID,
} as const;
const day = dayFromNow;
const report = (over: Record<string, string> = {}) => ({
  category: 'retard',
  factsDate: day(-2),
  reference: 'BC-2026-118',
  description: 'Livraison attendue le 12, rien reçu à ce jour.',
  severity: 'haute',
  ...over,
});
const sentTo = (id: string, marker: string) =>
  h.connector
    .sent()
    .filter(
      (a) =>
        (a.conversation?.conversationType === 'channel' ? a.conversation.id : a.recipient?.id) === id &&
        textOf(cardOf(a)).includes(marker),
    );

let schoolContract = '';
let mealsContract = '';
let first = { fileId: '', disputeId: '', ref: '' };

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, CO_CHANNEL));
});
afterAll(() => h.stop());

describe('the registry of purchasing files and contracts', () => {
  it('is kept by administrators; a file comes with its Comité Opérationnel', async () => {
    const refused = await h.post(
      cardAction(h.connector.url, USERS.amina, 'registry.file.save', { title: 'x', coordinatorKey: key(USERS.sophie) }),
    );
    expect(textOf(refused.body.value)).toContain('Seuls les administrateurs et la Direction Achats');
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'registry.file.save', {
        title: 'Fournitures scolaires',
        segment: 'Fournitures',
        coordinatorKey: key(USERS.sophie),
        memberKeys: key(USERS.claire),
      }),
    );
    const second = await h.post(
      cardAction(h.connector.url, USERS.claire, 'registry.file.save', {
        title: 'Restauration scolaire',
        segment: 'Restauration',
        coordinatorKey: key(USERS.claire),
        memberKeys: '',
      }),
    );
    // Created from the personal chat: the way to its channel is told without « ce canal ».
    expect(textOf(second.body.value)).toContain(
      'Dossier « Restauration scolaire » créé, avec son Comité Opérationnel. Pour lui lier un canal, mentionnez-moi dans le canal choisi et tapez « lier ».',
    );
    const committee = await h.bot.store.governance.getInstance(
      'metropole-de-lyon',
      'comite-operationnel-fournitures-scolaires',
    );
    expect(committee?.members).toEqual([
      { personKey: key(USERS.sophie), organiser: true },
      { personKey: key(USERS.claire), organiser: false },
    ]);
    const linked = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'channel.link',
        { instanceId: 'comite-operationnel-fournitures-scolaires' },
        CO_CHANNEL,
      ),
    );
    expect(textOf(linked.body.value)).toContain('Canal lié');

    const badContract = await h.post(
      cardAction(h.connector.url, USERS.claire, 'registry.contract.save', {
        fileId: 'fournitures-scolaires',
        number: '2026-014',
        title: 'Fournitures',
        supplier: '',
        startDate: day(-100),
        endDate: day(-200),
        memberIds: '',
      }),
    );
    expect(textOf(badContract.body.value)).toContain('Indiquez le titulaire');
    expect(textOf(badContract.body.value)).toContain('La fin du marché précède son début.');
    // What was typed is kept in « Nouveau marché » (the refusal says so), not to be typed again.
    const inputs = JSON.stringify(badContract.body.value);
    expect(inputs).toMatch(/"id":"number"[^}]*"value":"2026-014"/);
    expect(inputs).toMatch(/"id":"endDate"[^}]*"value":"[0-9-]{10}"/);
    expect(textOf(badContract.body.value)).toContain('Ce que vous avez saisi est gardé : rouvrez « Nouveau marché ».');
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'registry.contract.save', {
        fileId: 'fournitures-scolaires',
        number: '2026-014',
        title: 'Fournitures scolaires',
        supplier: 'Papeteries Réunies',
        lots: 'Lot 1, Lot 2',
        startDate: day(-100),
        endDate: day(600),
        memberIds: 'villeurbanne,bron',
      }),
    );
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'registry.contract.save', {
        fileId: 'restauration-scolaire',
        number: '2025-031',
        title: 'Repas des écoles',
        supplier: 'Cuisines du Rhône',
        startDate: day(-300),
        endDate: day(400),
        memberIds: 'villeurbanne',
      }),
    );
    const contracts = await h.bot.store.disputes.listContracts('metropole-de-lyon');
    schoolContract = contracts.find((c) => c.number === '2026-014')!.id;
    mealsContract = contracts.find((c) => c.number === '2025-031')!.id;
  });
});

describe('reporting a dispute', () => {
  it('offers only the contracts the member’s commune uses', async () => {
    h.connector.reset();
    await h.post(message(h.connector.url, USERS.amina, 'litige'));
    const form = await h.connector.waitFor(() =>
      h.connector.sent().find((a) => textOf(cardOf(a)).includes('Signaler un problème')),
    );
    expect(JSON.stringify(cardOf(form))).toContain('2026-014');
    expect(JSON.stringify(cardOf(form))).toContain('2025-031');
    await h.post(message(h.connector.url, nadia, 'litige'));
    const none = await h.connector.waitFor(() => sentTo(nadia.id, 'n’utilise aucun marché')[0]);
    expect(none).toBeDefined();
  });

  it('routes to the committee’s channel, mentioning the coordinator, and acknowledges with a reference', async () => {
    h.connector.reset();
    const bad = await h.post(
      cardAction(h.connector.url, USERS.amina, 'dispute.report', {
        contractId: schoolContract,
        ...report({ description: 'court', factsDate: day(3) }),
      }),
    );
    expect(textOf(bad.body.value)).toContain('Décrivez le problème (10 caractères au moins).');
    expect(textOf(bad.body.value)).toContain('La date des faits ne peut pas être dans le futur.');
    // Luc, an élu attached to Bron (which uses the contract) but not its référent, may not report.
    await lucAttachedToBron();
    const elu = await h.post(
      cardAction(h.connector.url, USERS.luc, 'dispute.report', { contractId: schoolContract, ...report() }),
    );
    expect(textOf(elu.body.value)).toContain('Seuls les référents d’un adhérent signalent un litige');
    expect(await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).toEqual([]);
    const piece = 'https://ged.villeurbanne.example.org/achats/bon_de_commande-118.pdf';
    const res = await h.post(
      cardAction(h.connector.url, USERS.amina, 'dispute.report', {
        contractId: schoolContract,
        ...report({ links: piece }),
      }),
    );
    const ack = textOf(res.body.value);
    first.ref = ack.match(/LIT-\d{4}-\d{4}/)![0];
    expect(first.ref).toMatch(/^LIT-\d{4}-0001$/);
    const posted = await h.connector.waitFor(() => sentTo(CO_CHANNEL.conversationId, first.ref)[0]);
    // Neutral whoever coordinates (« coordinateur » misread for a woman).
    expect(textOf(cardOf(posted))).toContain('Pour <at>Sophie Bernard</at>, qui coordonne le dossier.');
    expect(cardOf(posted).msteams.entities[0].mentioned.id).toBe(USERS.sophie.id);
    // The reporter's « Pièces » are links the committee opens, named by their file.
    expect(textOf(cardOf(posted))).toContain(`Pièces : [bon de commande-118.pdf](${piece})`);
    const stored = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon'))[0]!;
    first = { ...first, fileId: stored.fileId, disputeId: stored.id };
    // The reporter's card is no dead end: « Actualiser » shows where the report stands.
    expect(cardOf({ attachments: [{ content: res.body.value }] }).actions).toContainEqual({
      type: 'Action.Execute',
      title: 'Actualiser',
      verb: 'dispute.view',
      data: { fileId: stored.fileId, disputeId: stored.id },
    });
    const again = await h.post(
      cardAction(h.connector.url, USERS.amina, 'dispute.view', { fileId: stored.fileId, disputeId: stored.id }),
    );
    expect(textOf(again.body.value)).toContain(`Votre signalement ${first.ref}`);
  });

  it('goes to the coordinator (and the Direction Achats) when the file has no channel; refuses a contract the commune does not use', async () => {
    h.connector.reset();
    const res = await h.post(
      cardAction(h.connector.url, USERS.amina, 'dispute.report', {
        contractId: mealsContract,
        ...report({
          category: 'qualite',
          severity: 'critique',
          description: 'Repas servis froids deux jours de suite.',
        }),
      }),
    );
    const ref = textOf(res.body.value).match(/LIT-\d{4}-\d{4}/)![0];
    await h.connector.waitFor(() => sentTo(USERS.claire.id, ref)[0]);
    expect(sentTo(CO_CHANNEL.conversationId, ref)).toHaveLength(0);
    const notUsed = await h.post(
      cardAction(h.connector.url, USERS.jean, 'dispute.report', { contractId: mealsContract, ...report() }),
    );
    expect(textOf(notUsed.body.value)).toContain('Choisissez un marché que votre commune utilise.');
    expect(await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).toHaveLength(2);
  });

  it('groups a similar report from another commune on the committee card', async () => {
    h.connector.reset();
    const res = await h.post(
      cardAction(h.connector.url, USERS.jean, 'dispute.report', {
        contractId: schoolContract,
        ...report({ description: 'Même retard pour les écoles de Bron.' }),
      }),
    );
    const ref = textOf(res.body.value).match(/LIT-\d{4}-\d{4}/)![0];
    const posted = await h.connector.waitFor(() => sentTo(CO_CHANNEL.conversationId, ref)[0]);
    expect(textOf(cardOf(posted))).toContain(
      `Signalements similaires (même marché, même catégorie, 30 jours) : ${first.ref} (Ville de Villeurbanne) — 2 adhérents touchés`,
    );
  });
});

describe('handling a dispute', () => {
  it('is refused to someone outside the committee', async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.amina, 'dispute.act', { ...first, kind: 'prendre' }));
    expect(textOf(res.body.value)).toContain('Seuls les membres du Comité opérationnel — Fournitures scolaires');
    expect((await h.bot.store.disputes.get(first.fileId, first.disputeId))!.status).toBe('nouveau');
  });

  it('goes to resolution; the reporter is told at each step and the channel card follows', async () => {
    h.connector.reset();
    const act = (user: typeof USERS.sophie, kind: string, text = '') =>
      h.post(
        cardAction(
          h.connector.url,
          user,
          'dispute.act',
          { fileId: first.fileId, disputeId: first.disputeId, kind, text },
          CO_CHANNEL,
        ),
      );
    expect(textOf((await act(USERS.sophie, 'prendre')).body.value)).toContain('Pris en charge');
    expect(textOf((await act(USERS.sophie, 'preciser', 'Quel numéro de bon de commande ?')).body.value)).toContain(
      'Précisions demandées',
    );
    const asked = await h.connector.waitFor(() => sentTo(USERS.amina.id, 'Quel numéro de bon de commande ?')[0]);
    expect(cardOf(asked).actions[0].data.kind).toBe('repondre');
    const answered = await h.post(
      cardAction(h.connector.url, USERS.amina, 'dispute.act', {
        fileId: first.fileId,
        disputeId: first.disputeId,
        kind: 'repondre',
        text: 'BC-2026-118 du 3 novembre',
      }),
    );
    expect(textOf(answered.body.value)).toContain('Réponse du déclarant : BC-2026-118 du 3 novembre');
    await act(USERS.sophie, 'action', 'Relance écrite du titulaire, livraison promise sous 48 h');
    // « Mise en demeure » (an older card's too) opens the letter's review; « Générer et envoyer » sends it.
    const review = await act(USERS.claire, 'mettre-en-demeure', 'Retard de livraison du lot 1');
    expect(textOf(review.body.value)).toContain('Aperçu de la lettre');
    expect((await h.bot.store.disputes.get(first.fileId, first.disputeId))!.status).toBe('pris-en-charge');
    const demeure = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'dispute.notice.send',
        {
          ...first,
          clause: 'article 5.2 du CCAP (délais de livraison)',
          request: 'Livrer le lot 1 sous huit jours.',
          facts: 'Retard de livraison du lot 1 aux écoles.',
          signatoryKey: key(USERS.sophie),
        },
        CO_CHANNEL,
      ),
    );
    expect(textOf(demeure.body.value)).toMatch(/réponse du titulaire attendue au plus tard le/);
    const resolved = await act(USERS.sophie, 'resoudre', 'Livré le 19, pénalités de retard appliquées');
    expect(textOf(resolved.body.value)).toContain('Résolu');
    const told = await h.connector.waitFor(() => {
      const cards = h.connector
        .sent()
        .filter(
          (a) => a.recipient?.id === USERS.amina.id && textOf(cardOf(a)).includes(`Votre signalement ${first.ref}`),
        );
      return cards.length >= 6 ? cards : undefined;
    }, 8_000);
    expect(told.map((a) => textOf(cardOf(a)).split('\n')[1])).toEqual([
      'Pris en charge',
      'Précisions demandées au déclarant',
      'Pris en charge',
      'Pris en charge',
      expect.stringMatching(/^Mise en demeure envoyée/),
      'Résolu',
    ]);
    await h.connector.waitFor(
      () =>
        h.connector.calls.find(
          (c) =>
            c.method === 'PUT' &&
            c.conversationId === CO_CHANNEL.conversationId &&
            textOf(c.body.attachments[0].content).includes('Résolu'),
        ),
      8_000,
    );
    const again = await act(USERS.sophie, 'resoudre', 'encore');
    expect(textOf(again.body.value)).toContain('Ce litige est résolu : rouvrez-le d’abord.');
  });

  it('escalates an overdue dispute exactly once, whoever runs the job', async () => {
    h.connector.reset();
    skipped = 5 * 3_600_000; // the critical dispute had 4 hours to be taken in charge
    await Promise.all([h.bot.scheduler.tick(), h.bot.scheduler.tick()]);
    const late = await h.connector.waitFor(() => {
      const sent = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('en retard'));
      return sent.length ? sent : undefined;
    });
    await h.bot.scheduler.tick();
    await new Promise((r) => setTimeout(r, 500));
    const all = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('en retard'));
    expect(all).toHaveLength(late.length);
    expect(all.map((a) => a.recipient?.id)).toEqual([USERS.claire.id]); // Direction Achats and coordinator of that file
    expect(textOf(cardOf(all[0]))).toContain('n’a pas été pris en charge');
    // That timer, once run, has scheduled the resolution's: 48 hours after the report.
    const critical = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).find(
      (d) => d.severity === 'critique',
    )!;
    expect(await h.bot.store.jobs.get(`litige-takeCharge-${critical.id}`)).toBeNull();
    expect(await h.bot.store.jobs.get(`litige-resolve-${critical.id}`)).toMatchObject({
      state: 'pending',
      dueAt: Date.parse(critical.createdAt) + 48 * 3_600_000,
      payload: { what: 'resolve' },
    });
    skipped = 0;
  });

  it('escalates once even when two bot instances run the same check at the same moment', async () => {
    const critical = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).find(
      (d) => d.severity === 'critique',
    )!;
    const deps = {
      governance: h.bot.store.governance,
      disputes: h.bot.store.disputes,
      outbox: h.bot.store.outbox,
      clock: { now: () => new Date(Date.now() + 3 * 86_400_000) },
    };
    const presenter = disputePresenter();
    const payload = { fileId: critical.fileId, disputeId: critical.id, what: 'resolve' as const };
    // Two instances, each with its own scheduler, reach the job at once: the etag lets one through.
    const outcomes = await Promise.all([
      escalateIfOverdue(deps, payload, presenter),
      escalateIfOverdue(deps, payload, presenter),
    ]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await escalateIfOverdue(deps, payload, presenter)).toBe(false);
    expect(
      (await h.bot.store.outbox.records('retard-resolve-' + critical.id)).length +
        (await h.bot.store.outbox.pending('retard-resolve-' + critical.id)).length,
    ).toBe(1);
  });

  it('shows the bilan per contract and supplier', async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'disputes.bilan', {}));
    const text = textOf(res.body.value);
    expect(text).toContain('3 litiges, 1 résolu.');
    expect(text).toContain('2026-014 — Fournitures scolaires');
    expect(text).toMatch(
      /2 litiges · Retard de livraison ou de prestation 2 · (Résolu 1, Nouveau 1|Nouveau 1, Résolu 1)/,
    );
    expect(text).toContain('Cuisines du Rhône');
    // Durations under an hour read in minutes, not « 0,1 h » (the mean is kept to the tenth of an hour).
    expect(text).not.toMatch(/moyenne 0(,\d)? h/);
    expect(text).toMatch(/prise en charge moyenne (moins de 3 min|[1-5]\d? min|\d+(,\d)? [hj])/);
    // h54: the bilan as a workbook, per contract and per supplier, read back by SheetJS.
    const button = JSON.stringify(res.body.value).match(/"title":"Bilan des litiges \(XLSX\)","url":"([^"]+)"/)!;
    const file = await fetch(button[1]!);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bilanBytes = Buffer.from(await file.arrayBuffer());
    await keepServed(
      'bilan-litiges.xlsx',
      bilanBytes,
      'Bilan des litiges (XLSX)',
      'Commande « bilan » : « Bilan des litiges (XLSX) », par contrat et par fournisseur',
    );
    const book = XLSX.read(bilanBytes, {});
    expect(book.SheetNames).toEqual(['Par contrat', 'Par fournisseur', 'Par catégorie']);
    const perContract = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['Par contrat']!);
    expect(perContract.find((l) => l.Contrat === '2026-014 — Fournitures scolaires')).toMatchObject({
      Litiges: 2,
      'Retard de livraison ou de prestation': 2,
      Résolu: 1,
      Nouveau: 1,
    });
    expect(book.Sheets['Par contrat']!.B2).toMatchObject({ t: 'n' });
    const perSupplier = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['Par fournisseur']!);
    expect(perSupplier.map((l) => l.Fournisseur)).toContain('Cuisines du Rhône');
  });
});

describe('a report sent twice', () => {
  it('keeps one report, one reference, when the same form is sent again (a retry after a fault, a double click)', async () => {
    const draftId = randomUUID();
    const before = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).length;
    const once = await h.post(
      cardAction(h.connector.url, USERS.amina, 'dispute.report', { draftId, contractId: schoolContract, ...report() }),
    );
    const twice = await h.post(
      cardAction(h.connector.url, USERS.amina, 'dispute.report', { draftId, contractId: schoolContract, ...report() }),
    );
    const ref = textOf(once.body.value).match(/LIT-\d{4}-\d{4}/)![0];
    expect(textOf(twice.body.value)).toContain(`porte la référence ${ref}`);
    expect(await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).toHaveLength(before + 1);
    // Someone else cannot take over that report with the same form id.
    const other = await h.post(
      cardAction(h.connector.url, USERS.jean, 'dispute.report', { draftId, contractId: schoolContract, ...report() }),
    );
    expect(textOf(other.body.value)).not.toContain(`porte la référence ${ref}`);
  });
});

describe('a double click on « Signaler »', () => {
  it('queues one card per person of the committee and one timer, however many times the form arrives', async () => {
    const draftId = randomUUID();
    const send = () =>
      h.post(
        cardAction(h.connector.url, USERS.amina, 'dispute.report', {
          draftId,
          contractId: schoolContract,
          ...report({ description: 'Cartons livrés abîmés, double clic.' }),
        }),
      );
    await Promise.all([send(), send()]);
    await send(); // and a retry after
    const reported = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).filter(
      (d) => d.description === 'Cartons livrés abîmés, double clic.',
    );
    expect(reported).toHaveLength(1);
    const noticeId = `litige-${reported[0]!.id}`;
    const queued = [...(await h.bot.store.outbox.pending(noticeId)), ...(await h.bot.store.outbox.records(noticeId))];
    expect(queued.length).toBeGreaterThan(0);
    expect(new Set(queued.map((e) => e.id)).size).toBe(queued.length);
    expect((await h.bot.store.outbox.getNotice(noticeId))?.recipientCount).toBe(queued.length);
    // One timer, the take-in-charge deadline's; the resolution's comes once it has run.
    expect(await h.bot.store.jobs.get(`litige-takeCharge-${reported[0]!.id}`)).toMatchObject({
      payload: { what: 'takeCharge', then: { what: 'resolve' } },
    });
    expect(await h.bot.store.jobs.get(`litige-resolve-${reported[0]!.id}`)).toBeNull();
  });
});

/** Luc, an élu, attached to Bron without being its référent. */
async function lucAttachedToBron() {
  const key = personKey(DEMO_TENANT, USERS.luc.aadObjectId);
  const luc = (await h.bot.store.governance.getPerson('metropole-de-lyon', key))!;
  await h.bot.store.governance.upsertPerson(luc, (p) => ({ ...p, memberId: 'bron' }));
}
