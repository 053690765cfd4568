/**
 * Amounts in integer cents: never a float. Parsed from what French users type ("12 345,67",
 * "12345.67", "12 345 €") and shown the French way ("12 345,67 € HT").
 */
export type Cents = number;

export function parseEuros(raw: string): Cents | null {
  const s = raw
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/€|HT$/gi, '')
    .replace(/HT/gi, '');
  const m = /^(-?)(\d{1,13})(?:[,.](\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -cents : cents;
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** 1234567 → "12 345,67 € HT" */
export function formatEuros(cents: Cents, suffix = ' € HT'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${group(String(Math.floor(abs / 100)))},${String(abs % 100).padStart(2, '0')}${suffix}`;
}

/** For CSV cells: "12345,67" (a number Excel reads in French). */
export const csvEuros = (cents: Cents | null): string =>
  cents === null ? '' : formatEuros(cents, '').replace(/ /g, '');

/** Quantities as typed, checked as decimals: "1 200", "12,5". Returned normalised ("1200", "12.5"). */
export function parseQuantity(raw: string): string | null {
  const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^\d{1,12}(\.\d{1,3})?$/.test(s) && Number(s) > 0 ? s : null;
}

/** Sums decimal quantities exactly (thousandths). */
export function addQuantities(values: string[]): string {
  const milli = values.reduce((n, v) => n + Math.round(Number(v) * 1000), 0);
  return (milli / 1000).toString();
}
