import { mkdtempSync, readdirSync } from 'fs';
import { readFile } from 'fs/promises';
import os from 'os';
import path from 'path';
import { simpleParser } from 'mailparser';
import * as XLSX from 'xlsx';
import { bilanExportLinks } from '../../src/app/bilan/bilan-exports';
import { ConsumptionReport } from '../../src/domain/bilan/consumption';
import { Contract } from '../../src/domain/disputes/registry';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { contractA, contractB, contractC, reports } from '../support/bilan-fixture';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { pdfImages, pdfText } from '../support/pdf-reader';
import { addCopilMembers, convene, sittingForm } from '../support/scenarios';
import { keepServed } from '../support/served-documents';

/**
 * The bilan des marchés as documents of record, through the bot's real HTTP server: the export
 * links (PDF of record, workbook) of the demo centrale, signed for it only; and the bilan put
 * before a sitting by its organiser — kept as the sitting's document, added to an agenda item,
 * the members told on their card and by e-mail.
 */
const CENTRALE = 'metropole-de-lyon';
/** The fixture's communes m1…m5 as the demo centrale's adhérents. */
const MEMBER: Record<string, string> = {
  m1: 'villeurbanne',
  m2: 'bron',
  m3: 'venissieux',
  m4: 'ccas-saint-priest',
  m5: 'caluire-et-cuire',
};
const inLyon = (c: Contract): Contract => ({
  ...c,
  id: `bilan-${c.id}`,
  centraleId: CENTRALE,
  fileId: 'dossier-bilan',
  memberIds: c.memberIds.map((m) => MEMBER[m]!),
  economics: c.economics && {
    ...c.economics,
    forecasts: c.economics.forecasts.map((f) => ({ ...f, memberId: MEMBER[f.memberId]! })),
  },
});
const reportInLyon = (r: ConsumptionReport): ConsumptionReport => ({
  ...r,
  contractId: `bilan-${r.contractId}`,
  centraleId: CENTRALE,
  lines: r.lines.map((l) => ({ ...l, memberId: MEMBER[l.memberId]! })),
});

let h: Harness;
let dataDir = '';
const clock = { now: () => new Date() };
const flat = async (pdf: Buffer) => (await pdfText(pdf)).replace(/\s+/g, ' ');
const buttons = (card: unknown): Array<{ title: string; url: string }> => {
  const found: Array<{ title: string; url: string }> = [];
  const walk = (n: any): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.OpenUrl') found.push({ title: n.title, url: n.url });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
};
const verbs = (card: unknown): string[] => JSON.stringify(card).match(/"verb":"[^"]+"/g) ?? [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'centrale-bilan-'));
  h = await startHarness({ DATA_DIR: dataDir }, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  for (const c of [contractA, contractB, contractC]) await h.bot.store.disputes.saveContract(inLyon(c));
  await h.bot.store.consumption.saveReports(reports.map(reportInLyon));
});
afterAll(() => h.stop());

