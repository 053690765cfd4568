import { request } from 'http';
import * as XLSX from 'xlsx';
import { consumptionPageLink } from '../../src/app/bilan/consumption-link';
import { contractBilanView } from '../../src/app/bilan/queries';
import { identifyActor } from '../../src/app/identify-actor';
import { Contract } from '../../src/domain/disputes/registry';
import { personKey } from '../../src/domain/identity';
import { renderXlsx } from '../../src/documents/xlsx';
import { DEMO_TENANT, TestUser, USERS, botAdded } from '../support/activities';
import { Harness, startHarness } from '../support/bot-harness';

/**
 * The Direction Achats imports a supplier's consumption report on the contract's page (behind
 * its personal signed link), through the bot's real HTTP server: one bad row and nothing is
 * imported, the row named; a valid workbook is kept per period and the contract's bilan shows
 * the consumption; sent twice, one report per period; refused to a person without the role and
 * for another centrale's contract.
 */
let h: Harness;
const LYON = 'metropole-de-lyon';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const contract: Contract = {
  id: 'marche-repas-e2e',
  centraleId: LYON,
  number: '2026-031',
  title: 'Repas des écoles',
  supplier: 'Cuisines du Rhône',
  lots: [],
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  memberIds: ['villeurbanne', 'venissieux'],
  fileId: 'restauration',
  economics: {
    unit: 'repas',
    unitPriceCents: 300,
    awardedAnnualCents: null,
    renewals: [],
    sustainable: { environmental: false, social: false },
    forecasts: [
      {
        memberId: 'villeurbanne',
        annualQuantity: '10000',
        referenceAnnualCents: 3_500_000,
        referenceSupplier: '',
        needId: null,
      },
      {
        memberId: 'venissieux',
        annualQuantity: '6000',
        referenceAnnualCents: null,
        referenceSupplier: '',
        needId: null,
      },
    ],
    campaignId: null,
  },
};
const PACA = 'pfra-paca';
const pacaContract: Contract = { ...contract, id: 'marche-pfra', centraleId: PACA, memberIds: [] };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
function raw(method: string, url: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const open = (url: string) =>
  raw('GET', url, {
    'sec-fetch-site': 'none',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-dest': 'document',
    'sec-fetch-user': '?1',
  });
const POSTED = (url: string) => ({
  'sec-fetch-site': 'same-origin',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
  origin: new URL(url).origin,
});
/** The page's form, as a browser posts it. */
const upload = (url: string, filename: string, content: Buffer, type = 'text/csv') => {
  const boundary = '----formboundaryCONSO7MA4YWxkTrZu0gW';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="classeur"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return raw('POST', url, { 'content-type': `multipart/form-data; boundary=${boundary}`, ...POSTED(url) }, body);
};
const text = (html: Buffer) =>
  html
    .toString('utf8')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const hrefOf = (html: Buffer, label: string) => {
  const m = new RegExp(`<a href="([^"]+)">${label}</a>`).exec(html.toString('utf8'));
  return m ? m[1]!.replace(/&amp;/g, '&') : '';
};
const actorOf = (u: TestUser) =>
  identifyActor(h.bot.store, { tenantId: DEMO_TENANT, aadObjectId: u.aadObjectId, displayName: u.name });
const deps = () => ({ ...h.bot.store, links: h.bot.links, clock: { now: () => new Date() } });
const reports = (centraleId = LYON) => h.bot.store.consumption.listReports(centraleId);
const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
let page = '';

/** The supplier's report written as a workbook by the project's own renderer (exceljs). */
const workbook = () =>
  renderXlsx({
    title: 'Relevé',
    creator: 'Cuisines du Rhône',
    generatedAt: new Date('2026-12-01T09:00:00Z'),
    sheets: [
      {
        name: 'Consommation',
        columns: [
          { header: 'Adhérent', type: 'text' },
          { header: 'Période', type: 'text' },
          { header: 'Quantité', type: 'decimal' },
          { header: 'Montant HT', type: 'euros' },
        ],
        rows: [
          ['Ville de Villeurbanne', '2026-S1', 4800, 1_440_000],
          ['Ville de Vénissieux', '2026-S1', 3000.5, 900_150],
          ['Ville de Villeurbanne', '2026-S2', 5200, 1_560_000],
        ],
      },
    ],
  });

beforeAll(async () => {
  h = await startHarness({});
  await h.post(botAdded(h.connector.url, USERS.claire));
  await h.bot.store.disputes.saveContract(contract);
  await h.bot.store.disputes.saveContract(pacaContract);
  page = await consumptionPageLink(deps(), await actorOf(USERS.claire), contract.id);
});
afterAll(() => h?.stop());

describe('importing a supplier’s consumption report', () => {
  it('opens the contract’s page behind Claire’s personal link, with the template in XLSX and CSV', async () => {
    expect(new URL(page).pathname).toMatch(/^\/lien\/consommation\//);
    const shown = await open(page);
    expect(shown.status).toBe(200);
    expect(text(shown.body)).toContain('Consommation — 2026-031 — Repas des écoles');
    expect(text(shown.body)).toContain('Ville de Villeurbanne et Ville de Vénissieux');
    expect(text(shown.body)).toContain('Aucun relevé n’a encore été importé pour ce marché.');
    const template = await raw('GET', hrefOf(shown.body, 'modèle de relevé \\(XLSX\\)'), {});
    expect(template.status).toBe(200);
    expect(template.headers['content-type']).toBe(XLSX_TYPE);
    const book = XLSX.read(template.body);
    expect(XLSX.utils.sheet_to_json(book.Sheets.Consommation!, { header: 1 })).toEqual([
      ['Adhérent', 'Période', 'Quantité', 'Montant HT'],
      ['Ville de Villeurbanne'],
      ['Ville de Vénissieux'],
    ]);
    const csvTemplate = await raw('GET', hrefOf(shown.body, 'modèle de relevé \\(CSV\\)'), {});
    expect(csvTemplate.body.toString('utf8')).toContain(
      'Adhérent;Période;Quantité;Montant HT\r\nVille de Villeurbanne;;;',
    );
  });

  it('imports nothing from a CSV with one bad row, names the row, and keeps the page usable', async () => {
    const r = await upload(
      page,
      'releve.csv',
      csv([
        'Adhérent;Période;Quantité;Montant HT',
        'Ville de Villeurbanne;2026-S1;4 800;14 400,00',
        'Ville de Vénissieux;2026-S1;3 000;9 000,00',
        'Ville de Vénissieux;2026-S2;douze;36,00',
      ]),
    );
    expect(r.status).toBe(200);
    expect(text(r.body)).toContain('Le relevé n’est pas importé : aucune consommation n’a été enregistrée.');
    expect(text(r.body)).toMatch(/ligne 4 : Quantité « douze » non reconnue/i);
    expect(text(r.body)).toContain('Importer le relevé');
    expect(await reports()).toEqual([]);
  });

  it('keeps a valid workbook per period, and the contract’s bilan shows the consumption', async () => {
    const r = await upload(page, 'releve-2026.xlsx', await workbook(), XLSX_TYPE);
    expect(r.status).toBe(200);
    expect(text(r.body)).toContain(
      '2 périodes importées : 1er semestre 2026 (2 lignes) et 2e semestre 2026 (1 ligne).',
    );
    expect(text(r.body)).toContain('1er semestre 2026 : 2 lignes, importé le');
    const kept = await reports();
    expect(kept.map((k) => k.periodKey).sort()).toEqual(['2026-S1', '2026-S2']);
    expect(kept.every((k) => k.contractId === contract.id && k.source === 'releve-2026.xlsx')).toBe(true);
    const view = await contractBilanView(deps(), await actorOf(USERS.claire), contract.id, '2026');
    expect(view.review.consumedQuantity).toBe('13000.5');
    expect(view.review.consumedCents).toBe(3_900_150);
    expect(view.review.consumptionRatio).toBeCloseTo(13000.5 / 16000, 6);
    expect(view.review.reportedPeriods).toEqual(['1er semestre 2026', '2e semestre 2026']);
  });

  it('sent twice, keeps one report per period', async () => {
    const again = await upload(page, 'releve-2026.xlsx', await workbook(), XLSX_TYPE);
    expect(text(again.body)).toContain('2 périodes déjà importées à l’identique');
    const corrected = await upload(
      page,
      'corrige.csv',
      csv(['Commune,Période,Quantité,Montant HT', 'Villeurbanne,S1 2026,5000,"15 000,00"']),
    );
    expect(text(corrected.body)).toContain(
      '1 période importée : 1er semestre 2026 (1 ligne) ; remplace le relevé déjà importé du 1er semestre 2026.',
    );
    const kept = await reports();
    expect(kept.map((k) => k.periodKey).sort()).toEqual(['2026-S1', '2026-S2']);
    const view = await contractBilanView(deps(), await actorOf(USERS.claire), contract.id, '2026');
    expect(view.review.consumedQuantity).toBe('10200');
  });

  it('is refused to a person without the role, and for another centrale’s contract; nothing written', async () => {
    const before = JSON.stringify(await reports());
    const file = csv(['Adhérent;Période;Quantité;Montant HT', 'Villeurbanne;2026-T4;1;1']);
    // Sophie (coordinatrice) gets no link; a link made for her (as if she had lost the role since) is refused.
    await expect(consumptionPageLink(deps(), await actorOf(USERS.sophie), contract.id)).rejects.toThrow(
      'Seuls les administrateurs et la Direction Achats',
    );
    const sophieKey = personKey(DEMO_TENANT, USERS.sophie.aadObjectId);
    const hers = h.bot.links.pageUrl(
      'consommation',
      `${LYON}~${contract.id}|${sophieKey}`,
      new Date(Date.now() + 3600_000),
    );
    expect((await open(hers)).status).toBe(403);
    const refused = await upload(hers, 'x.csv', file);
    expect(refused.status).toBe(403);
    expect(text(refused.body)).toContain('seuls les administrateurs et la Direction Achats importent la consommation');
    // Another centrale's contract: no link for Claire; a link altered to name it, or signed for it, is refused.
    await expect(consumptionPageLink(deps(), await actorOf(USERS.claire), pacaContract.id)).rejects.toThrow(
      'Ce marché n’existe pas (ou plus) dans votre centrale.',
    );
    const altered = page.replace(
      encodeURIComponent(`${LYON}~${contract.id}`),
      encodeURIComponent(`${PACA}~${pacaContract.id}`),
    );
    expect(altered).not.toBe(page);
    expect((await upload(altered, 'x.csv', file)).status).toBe(403);
    const claireKey = personKey(DEMO_TENANT, USERS.claire.aadObjectId);
    const signed = h.bot.links.pageUrl(
      'consommation',
      `${PACA}~${pacaContract.id}|${claireKey}`,
      new Date(Date.now() + 3600_000),
    );
    expect((await upload(signed, 'x.csv', file)).status).toBe(403);
    expect(JSON.stringify(await reports())).toBe(before);
    expect(await reports(PACA)).toEqual([]);
  });

  it('answers an upload too large or malformed in French, nothing written', async () => {
    const before = JSON.stringify(await reports());
    const huge = await upload(page, 'gros.csv', Buffer.alloc(3 * 1024 * 1024, 'a'));
    expect(huge.status).toBe(413);
    expect(text(huge.body)).toContain('Ce fichier est trop volumineux : 2 Mo au plus.');
    const cut = await raw(
      'POST',
      page,
      { 'content-type': 'multipart/form-data; boundary=abc', ...POSTED(page) },
      Buffer.from('--abc\r\nContent-Disposition: form-data; name="classeur"; filename="a.csv"\r\n\r\nAdh'),
    );
    expect(cut.status).toBe(400);
    expect(text(cut.body)).toContain('Envoi incomplet');
    const empty = await upload(page, '', Buffer.alloc(0));
    expect(text(empty.body)).toContain('Aucun fichier reçu : choisissez le relevé à envoyer');
    const notMultipart = await raw(
      'POST',
      page,
      { 'content-type': 'application/x-www-form-urlencoded', ...POSTED(page) },
      Buffer.from('x=1'),
    );
    expect(text(notMultipart.body)).toContain('Aucun fichier reçu');
    expect(JSON.stringify(await reports())).toBe(before);
  });
});
