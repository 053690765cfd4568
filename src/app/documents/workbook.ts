/**
 * A spreadsheet (XLSX) as plain data: sheets of typed columns and rows. The app builds it from
 * the same data its CSV exports give; `src/documents/xlsx.ts` writes it with real cell types
 * (numbers, euros, dates) without knowing what it says.
 */

/**
 * How a column's cells are written:
 * - `text`: a string;
 * - `integer`, `decimal`: a number (or a normalised decimal string « 12.5 »);
 * - `euros`: integer cents, written as a number of euros formatted `#,##0.00 "€"`;
 * - `date`: a local day `YYYY-MM-DD`, written as a real date cell `dd/mm/yyyy`;
 * - `datetime`: a local wall time `YYYY-MM-DD HH:MM[:SS]` (the centrale's zone: Excel keeps none);
 * - `percent`: a ratio (0.95), written as a number formatted `0 %` (« 95 % »).
 */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'euros' | 'date' | 'datetime' | 'percent';

export interface WorkbookColumn {
  /** French header, on the first row (bold, frozen, with the autofilter). */
  header: string;
  type: ColumnType;
  /** Width in characters; by default from the type and the header. */
  width?: number;
}

/** A cell's value: null (empty), a string, or a number (cents for `euros`). */
export type CellValue = string | number | null;

export interface WorkbookSheet {
  /** The tab's name (31 characters at most, no `[]:*?/\`). */
  name: string;
  columns: WorkbookColumn[];
  rows: CellValue[][];
  /** A sheet of explanations (the template's instructions): no autofilter. */
  notes?: boolean;
}

export interface WorkbookModel {
  /** Workbook properties: the title, and the creator (the centrale's name). */
  title: string;
  creator: string;
  /** When it was generated (the workbook's « created »). */
  generatedAt: Date;
  sheets: WorkbookSheet[];
}

/** A workbook someone sent back: its sheets, rows of values from the first (the headers). */
export type ReadWorkbook =
  { ok: true; sheets: Array<{ name: string; rows: CellValue[][] }> } | { ok: false; error: string };

/** Writes workbooks; implemented in `src/documents/xlsx.ts` (exceljs). */
export interface WorkbookRenderer {
  xlsx(model: WorkbookModel): Promise<Buffer>;
}

/** Reads them back (`src/documents/xlsx-read.ts`): bytes → rows of cell values, or why not (in French). */
export interface WorkbookReader {
  read(bytes: Buffer, limits: { maxRows: number; maxColumns: number }): Promise<ReadWorkbook>;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A sheet's name as Excel takes it. */
export const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Feuille';