describe('the export links of the bilan des marchés', () => {
  it('serve the PDF of record and the workbook; the same figures asked twice are one document', async () => {
    const links = bilanExportLinks(
      { links: h.bot.links, clock },
      CENTRALE,
      '2026',
      personKey(DEMO_TENANT, USERS.claire.aadObjectId),
    );
    const pdfRes = await fetch(links.pdfUrl);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    expect(pdfRes.headers.get('content-disposition')).toContain('bilan-marches-2026-v1.pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    await keepServed(
      'bilan-marches-2026.pdf',
      pdf,
      'Bilan des marchés 2026 (export)',
      'Les liens d’export du bilan des marchés (cartes du bilan) : PDF de référence, gardé avec son SHA-256',
    );
    const text = await flat(pdf);
    expect(text).toContain('Bilan des marchés — 2026');
    expect(text).toContain('8 028,77 € HT');
    expect(text).toContain('Ville de Villeurbanne');
    expect((await pdfImages(pdf)).filter((i) => i.type === 'image')).toHaveLength(2);

    // Asked again (a double click, another card): the version kept, byte for byte.
    const again = Buffer.from(await (await fetch(links.pdfUrl)).arrayBuffer());
    expect(again.equals(pdf)).toBe(true);
    const kept = await h.bot.store.documents.list(`bilan-marches~${CENTRALE}~2026`);
    expect(kept.map((r) => r.id)).toEqual(['bilan-marches-v1.pdf']);
    expect(kept[0]!.generatedBy).toBe(personKey(DEMO_TENANT, USERS.claire.aadObjectId));

    const xlsxRes = await fetch(links.xlsxUrl);
    expect(xlsxRes.status).toBe(200);
    expect(xlsxRes.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const bytes = Buffer.from(await xlsxRes.arrayBuffer());
    await keepServed(
      'bilan-marches-2026.xlsx',
      bytes,
      'Bilan des marchés 2026 (classeur)',
      'Les liens d’export du bilan des marchés',
    );
    const book = XLSX.read(bytes, { cellNF: true });
    expect(book.SheetNames).toEqual(['Marchés', 'Adhérents', 'Consommation']);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['Marchés']!);
    expect(rows.map((r) => r['Gains achats sur la période'])).toEqual([4500, undefined, 3528.77]);
  });

  it('a link altered to another centrale, window or expiry opens nothing (403)', async () => {
    const links = bilanExportLinks({ links: h.bot.links, clock }, CENTRALE, '2026');
    for (const url of [links.pdfUrl, links.xlsxUrl]) {
      const tampered = [
        url.replace(encodeURIComponent(`${CENTRALE}|`), encodeURIComponent('pfra-paca|')),
        url.replace(encodeURIComponent('|2026'), encodeURIComponent('|2025')),
        url.replace(/exp=(\d+)/, (_, e) => `exp=${Number(e) + 86_400}`),
        url
          .replace('/bilan-marches-xlsx/', '/bilan-marches-pdf/')
          .replace('/bilan-marches-pdf/', '/bilan-marches-xlsx/'),
      ].filter((u) => u !== url);
      expect(tampered.length).toBeGreaterThanOrEqual(3);
      for (const t of tampered) expect((await fetch(t)).status).toBe(403);
    }
  });
});

