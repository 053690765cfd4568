import { DocumentModel } from '../../src/app/documents/model';
import { renderPdf } from '../../src/documents/pdf';
import { typeset } from '../../src/documents/typeset';
import { pdfFonts, pdfInfo, pdfPages, pdfText } from '../support/pdf-reader';

const model = (rows: number): DocumentModel => ({
  title: 'Procès-verbal — Comité de pilotage « RReT »',
  issuer: 'Centrale d’achat de la Métropole',
  subtitle: 'Séance du mardi 8 décembre 2026 à 14 h',
  generatedAt: new Date('2026-12-08T15:30:00Z'),
  footer: 'Généré par le bot le 8 décembre 2026 à 16 h 30 · SHA-256 dans le journal de la séance',
  blocks: [
    { kind: 'heading', text: 'Éléments de la séance' },
    {
      kind: 'facts',
      rows: [
        ['Président de séance', 'Œdipe Müller'],
        ['Quorum', '5 présents sur 9 (requis : 5)'],
      ],
    },
    { kind: 'paragraph', text: 'Cœur de l’ordre du jour · « guillemets » — tiret cadratin, 12 500,00 € HT.' },
    { kind: 'list', numbered: true, items: ['Approbation du programme', 'Questions diverses'] },
    {
      kind: 'table',
      columns: [
        { header: 'Membre', width: 3 },
        { header: 'Présence', width: 2 },
        { header: 'Pouvoir', width: 2 },
      ],
      rows: Array.from({ length: rows }, (_, n) => [`Élu·e numéro ${n + 1}`, 'Présent·e', n % 3 ? '' : 'à Zoé Ærø']),
    },
    { kind: 'address', lines: ['Société Fournitures SA', '12 rue de l’Église', '69000 Lyon'] },
    {
      kind: 'signatures',
      blocks: [
        { role: 'Le président de séance', name: 'Œdipe Müller' },
        { role: 'La secrétaire de séance', name: 'Éloïse Durand' },
      ],
    },
  ],
});

describe('the PDF renderer, read back with poppler', () => {
  it('prints every French character with an embedded font, and the metadata', async () => {
    const pdf = await renderPdf(model(5));
    const text = await pdfText(pdf);
    for (const s of [
      '« RReT »',
      'Œdipe Müller',
      'Cœur de l’ordre du jour · « guillemets » —',
      '12 500,00 € HT',
      'Élu·e numéro 5',
      'Zoé Ærø',
      'Signature :',
      'Page 1 / 1',
      'CENTRALE D’ACHAT',
    ]) {
      expect(text).toContain(s);
    }
    const fonts = await pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && /DejaVuSans/.test(f.name))).toBe(true);
    const info = await pdfInfo(pdf);
    expect(info.Title).toBe('Procès-verbal — Comité de pilotage « RReT »');
    expect(info.Author).toBe('Centrale d’achat de la Métropole');
    expect(info.Pages).toBe('1');
  });

  it('runs a long table over pages, its header on each, numbering every page', async () => {
    const pdf = await renderPdf(model(120));
    const info = await pdfInfo(pdf);
    const pages = Number(info.Pages);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = await pdfText(pdf);
    expect(text).toContain(`Page ${pages} / ${pages}`);
    // The header row is printed again on each page the table runs over.
    expect(text.split('Présence').length - 1).toBeGreaterThanOrEqual(pages);
    for (let n = 1; n <= 120; n++) expect(text).toContain(`Élu·e numéro ${n} `);
    const rendered = await pdfPages(pdf);
    expect(rendered).toHaveLength(pages);
    for (const p of rendered) expect(p.png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('French typography', () => {
  it('holds guillemets and the colon to their word (narrow no-break space, U+202F)', () => {
    expect(typeset('1 000,00 € HT, 10 %')).toBe('1 000,00\u00A0€ HT, 10\u00A0%');
    expect(typeset('Le « RReT » : avis ; vote ? oui !')).toBe(
      'Le «\u202FRReT\u202F»\u202F: avis\u202F; vote\u202F? oui\u202F!',
    );
  });
});
