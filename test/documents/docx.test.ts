import { execFile } from 'child_process';
import { mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { DocumentModel } from '../../src/app/documents/model';
import { renderDocx } from '../../src/documents/docx';
import { createDocumentRenderer } from '../../src/documents/renderer';
import { docxPart, docxParts, docxText } from '../support/docx-reader';

const model: DocumentModel = {
  title: 'Mise en demeure — marché n° 2026-014 « Fournitures »',
  issuer: 'Centrale d’achat de la Métropole',
  subtitle: 'Version 1 du 3 décembre 2026',
  generatedAt: new Date('2026-12-03T10:00:00Z'),
  footer: 'Généré par le bot le 3 décembre 2026 à 11 h',
  blocks: [
    { kind: 'address', lines: ['Société Fournitures SA', '12 rue de l’Église', '69000 Lyon'] },
    { kind: 'paragraph', text: 'Lyon, le 3 décembre 2026', align: 'right' },
    { kind: 'heading', text: 'Les faits' },
    { kind: 'heading', text: 'Sous-partie', level: 2 },
    {
      kind: 'facts',
      rows: [
        ['Référence', 'LIT-2026-0001'],
        ['Vide', ''],
      ],
    },
    { kind: 'paragraph', text: 'Cœur · « guillemets » — 1 000,00 € HT ; Ærø !', bold: true },
    { kind: 'paragraph', text: 'Petite mention', small: true },
    { kind: 'list', numbered: true, items: ['Premier point', 'Second point'] },
    { kind: 'list', items: ['Une puce'] },
    {
      kind: 'table',
      columns: [{ header: 'Signalement', width: 2 }, { header: 'Date' }, { header: 'Montant', align: 'right' }],
      rows: [
        ['LIT-2026-0001', '12 novembre 2026', '12 500,00 €'],
        ['LIT-2026-0002 & <autre>', '13 novembre 2026', ''],
      ],
    },
    { kind: 'signatures', blocks: [{ role: 'Le coordinateur du dossier', name: 'Sophie Bernard' }] },
  ],
};

describe('the DOCX renderer, read back from the archive', () => {
  it('writes every block kind, in order, with French typography, and the footer with page numbers', async () => {
    const docx = await renderDocx(model);
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    expect(await docxParts(docx)).toEqual(expect.arrayContaining(['word/document.xml', '[Content_Types].xml']));
    const text = await docxText(docx);
    const order = [
      'CENTRALE D’ACHAT DE LA MÉTROPOLE',
      'Mise en demeure — marché n° 2026-014 « Fournitures »',
      'Version 1 du 3 décembre 2026',
      'Société Fournitures SA',
      '12 rue de l’Église',
      '69000 Lyon',
      'Lyon, le 3 décembre 2026',
      'Les faits',
      'Sous-partie',
      'Référence',
      'LIT-2026-0001',
      'Cœur · « guillemets » — 1 000,00 € HT ; Ærø !',
      'Petite mention',
      '1.  Premier point',
      '2.  Second point',
      '•  Une puce',
      'Signalement',
      '12 500,00 €',
      'LIT-2026-0002 & <autre>',
      'Le coordinateur du dossier',
      'Sophie Bernard',
      'Signature :',
    ];
    let at = 0;
    for (const s of order) {
      const found = text.indexOf(s, at);
      expect({ s, found: found >= 0 }).toEqual({ s, found: true });
      at = found + s.length;
    }
    // An empty fact shows a dash, as in the PDF.
    expect(text).toMatch(/Vide\n—/);
    // No line break inside « » nor before ; ! : narrow no-break spaces, as the PDF has.
    expect(await docxPart(docx, 'word/document.xml')).toContain('«\u202FFournitures\u202F»');
    const parts = await docxParts(docx);
    const footer = parts.find((p) => /^word\/footer\d*\.xml$/.test(p))!;
    const footerXml = await docxPart(docx, footer);
    expect(footerXml).toContain('Généré par le bot le 3 décembre 2026 à 11 h · Page');
  });

  it('is what the app renderer gives for docx (no longer refused)', async () => {
    const docx = await createDocumentRenderer().docx(model);
    expect(await docxText(docx)).toContain('Sophie Bernard');
  });

  const soffice = process.env.SOFFICE ?? '/usr/bin/soffice';
  it('opens in LibreOffice (when installed) as a one-page A4 document', async () => {
    const ok = await readFile(soffice).then(
      () => true,
      () => false,
    );
    if (!ok) return;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docx-lo-'));
    try {
      await writeFile(path.join(dir, 'doc.docx'), await renderDocx(model));
      await promisify(execFile)(
        soffice,
        [
          '--headless',
          `-env:UserInstallation=file://${dir}/profile`,
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          path.join(dir, 'doc.docx'),
        ],
        { timeout: 120_000 },
      );
      const { pdfText, pdfInfo } = await import('../support/pdf-reader');
      const pdf = await readFile(path.join(dir, 'doc.pdf'));
      expect((await pdfInfo(pdf)).Pages).toBe('1');
      const text = await pdfText(pdf);
      expect(text).toContain('Sophie Bernard');
      expect(text).toContain('Page 1 / 1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
