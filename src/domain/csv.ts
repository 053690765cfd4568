/**
 * CSV as French spreadsheets open it: `;` separator, UTF-8 with a byte-order mark, CRLF, every
 * field quoted when needed. A leading = + - @ is neutralised so that no cell runs as a formula.
 */
const BOM = '\uFEFF';

function cell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(headers: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return BOM + [headers, ...rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
