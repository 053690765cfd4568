import * as XLSX from 'xlsx';
import { bilanCharts, bilanDocument, bilanFingerprint } from '../../src/app/bilan/bilan-document';
import { bilanMarchesWorkbookModel } from '../../src/app/bilan/bilan-marches-workbook';
import { centraleReview } from '../../src/domain/bilan/indicators';
import { yearPeriod } from '../../src/domain/bilan/periods';
import { Member } from '../../src/domain/governance';
import { createChartRenderer } from '../../src/documents/chart';
import { renderDocx } from '../../src/documents/docx';
import { renderPdf } from '../../src/documents/pdf';
import { renderXlsx } from '../../src/documents/xlsx';
import { inputs } from '../support/bilan-fixture';
import { docxText } from '../support/docx-reader';
import { pdfFonts, pdfImages, pdfInfo, pdfPages, pdfText } from '../support/pdf-reader';

/**
 * The bilan des marchés of 2026 over the hand-computed fixture (test/support/bilan-fixture.ts),
 * as a PDF read back by poppler and as a workbook read back by SheetJS.
 *
 * 2026 totals, from test/domain/bilan/indicators.test.ts: savings A 450 000 + C 352 877 = 802 877
 * cents; B not computable (no baseline); consumption A 5 022 000 + B 75 000 = 5 097 000 cents;
 * 3 disputes on A, 500,00 € of penalties; 2 of 3 contracts with a sustainable clause (B, C).
 */
const zone = 'Europe/Paris';
const now = new Date('2026-12-02T09:30:00Z');
const members = [
  { id: 'm1', name: 'Villeurbanne' },
  { id: 'm2', name: 'Bron' },
  { id: 'm3', name: 'Vénissieux' },
  { id: 'm4', name: 'Saint-Priest' },
  { id: 'm5', name: 'Écully' },
] as Member[];
const data = { centraleName: 'Centrale d’achat de la Métropole', timeZone: zone, members };
const review = centraleReview(inputs(), yearPeriod(2026), now, zone);
const flat = (s: string) => s.replace(/\s+/g, ' ');

let pdf: Buffer;
let text: string;
beforeAll(async () => {
  const charts = bilanCharts(review);
  const renderer = createChartRenderer();
  const model = bilanDocument({
    data,
    review,
    charts: {
      savings: { chart: charts.savings, png: await renderer.png(charts.savings) },
      consumption: { chart: charts.consumption, png: await renderer.png(charts.consumption) },
    },
    generatedAt: now,
    context: 'Comité de DG — séance du 8 décembre 2026, point 2',
  });
  pdf = await renderPdf(model);
  text = flat(await pdfText(pdf));
});

describe('the bilan des marchés as a PDF', () => {
  it('prints the totals in French, the window, the centrale and « Fait le » in its local date', () => {
    for (const expected of [
      'CENTRALE D’ACHAT DE LA MÉTROPOLE',
      'Bilan des marchés — 2026',
      'Période du 1er janvier 2026 au 31 décembre 2026 — Comité de DG — séance du 8 décembre 2026, point 2',
      // The facts' labels wrap in their column: each figure follows the first words of its label.
      'Gains achats sur la 8 028,77 € HT',
      'Gains achats annuels 11 500,00 € HT',
      'Marchés aux gains 2 sur 3 marchés calculables',
      'Part des marchés 67 % (2 sur 3 marchés) durables',
      'Consommation déclarée 50 970,00 € HT',
      'Litiges 3 litiges',
      'Pénalités appliquées 500,00 € HT',
      'Fait le 2 décembre 2026.',
    ])
      expect(text).toContain(expected);
  });

  it('gives each contract its savings or « non calculable », never 0,00 € for lack of data', () => {
    expect(text).toContain('2025-001 — Restauration scolaire');
    expect(text).toContain('4 500,00 € HT');
    expect(text).toContain('3 528,77 € HT');
    // B has no baseline: « non calculable » with its reason, and no zero anywhere.
    expect(text).toContain('2026-002 — Fournitures de bureau');
    expect(text).toContain('non calculable (aucun prix de référence)');
    expect(text).toContain('Fournitures de non calculable 43 %');
    // No « 0,00 € » standing alone anywhere (« 4 500,00 € » is not one).
    expect(text).not.toMatch(/(^|[^\d\s])\s*0,00 €/);
  });

  it('details each contract: the price in force, renewals, members, consumption, satisfaction', () => {
    for (const expected of [
      'Prix en vigueur 3,10 € HT par repas',
      'Reconductions sur la 1 reconduction',
      '300 ramettes pour 750,00 € HT',
      'Prix en vigueur 90 000,00 € HT par an (forfait)',
      'Prix en vigueur 2,50 € HT par ramette',
      '95 % (prévu 17 000 repas)',
      '3,7 / 5 (4 réponses)',
      'moins de 3 réponses : non publié',
      'Villeurbanne',
      'Écully',
      '504,11 € HT',
      'non calculable (pas de prix de référence)',
      'Clauses durables environnementale',
    ])
      expect(text).toContain(expected);
  });

  it('embeds the two charts as pictures and its fonts; every page renders', async () => {
    // Each PNG is an image and its alpha channel a soft mask (smask).
    const images = (await pdfImages(pdf)).filter((i) => i.type === 'image');
    expect(images.length).toBe(2);
    expect(images.every((i) => i.width === 600 && i.height > 100)).toBe(true);
    const fonts = await pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    const info = await pdfInfo(pdf);
    expect(info.Title).toBe('Bilan des marchés — 2026');
    const pages = await pdfPages(pdf);
    expect(pages.length).toBe(Number(info.Pages));
    expect(pages.every((p) => p.png.length > 1000)).toBe(true);
  });

  it('the charts say in words what they show (the alt text), « non calculable » muted', () => {
    const { savings, consumption } = bilanCharts(review);
    expect(savings.bars.map((b) => b.valueText)).toEqual(['4 500,00 €', 'non calculable', '3 528,77 €']);
    expect(savings.bars[1]).toMatchObject({ value: 0, muted: true });
    expect(savings.altText).toContain('2026-002 — Fournitures de bureau : non calculable');
    expect(consumption.bars.map((b) => b.valueText)).toEqual(['95,3 %', '43,2 %', 'aucun relevé']);
  });

  it('the same figures make the same fingerprint, whatever the time; other figures another', () => {
    const png = Buffer.from('x');
    const at = (generatedAt: Date, r = review) =>
      bilanFingerprint(
        bilanDocument({
          data,
          review: r,
          charts: {
            savings: { chart: bilanCharts(r).savings, png },
            consumption: { chart: bilanCharts(r).consumption, png },
          },
          generatedAt,
        }),
      );
    expect(at(now)).toBe(at(new Date(now.getTime() + 3_600_000)));
    const fewer = centraleReview(inputs().slice(0, 2), yearPeriod(2026), now, zone);
    expect(at(now, fewer)).not.toBe(at(now));
  });

  it('in Word, a picture is described by its text', async () => {
    const { savings, consumption } = bilanCharts(review);
    const png = Buffer.from('not read');
    const model = bilanDocument({
      data,
      review,
      charts: { savings: { chart: savings, png }, consumption: { chart: consumption, png } },
      generatedAt: now,
    });
    const words = await docxText(await renderDocx(model));
    expect(words).toContain('Graphique : Gains achats — 2026.');
  });
});

