import { frenchDay, parseLocalDate } from './meetings/zoned-time';

/**
 * French formats for dates without their weekday and for numbers, as Intl's fr-FR writes them
 * (groups of three digits separated by a narrow no-break space, U+202F; decimal comma).
 */
/** "15 janvier 2027", "1er mars 2027": the one month table, in zoned-time.ts. */
export { frenchDay };

/** "2027-01-15" → "15 janvier 2027" (the text unchanged when it is not a date). */
export function frenchDayOf(isoDate: string): string {
  const d = parseLocalDate(isoDate);
  return d ? frenchDay(d) : isoDate;
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });

/** 1500 → "1 500", "12.5" → "12,5" (narrow no-break space, as Intl fr-FR). */
export function frenchNumber(value: number | string): string {
  const n = typeof value === 'string' ? Number(value) : value;
  return Number.isFinite(n) ? numberFormat.format(n) : String(value);
}

/** "1 500 ramettes" */
export const frenchQuantity = (quantity: string, unit: string): string =>
  `${frenchNumber(quantity)}${unit ? ` ${unit}` : ''}`;

/** « de » before a name, elided before a vowel: « de Jean Dupont », « d’Amina Haddad ». */
export const deName = (name: string): string => (/^[aeiouyàâéèêëîïôœùûü]/i.test(name) ? `d’${name}` : `de ${name}`);
