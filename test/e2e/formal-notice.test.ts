import { createHash } from 'crypto';
import { mkdir, writeFile } from 'fs/promises';
import path from 'path';
import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, USERS, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { docxText } from '../support/docx-reader';
import { dayFromNow } from '../support/forms';
import { pdfPages, pdfText } from '../support/pdf-reader';
import { frenchDateOf } from '../../src/domain/meetings/zoned-time';
import { delayEnd } from '../../src/domain/local-date';
import { keepServed } from '../support/served-documents';

/**
 * The mise en demeure through /api/messages: two similar reports grouped → « Mise en demeure »
 * on the committee card opens the review form → a refused draft comes back as typed → « Générer
 * et envoyer » keeps the letter (PDF, DOCX) with the dispute and only then changes its status →
 * the card's signed links serve the letter, whose SHA-256 is the journal's.
 */
let h: Harness;
const OUT = path.join(__dirname, '../../build/documents');
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const day = dayFromNow;
let ref = { fileId: '', disputeId: '' };
const refs: string[] = [];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const actionsOf = (card: any): any[] => [
  ...(card.actions ?? []),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ...(card.body ?? []).filter((b: any) => b.type === 'ActionSet').flatMap((b: any) => b.actions),
];
const post = (user: typeof USERS.sophie, verb: string, data: Record<string, unknown>) =>
  h.post(cardAction(h.connector.url, user, verb, data));

beforeAll(async () => {
  h = await startHarness({});
  await post(USERS.claire, 'registry.file.save', {
    title: 'Fournitures scolaires',
    segment: 'Fournitures',
    coordinatorKey: key(USERS.sophie),
    memberKeys: key(USERS.claire),
  });
  await post(USERS.claire, 'registry.contract.save', {
    fileId: 'fournitures-scolaires',
    number: '2026-014',
    title: 'Fournitures scolaires',
    supplier: 'Papeteries Réunies',
    lots: 'Lot 1',
    startDate: day(-100),
    endDate: day(600),
    memberIds: 'villeurbanne,bron',
  });
  const contractId = (await h.bot.store.disputes.listContracts('metropole-de-lyon'))[0]!.id;
  for (const [user, factsDate, reference, description] of [
    [USERS.amina, day(-9), 'BC-2026-118', 'Livraison attendue, rien reçu à Villeurbanne.'],
    [USERS.jean, day(-4), 'BC-2026-131', 'Cahiers toujours pas livrés aux écoles de Bron.'],
  ] as const) {
    const res = await post(user, 'dispute.report', {
      contractId,
      category: 'retard',
      factsDate,
      reference,
      description,
      severity: 'haute',
    });
    refs.push(textOf(res.body.value).match(/LIT-\d{4}-\d{4}/)![0]);
  }
  const first = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).find((d) => d.ref === refs[0])!;
  ref = { fileId: first.fileId, disputeId: first.id };
}, 60_000);
afterAll(() => h.stop());

