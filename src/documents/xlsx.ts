import ExcelJS from 'exceljs';
import { CellValue, ColumnType, WorkbookModel, WorkbookSheet, sheetName } from '../app/documents/workbook';

/** How each type of column shows its cells (French formats), and its default width in characters. */
const FORMATS: Record<ColumnType, { numFmt?: string; width: number }> = {
  text: { width: 30 },
  integer: { numFmt: '0', width: 12 },
  decimal: { numFmt: '#,##0.###', width: 14 },
  euros: { numFmt: '#,##0.00 "€"', width: 18 },
  date: { numFmt: 'dd/mm/yyyy', width: 12 },
  datetime: { numFmt: 'dd/mm/yyyy hh:mm:ss', width: 20 },
  percent: { numFmt: '0 %', width: 12 },
};

/** A local day (YYYY-MM-DD) or wall clock (YYYY-MM-DDTHH:MM[:SS]) as the date Excel keeps (no zone: its UTC fields). */
function excelDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

/** The cell as Excel keeps it: a number, a real date, or text; euros from cents. */
function cellOf(type: ColumnType, value: CellValue): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  switch (type) {
    case 'euros':
      return typeof value === 'number' ? value / 100 : value;
    case 'integer':
    case 'decimal':
    case 'percent': {
      const n = typeof value === 'number' ? value : Number(value.replace(',', '.'));
      return Number.isFinite(n) ? n : value;
    }
    case 'date':
    case 'datetime':
      return (typeof value === 'string' && excelDate(value)) || String(value);
    case 'text':
      return String(value);
  }
}

function addSheet(book: ExcelJS.Workbook, sheet: WorkbookSheet) {
  const ws = book.addWorksheet(sheetName(sheet.name), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0, activeCell: 'A2' }],
  });
  ws.columns = sheet.columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(FORMATS[c.type].width, Math.min(40, c.header.length + 2)),
    style: {
      ...(FORMATS[c.type].numFmt ? { numFmt: FORMATS[c.type].numFmt } : {}),
      alignment: { vertical: 'top', wrapText: c.type === 'text' },
    },
  }));
  const header = ws.getRow(1);
  // The workbook's default font, named: a bold header without a name falls back to a serif in LibreOffice.
  header.font = { name: 'Calibri', size: 11, bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
  for (const row of sheet.rows) {
    const added = ws.addRow(sheet.columns.map((c, i) => cellOf(c.type, row[i] ?? null)));
    // A whole quantity without decimals: « #,##0.### » would show Excel's separator after it (« 1 500, »).
    sheet.columns.forEach((c, i) => {
      const cell = added.getCell(i + 1);
      if (c.type === 'decimal' && typeof cell.value === 'number' && Number.isInteger(cell.value)) cell.numFmt = '#,##0';
    });
  }
  if (!sheet.notes && sheet.columns.length)
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + sheet.rows.length, column: sheet.columns.length } };
}

/**
 * A workbook model as an XLSX file: one sheet per view, a bold frozen header row in French,
 * typed cells (amounts as euros with their format, days as dates), widths, an autofilter.
 */
export async function renderXlsx(model: WorkbookModel): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = model.creator;
  book.lastModifiedBy = model.creator;
  book.title = model.title;
  book.company = model.creator;
  book.created = model.generatedAt;
  book.modified = model.generatedAt;
  for (const sheet of model.sheets) addSheet(book, sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}
