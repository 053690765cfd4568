import ExcelJS from 'exceljs';
import { inflateRawSync } from 'zlib';
import { CellValue, ReadWorkbook } from '../app/documents/workbook';

const pad = (n: number) => String(n).padStart(2, '0');

/** The most bytes a workbook sent back may take once unpacked (a small one is well under 1 MB). */
export const MAX_UNPACKED_BYTES = 30_000_000;

interface ZipEntry {
  method: number;
  compressed: number;
  declared: number;
  local: number;
}

/**
 * The entries of a zip's central directory (its end record, « PK\x05\x06 », sits within the
 * last 64 KiB + 22 bytes), read without inflating anything. Null when there is none: not a zip.
 */
function directoryEntries(bytes: Buffer): ZipEntry[] | null {
  const from = Math.max(0, bytes.length - 65_557);
  let end = -1;
  for (let i = bytes.length - 22; i >= from; i--)
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) return null;
  const entries: ZipEntry[] = [];
  let at = bytes.readUInt32LE(end + 16);
  for (let n = bytes.readUInt16LE(end + 10); n > 0; n--) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return null;
    entries.push({
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      declared: bytes.readUInt32LE(at + 24),
      local: bytes.readUInt32LE(at + 42),
    });
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * What the zip's central directory says the files take once unpacked, read before anything is
 * inflated (a « zip bomb » claims little and unpacks to gigabytes; `inflatedSize` catches one
 * that lies). Null when there is no directory: not a zip.
 */
export function unpackedSize(bytes: Buffer): number | null {
  const entries = directoryEntries(bytes);
  if (!entries) return null;
  // 0xFFFFFFFF: a Zip64 size, far beyond any template.
  if (entries.some((e) => e.declared === 0xffffffff)) return Number.MAX_SAFE_INTEGER;
  return entries.reduce((sum, e) => sum + e.declared, 0);
}

/**
 * What the entries really unpack to, inflating each with a ceiling (zlib's `maxOutputLength`)
 * rather than trusting the sizes the zip declares: an entry that lies about its size is stopped
 * at the limit, never inflated whole in memory. `Infinity` beyond `max`; null when not a readable zip.
 */
export function inflatedSize(bytes: Buffer, max: number): number | null {
  const entries = directoryEntries(bytes);
  if (!entries) return null;
  let total = 0;
  try {
    for (const e of entries) {
      if (e.local + 30 > bytes.length || bytes.readUInt32LE(e.local) !== 0x04034b50) return null;
      const start = e.local + 30 + bytes.readUInt16LE(e.local + 26) + bytes.readUInt16LE(e.local + 28);
      const data = bytes.subarray(start, start + e.compressed);
      if (e.method === 0) total += data.length;
      else if (e.method === 8) total += inflateRawSync(data, { maxOutputLength: max - total + 1 }).length;
      else return null;
      if (total > max) return Infinity;
    }
  } catch (err) {
    // The entry inflates beyond the room left (a RangeError; told by its code, whatever the realm).
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return Infinity;
    return null;
  }
  return total;
}

/** A cell's value as the app reads it: text, a number, a date as its YYYY-MM-DD (Excel keeps no zone). */
function valueOf(cell: ExcelJS.CellValue): CellValue {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'oui' : 'non';
  if (cell instanceof Date) return `${cell.getUTCFullYear()}-${pad(cell.getUTCMonth() + 1)}-${pad(cell.getUTCDate())}`;
  if (typeof cell === 'object') {
    if ('richText' in cell) return cell.richText.map((r) => r.text).join('');
    if ('text' in cell && typeof cell.text === 'string') return cell.text;
    if ('result' in cell) return valueOf((cell.result ?? null) as ExcelJS.CellValue);
    if ('error' in cell) return null;
  }
  return String(cell as unknown);
}

/**
 * The sheets of an XLSX file, rows of cell values (the header row first). Not an XLSX, or a
 * sheet beyond the limits: a French error, nothing read.
 */
export async function readXlsx(bytes: Buffer, limits: { maxRows: number; maxColumns: number }): Promise<ReadWorkbook> {
  // An XLSX is a zip: « PK\x03\x04 » first.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    return {
      ok: false,
      error: 'Ce fichier n’est pas un classeur Excel (.xlsx) : enregistrez-le au format « Classeur Excel ».',
    };
  const declared = unpackedSize(bytes);
  const unpacked =
    declared === null || declared > MAX_UNPACKED_BYTES ? declared : inflatedSize(bytes, MAX_UNPACKED_BYTES);
  if (unpacked === null)
    return {
      ok: false,
      error: 'Ce classeur est illisible : il est peut-être abîmé. Téléchargez de nouveau le modèle.',
    };
  if (unpacked > MAX_UNPACKED_BYTES)
    return {
      ok: false,
      error:
        'Ce classeur est trop volumineux une fois ouvert : gardez une ligne par besoin, sans images ni feuilles ajoutées.',
    };
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    return {
      ok: false,
      error: 'Ce classeur est illisible : il est peut-être abîmé. Téléchargez de nouveau le modèle.',
    };
  }
  const sheets = [];
  for (const ws of book.worksheets) {
    // Rows and columns that hold a value: a column formatted to its end, or rows styled in
    // advance, are not content. Beyond the limits, the sheet is refused, not cut.
    const rows: CellValue[][] = [];
    let tooLarge = false;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (tooLarge) return;
      const values: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const value = valueOf(cell.value);
        if (value === null || value === '') return;
        if (c > limits.maxColumns) tooLarge = true;
        else values[c - 1] = value;
      });
      if (values.length === 0) return;
      if (r > limits.maxRows + 1) tooLarge = true;
      else rows[r - 1] = Array.from(values, (v) => v ?? null);
    });
    if (tooLarge)
      return {
        ok: false,
        error: `La feuille « ${ws.name} » est trop grande : ${limits.maxRows} lignes et ${limits.maxColumns} colonnes au plus.`,
      };
    sheets.push({ name: ws.name, rows: Array.from(rows, (r) => r ?? []) });
  }
  return { ok: true, sheets };
}
