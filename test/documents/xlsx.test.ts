import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { WorkbookModel } from '../../src/app/documents/workbook';
import { renderXlsx } from '../../src/documents/xlsx';
import { inflatedSize, readXlsx, unpackedSize } from '../../src/documents/xlsx-read';

const model: WorkbookModel = {
  title: 'Besoins — Recensement 2027',
  creator: 'Métropole de Lyon',
  generatedAt: new Date('2026-12-02T13:05:00Z'),
  sheets: [
    {
      name: 'Besoins',
      columns: [
        { header: 'Adhérent', type: 'text' },
        { header: 'Quantité', type: 'decimal' },
        { header: 'Durée (mois)', type: 'integer' },
        { header: 'Montant annuel HT', type: 'euros' },
        { header: 'Début souhaité', type: 'date' },
        { header: 'Date', type: 'datetime' },
      ],
      rows: [
        ['Ville de Bron', '1200.5', 12, 1234567, '2027-03-01', '2026-12-02 14:05:09'],
        ['Ville de Villeurbanne', 40, 24, 0, null, null],
      ],
    },
    { name: 'Par segment', columns: [{ header: 'Segment', type: 'text' }], rows: [['Fournitures']] },
  ],
};

describe('workbooks (XLSX) written by exceljs, read back by SheetJS', () => {
  let bytes: Buffer;
  beforeAll(async () => {
    bytes = await renderXlsx(model);
  });

  it('types the cells: amounts are euros with their format, days are dates, quantities numbers', () => {
    const book = XLSX.read(bytes, { cellNF: true, cellDates: false });
    expect(book.SheetNames).toEqual(['Besoins', 'Par segment']);
    const ws = book.Sheets.Besoins!;
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1'].map((a) => ws[a]?.v)).toEqual([
      'Adhérent',
      'Quantité',
      'Durée (mois)',
      'Montant annuel HT',
      'Début souhaité',
      'Date',
    ]);
    expect(ws.A2).toMatchObject({ t: 's', v: 'Ville de Bron' });
    expect(ws.B2).toMatchObject({ t: 'n', v: 1200.5, z: '#,##0.###' });
    // A whole quantity shows no decimal separator after it.
    expect(ws.B3).toMatchObject({ t: 'n', v: 40, z: '#,##0' });
    expect(ws.C2).toMatchObject({ t: 'n', v: 12 });
    expect(ws.D2).toMatchObject({ t: 'n', v: 12345.67, z: '#,##0.00 "€"' });
    expect(ws.D3).toMatchObject({ t: 'n', v: 0 });
    // A date is a number with a date format: 2027-03-01 is Excel's day 46447.
    expect(ws.E2).toMatchObject({ t: 'n', v: 46447, z: 'dd/mm/yyyy' });
    expect(ws.E3).toBeUndefined();
    expect(ws.F2!.t).toBe('n');
    expect(ws.F2!.z).toMatch(/^dd\/mm\/yyyy hh:mm/);
    expect(ws['!autofilter']).toEqual({ ref: 'A1:F3' });
    const dated = XLSX.read(bytes, { cellDates: true }).Sheets.Besoins!;
    expect(dated.E2).toMatchObject({ t: 'd' });
    expect((dated.E2!.v as Date).toISOString().slice(0, 10)).toBe('2027-03-01');
    expect((dated.F2!.v as Date).toISOString().slice(0, 19)).toBe('2026-12-02T14:05:09');
  });

  it('names the centrale as creator and the generation time as created', () => {
    const book = XLSX.read(bytes, {});
    expect(book.Props?.Author).toBe('Métropole de Lyon');
    expect(book.Props?.Title).toBe('Besoins — Recensement 2027');
    expect(book.Props?.CreatedDate?.toISOString()).toBe('2026-12-02T13:05:00.000Z');
  });

  it('freezes a bold header row and sets the widths', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const ws = book.getWorksheet('Besoins')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getColumn(4).width).toBeGreaterThanOrEqual(18);
    // The raw sheet says it too (SheetJS does not parse panes).
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
  });

  it('reads a workbook back as rows of values; refuses what is not one, or unpacks too large', async () => {
    const read = await readXlsx(bytes, { maxRows: 10, maxColumns: 10 });
    expect(read.ok && read.sheets[0]!.rows[1]).toEqual([
      'Ville de Bron',
      1200.5,
      12,
      12345.67,
      '2027-03-01',
      '2026-12-02',
    ]);
    const notXlsx = await readXlsx(Buffer.from('Adhérent;Quantité\nBron;12\n'), { maxRows: 10, maxColumns: 10 });
    expect(notXlsx).toEqual({ ok: false, error: expect.stringContaining('n’est pas un classeur Excel (.xlsx)') });
    // Rows styled in advance (a whole column formatted), with no value, are not content.
    const styled = new ExcelJS.Workbook();
    const sheet = styled.addWorksheet('Besoins');
    sheet.addRow(['Segment', 'Quantité']);
    sheet.addRow(['Fournitures', 12]);
    for (let r = 3; r < 900; r++) sheet.getRow(r).getCell(2).numFmt = '0';
    const styledBytes = Buffer.from(await styled.xlsx.writeBuffer());
    expect(await readXlsx(styledBytes, { maxRows: 10, maxColumns: 10 })).toEqual({
      ok: true,
      sheets: [
        {
          name: 'Besoins',
          rows: [
            ['Segment', 'Quantité'],
            ['Fournitures', 12],
          ],
        },
      ],
    });
    const tooMany = await readXlsx(bytes, { maxRows: 1, maxColumns: 10 });
    expect(tooMany).toEqual({ ok: false, error: expect.stringContaining('trop grande') });
    // A zip whose one entry unpacks to 40 MB (of zeros: it packs to a few kilobytes).
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(40_000_000));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(200_000);
    expect(unpackedSize(bomb)).toBe(40_000_000);
    expect(await readXlsx(bomb, { maxRows: 10, maxColumns: 10 })).toEqual({
      ok: false,
      error: expect.stringContaining('trop volumineux'),
    });
  });

  it('a zip that lies about its sizes is stopped while inflating, at the limit', async () => {
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(40_000_000));
    const liar = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    // Rewrite the declared size (central directory and local header) to 1 kB.
    for (let i = 0; i < liar.length - 4; i++) {
      if (liar.readUInt32LE(i) === 0x02014b50) liar.writeUInt32LE(1000, i + 24);
      if (liar.readUInt32LE(i) === 0x04034b50) liar.writeUInt32LE(1000, i + 22);
    }
    expect(unpackedSize(liar)).toBeLessThan(10_000);
    expect(inflatedSize(liar, 30_000_000)).toBe(Infinity);
    expect(await readXlsx(liar, { maxRows: 10, maxColumns: 10 })).toEqual({
      ok: false,
      error: expect.stringContaining('trop volumineux'),
    });
  });
});