describe('the bilan des marchés attached to a sitting’s agenda item', () => {
  let sittingId = '';
  let mayorKey = '';

  beforeAll(async () => {
    const [mayor] = await addCopilMembers(h, 1, 'b11a', () => ({ email: 'maire@bilan.test', delivery: 'email' }));
    mayorKey = personKey(DEMO_TENANT, mayor!.aadObjectId);
    ({ sittingId } = await convene(
      h,
      sittingForm({ agenda: 'Programmation 2027 ; Direction Achats\nBilan des marchés 2026 ; Coordinatrice RReT' }),
      USERS.claire,
    ));
    await h.bot.dispatcher.drain();
    await h.bot.mailDispatcher!.drain();
  });

  it('is refused to a member who does not organise the sitting, and nothing changes', async () => {
    const before = await h.bot.store.meetings.get(sittingId);
    for (const verb of ['meeting.bilan.open', 'meeting.bilan.attach']) {
      const res = await h.post(
        cardAction(h.connector.url, USERS.amina, verb, { sittingId, item: '2', windowKey: '2026' }),
      );
      expect(textOf(res.body.value)).toMatch(/Action impossible/);
    }
    expect(await h.bot.store.meetings.get(sittingId)).toEqual(before);
    expect((await h.bot.store.documents.list(sittingId)).filter((r) => r.kind === 'bilan-marches')).toEqual([]);
  });

  it('the organiser attaches the 2026 bilan to item 2 (double click: one document, one change); members see it added', async () => {
    h.connector.reset();
    const forecast = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(verbs(forecast.body.value)).toContain('"verb":"meeting.bilan.open"');
    const form = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.bilan.open', { sittingId }));
    const formText = textOf(form.body.value);
    expect(formText).toContain('Joindre le bilan des marchés — COPIL RReT');
    expect(formText).toContain('2. Bilan des marchés 2026');
    expect(formText).toContain('Toute la durée des marchés');

    const attach = () =>
      h.post(
        cardAction(h.connector.url, USERS.claire, 'meeting.bilan.attach', { sittingId, item: '2', windowKey: '2026' }),
      );
    const [first, second] = await Promise.all([attach(), attach()]);
    for (const res of [first, second]) expect(textOf(res.body.value)).toContain('Prévision du quorum');

    const docs = (await h.bot.store.documents.list(sittingId)).filter((r) => r.kind === 'bilan-marches');
    expect(docs).toHaveLength(1);
    const sitting = (await h.bot.store.meetings.get(sittingId))!;
    expect(sitting.version).toBe(2);
    expect(sitting.agenda[0]!.links).toEqual([]);
    expect(sitting.agenda[1]!.links).toHaveLength(1);
    expect(sitting.agenda[1]!.added?.[0]?.link).toBe(sitting.agenda[1]!.links[0]);
    expect(sitting.history.filter((e) => e.action === 'modification')).toHaveLength(1);
    expect(sitting.history.filter((e) => e.action === 'document' && e.document?.kind === 'bilan-marches')).toHaveLength(
      1,
    );
    const change = sitting.history.find((e) => e.action === 'modification')!.summary;
    expect(change).toMatch(/document ajouté : bilan-marches-2026-copil-rret-\d{4}-\d{2}-\d{2}-v1\.pdf \(point 2\)/);

    // The organiser's card opens it; it is the bilan, its SHA-256 the journal's.
    const card = (await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }))).body
      .value;
    const button = buttons(card).find((b) => b.title === 'Bilan des marchés 2026 (PDF)')!;
    expect(button).toBeDefined();
    const pdf = Buffer.from(await (await fetch(button.url)).arrayBuffer());
    const text = await flat(pdf);
    expect(text).toContain('Bilan des marchés — 2026');
    expect(text).toContain('COPIL RReT — séance du');
    expect(text).toContain('8 028,77 € HT');
    // The agenda's link opens the same bytes.
    const fromAgenda = Buffer.from(await (await fetch(sitting.agenda[1]!.links[0]!)).arrayBuffer());
    expect(fromAgenda.equals(pdf)).toBe(true);
    await keepServed(
      'bilan-marches-seance.pdf',
      pdf,
      'Bilan des marchés 2026 joint à une séance (point 2)',
      'Carte de l’organisateur : « Joindre le bilan des marchés » ; carte et e-mail des membres (« ajouté le … »)',
    );

    // Amina, a member, is told: her card names the file, dated « ajouté le … ».
    const told = await h.connector.waitFor(() =>
      h.connector
        .sent()
        .find((a) => a.recipient?.id === USERS.amina.id && textOf(cardOf(a)).includes('Séance modifiée')),
    );
    expect(textOf(cardOf(told))).toMatch(/bilan-marches-2026-copil-rret-[\d-]+-v1\.pdf\]\([^)]+\) \(ajouté le /);
    // The new convocation names it too.
    const convocation = buttons(card).find((b) => b.title === 'Convocation, version 2 (PDF)')!;
    const convText = await flat(Buffer.from(await (await fetch(convocation.url)).arrayBuffer()));
    expect(convText).toMatch(/\(ajouté le \d{1,2}(er)? \S+ \d{4} à \d{1,2} h/);
  });

  it('the member convened by e-mail gets the change: « Ce qui change » names the bilan, the agenda dates it', async () => {
    await h.bot.dispatcher.drain();
    await h.bot.mailDispatcher!.drain();
    const folder = path.join(dataDir, 'courriels');
    const mails = await Promise.all(
      readdirSync(folder)
        .filter((f) => f.endsWith('.eml'))
        .map(async (f) => simpleParser(await readFile(path.join(folder, f)))),
    );
    const modified = mails.filter((m) => /modifi/i.test(m.subject ?? '') && (m.text ?? '').includes('COPIL RReT'));
    expect(modified).toHaveLength(1);
    const body = modified[0]!.text!.replace(/\s+/g, ' ');
    expect(body).toMatch(/Ce qui change : document ajouté : bilan-marches-2026-copil-rret-[\d-]+-v1\.pdf \(point 2\)/);
    expect(body).toMatch(/Document : \S+fichiers\/document\/\S+ \(ajouté le /);
    expect(mayorKey).toBeTruthy();
  });

  it('clicked once more later: already there, nothing changes', async () => {
    const before = (await h.bot.store.meetings.get(sittingId))!;
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.bilan.attach', { sittingId, item: '2', windowKey: '2026' }),
    );
    expect(textOf(res.body.value)).toContain('Prévision du quorum');
    const after = (await h.bot.store.meetings.get(sittingId))!;
    expect(after.version).toBe(before.version);
    expect(after.agenda).toEqual(before.agenda);
  });

  it('refuses an item that is not on the agenda', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.bilan.attach', { sittingId, item: '7', windowKey: '2026' }),
    );
    expect(textOf(res.body.value)).toContain('Ce point n’est pas à l’ordre du jour');
  });
});