describe('the bilan des marchés as a workbook', () => {
  let book: XLSX.WorkBook;
  beforeAll(async () => {
    const bytes = await renderXlsx(bilanMarchesWorkbookModel(data, review, inputs(), now));
    book = XLSX.read(bytes, { cellNF: true });
  });

  it('has the three sheets, French headers first', () => {
    expect(book.SheetNames).toEqual(['Marchés', 'Adhérents', 'Consommation']);
    const rows = (name: string) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[name]!, { header: 1 });
    expect(rows('Marchés')[0]).toEqual(
      expect.arrayContaining(['Marché', 'Gains achats sur la période', 'Consommation / prévision']),
    );
    expect(rows('Adhérents')[0]).toEqual(expect.arrayContaining(['Adhérent', 'Volume prévu par an', 'Part du volume']));
    expect(rows('Consommation')[0]).toEqual([
      'Marché',
      'Période',
      'Du',
      'Au',
      'Adhérent',
      'Quantité',
      'Unité',
      'Montant',
      'Importé le',
      'Fichier',
    ]);
  });

  it('« Marchés »: savings are euro numbers, empty when not computable, ratios percent cells', () => {
    const ws = book.Sheets['Marchés']!;
    const header = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1 })[0]!;
    const col = (h: string) => XLSX.utils.encode_col(header.indexOf(h));
    expect(ws[`B2`]).toMatchObject({ t: 's', v: 'Restauration scolaire' });
    expect(ws[`${col('Gains achats sur la période')}2`]).toMatchObject({ t: 'n', v: 4500, z: '#,##0.00 "€"' });
    expect(ws[`${col('Gains achats sur la période')}3`]).toBeUndefined();
    expect(ws[`${col('Calcul des gains')}3`]).toMatchObject({ v: 'non calculable : aucun prix de référence' });
    expect(ws[`${col('Gains achats sur la période')}4`]).toMatchObject({ t: 'n', v: 3528.77 });
    const ratio = ws[`${col('Consommation / prévision')}2`]!;
    expect(ratio.t).toBe('n');
    expect(ratio.v).toBeCloseTo(16_200 / 17_000, 10);
    expect(ratio.z).toBe('0 %');
    expect(ws[`${col('Montant consommé')}2`]).toMatchObject({ t: 'n', v: 50220 });
    expect(ws[`${col('Pénalités')}2`]).toMatchObject({ t: 'n', v: 500 });
    expect(ws[`${col('Début')}2`]).toMatchObject({ t: 'n', z: 'dd/mm/yyyy' });
  });

  it('« Adhérents » and « Consommation »: a row per member and per reported line', () => {
    const members = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['Adhérents']!);
    expect(members.length).toBe(3 + 2 + 2);
    const m1 = members.find((m) => m['Adhérent'] === 'Villeurbanne')!;
    expect(m1).toMatchObject({ 'Volume prévu par an': 10000, 'Gains achats sur la période': 4000, Consommé: 10200 });
    const m3 = members.find((m) => m['Adhérent'] === 'Vénissieux' && String(m['Marché']).startsWith('2025-001'))!;
    expect(m3['Gains achats sur la période']).toBeUndefined();
    const lines = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['Consommation']!);
    expect(lines.length).toBe(3 + 3 + 1);
    expect(lines[0]).toMatchObject({
      Période: '1er semestre 2026',
      Adhérent: 'Villeurbanne',
      Quantité: 4800,
      Montant: 14880,
    });
  });
});