describe('the mise en demeure letter', () => {
  it('opens a review form prefilled with the letter’s parts and its preview, refused outside the committee', async () => {
    const refused = await post(USERS.amina, 'dispute.notice.review', ref);
    expect(textOf(refused.body.value)).toContain('Seuls les membres du Comité opérationnel — Fournitures scolaires');
    const view = await post(USERS.sophie, 'dispute.view', ref);
    const button = actionsOf(view.body.value).find((a) => a.title === 'Mise en demeure');
    expect(button).toMatchObject({ verb: 'dispute.notice.review', data: ref });
    const form = await post(USERS.sophie, button.verb, button.data);
    const text = textOf(form.body.value);
    expect(text).toContain(`les 2 signalements groupés (${refs[0]}, ${refs[1]})`);
    expect(text).toContain('Aperçu de la lettre');
    expect(text).toContain('Papeteries Réunies');
    expect(text).toContain('BC-2026-131');
    expect(text).toContain(`soit jusqu’au ${frenchDateOf(delayEnd(new Date(), 15, 'Europe/Paris'))} inclus`);
    const json = JSON.stringify(form.body.value);
    expect(json).toMatch(/"id":"request"[^}]*"value":"Exécuter sans délai/);
    expect(json).toMatch(/"id":"signatoryKey"[^}]*"value":"[^"]*a1d0c6e8-0000-4000-8000-000000000021"/);
    // « Mettre à jour l’aperçu » shows the letter with what was typed, nothing sent.
    const update = actionsOf(form.body.value).find((a) => a.title === 'Mettre à jour l’aperçu');
    const updated = await post(USERS.sophie, update.verb, {
      ...update.data,
      clause: 'article 9 du CCAP (qualité)',
      request: 'Remplacer les cahiers abîmés.',
      facts: 'Des cahiers livrés abîmés.',
      signatoryKey: key(USERS.sophie),
      place: 'Villeurbanne',
    });
    expect(textOf(updated.body.value)).toContain('au regard de : article 9 du CCAP (qualité).');
    expect(textOf(updated.body.value)).toContain('Villeurbanne, le ');
    expect(JSON.stringify(updated.body.value)).toMatch(/"id":"clause"[^}]*"value":"article 9 du CCAP \(qualité\)"/);
    // « Retour » goes back to the dispute card, unchanged.
    const back = actionsOf(form.body.value).find((a) => a.title === 'Retour');
    expect(back).toMatchObject({ verb: 'dispute.view', data: ref, associatedInputs: 'none' });
    expect((await h.bot.store.disputes.get(ref.fileId, ref.disputeId))!.status).toBe('nouveau');
  });

  it('sends back a draft without its clause as typed, and changes nothing', async () => {
    const res = await post(USERS.sophie, 'dispute.notice.send', {
      ...ref,
      clause: '',
      request: 'Livrer sous huit jours les cahiers manquants.',
      facts: 'Deux communes sans livraison depuis plus d’une semaine.',
      signatoryKey: key(USERS.sophie),
      place: 'Lyon',
      supplierAddress: '',
    });
    const text = textOf(res.body.value);
    expect(text).toContain('La lettre n’est pas envoyée : corrigez les champs signalés, votre saisie est gardée.');
    expect(text).toContain('Indiquez l’article du CCAP ou du CCAG');
    expect(JSON.stringify(res.body.value)).toMatch(/"id":"request"[^}]*"value":"Livrer sous huit jours/);
    expect((await h.bot.store.disputes.get(ref.fileId, ref.disputeId))!.status).toBe('nouveau');
    expect(await h.bot.store.documents.list(ref.disputeId)).toEqual([]);
  });

  it('generates the PDF and DOCX, writes the journal, then moves the dispute once — even on a double click', async () => {
    const draft = {
      ...ref,
      clause: 'article 5.2 du CCAP (délais de livraison)',
      request: 'Livrer sous huit jours les cahiers manquants.',
      facts: 'Deux communes sans livraison depuis plus d’une semaine.',
      signatoryKey: key(USERS.sophie),
      place: 'Lyon',
      supplierAddress: '3 avenue des Papetiers\n69100 Villeurbanne',
    };
    const [one, two] = await Promise.all([
      post(USERS.sophie, 'dispute.notice.send', draft),
      post(USERS.sophie, 'dispute.notice.send', draft),
    ]);
    for (const r of [one, two]) expect(textOf(r.body.value)).toContain('Mise en demeure envoyée');
    const d = (await h.bot.store.disputes.get(ref.fileId, ref.disputeId))!;
    expect(d.status).toBe('mise-en-demeure');
    expect(d.history.filter((x) => x.status === 'mise-en-demeure')).toHaveLength(1);
    expect(d.contradictoryDeadline).toBe(delayEnd(new Date(), 15, 'Europe/Paris'));
    const docs = await h.bot.store.documents.list(ref.disputeId);
    expect(docs.map((x) => x.id).sort()).toEqual(['mise-en-demeure-v1.docx', 'mise-en-demeure-v1.pdf']);
    const journal = d.history.filter((x) => x.detail.includes('SHA-256'));
    expect(journal).toHaveLength(2);
    // The journal lines come before the status change.
    expect(d.history.indexOf(journal[1]!)).toBeLessThan(d.history.findIndex((x) => x.status === 'mise-en-demeure'));

    // The card's buttons, then the dispute's view, open the letter behind signed links.
    const opens = actionsOf(one.body.value).filter((a) => a.type === 'Action.OpenUrl');
    expect(opens.map((b) => b.title).sort()).toEqual([
      'Mise en demeure, version 1 (DOCX)',
      'Mise en demeure, version 1 (PDF)',
    ]);
    const buttons = ['(PDF)', '(DOCX)'].map((f) => opens.find((b) => b.title.endsWith(f)));
    const view = await post(USERS.sophie, 'dispute.view', ref);
    expect(
      actionsOf(view.body.value)
        .filter((a) => a.type === 'Action.OpenUrl')
        .map((b) => b.title),
    ).toEqual(opens.map((b) => b.title));
    expect(actionsOf(view.body.value).find((a) => a.title === 'Mise en demeure')).toBeUndefined();
    const pdfRes = await fetch(buttons[0].url);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toContain('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(journal.find((x) => x.detail.includes('PDF'))!.detail).toContain(`SHA-256 ${sha}`);
    const text = await pdfText(pdf);
    for (const s of [
      'Papeteries Réunies',
      '3 avenue des Papetiers',
      'marché n° 2026-014',
      refs[0]!,
      refs[1]!,
      'BC-2026-118',
      'BC-2026-131',
      'article 5.2 du CCAP (délais de livraison)',
      'Nous vous mettons en demeure de : livrer sous huit jours les cahiers manquants.',
      '15 jours',
      `soit jusqu’au ${frenchDateOf(d.contradictoryDeadline!)}`,
      '1 000,00 € HT',
      '10 %',
      'Sophie Bernard',
    ])
      expect({ s, found: text.replace(/\s+/g, ' ').includes(s) }).toEqual({ s, found: true });
    // Each report's facts date, on its row as the letter prints it (« 23 novembre », the year wraps in its cell).
    const rows = text.split('\n');
    for (const [n, f] of [day(-9), day(-4)].entries()) {
      const dayMonth = frenchDateOf(f).split(' ').slice(1, 3).join(' ').replace(/^1 /, '1er ');
      expect(rows.find((r) => r.includes(refs[n]!) && r.includes('Ville de'))).toContain(dayMonth);
    }
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const p of pages) expect(p.png.length).toBeGreaterThan(1000);

    // Kept for a look (build/ is not committed): the letter as the bot served it.
    await mkdir(OUT, { recursive: true });
    await writeFile(path.join(OUT, 'mise-en-demeure-e2e.pdf'), pdf);
    await keepServed(
      'mise-en-demeure.pdf',
      pdf,
      'Mise en demeure (PDF)',
      'Litige → « Mise en demeure » → relecture → « Générer et envoyer » : carte du comité opérationnel',
    );
    const docxRes = await fetch(buttons[1].url);
    expect(docxRes.status).toBe(200);
    const docx = Buffer.from(await docxRes.arrayBuffer());
    await writeFile(path.join(OUT, 'mise-en-demeure-e2e.docx'), docx);
    await keepServed('mise-en-demeure.docx', docx, 'Mise en demeure (DOCX, à modifier)', 'Même carte que le PDF');
    const word = (await docxText(docx)).replace(/\s+/g, ' ');
    for (const s of [
      'Papeteries Réunies',
      refs[1]!,
      'article 5.2 du CCAP',
      `soit jusqu’au ${frenchDateOf(d.contradictoryDeadline!)}`,
    ])
      expect(word).toContain(s);
    expect(createHash('sha256').update(docx).digest('hex')).toBe(docs.find((x) => x.format === 'docx')!.sha256);

    // The committee's posted cards (here the coordinator's and the Direction Achats', no channel) show the letter too.
    const updated = await h.connector.waitFor(() =>
      h.connector.calls.find(
        (c) => c.method === 'PUT' && JSON.stringify(c.body).includes('Mise en demeure, version 1 (PDF)'),
      ),
    );
    expect(JSON.stringify(updated.body)).toContain('/fichiers/document/');

    // Sent: the form is refused, the dispute stays as it is.
    const again = await post(USERS.sophie, 'dispute.notice.review', ref);
    expect(textOf(again.body.value)).toContain('La mise en demeure est déjà envoyée.');
  }, 60_000);
});
