import { MONTHS } from '../meetings/zoned-time';

/**
 * Periods of the bilan: the supplier's reporting periods (year, half, quarter, month) and the
 * windows a person chooses (a calendar year, or the contract's whole duration). Days are the
 * centrale's local calendar dates (YYYY-MM-DD), inclusive at both ends.
 */
export interface Period {
  /** Canonical key: "2026", "2026-S1", "2026-T3", "2026-03". */
  key: string;
  from: string;
  to: string;
  /** French label: « 2026 », « 1er semestre 2026 », « 3e trimestre 2026 », « mars 2026 ». */
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const months = (year: number, first: number, last: number) => ({
  from: `${year}-${pad(first)}-01`,
  to: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
});
const ordinal = (n: number) => (n === 1 ? '1er' : `${n}e`);

export const yearPeriod = (year: number): Period => ({
  key: String(year),
  ...months(year, 1, 12),
  label: String(year),
});

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A reporting period as a supplier writes it: « 2026 », « 2026-T1 », « T1 2026 », « 2026-S2 »,
 * « 2026-03 », « 03/2026 », « mars 2026 ». Null when it is none of these.
 */
export function parsePeriod(raw: string): Period | null {
  const s = fold(raw);
  const year = (y: string) => {
    const n = Number(y);
    return n >= 2000 && n <= 2100 ? n : null;
  };
  let m = /^(\d{4})$/.exec(s);
  if (m) return year(m[1]!) ? yearPeriod(Number(m[1])) : null;
  m = /^(\d{4}) ?[-/ ] ?([ts])([1-4])$/.exec(s) ?? null;
  const m2 = /^([ts])([1-4]) ?[-/ ]? ?(\d{4})$/.exec(s);
  const quarterOrHalf = m
    ? { y: m[1]!, kind: m[2]!, n: Number(m[3]) }
    : m2
      ? { y: m2[3]!, kind: m2[1]!, n: Number(m2[2]) }
      : null;
  if (quarterOrHalf) {
    const y = year(quarterOrHalf.y);
    if (!y) return null;
    if (quarterOrHalf.kind === 's') {
      if (quarterOrHalf.n > 2) return null;
      const first = quarterOrHalf.n === 1 ? 1 : 7;
      return {
        key: `${y}-S${quarterOrHalf.n}`,
        ...months(y, first, first + 5),
        label: `${ordinal(quarterOrHalf.n)} semestre ${y}`,
      };
    }
    const first = (quarterOrHalf.n - 1) * 3 + 1;
    return {
      key: `${y}-T${quarterOrHalf.n}`,
      ...months(y, first, first + 2),
      label: `${ordinal(quarterOrHalf.n)} trimestre ${y}`,
    };
  }
  const month = (y: number | null, n: number): Period | null =>
    y && n >= 1 && n <= 12 ? { key: `${y}-${pad(n)}`, ...months(y, n, n), label: `${MONTHS[n - 1]} ${y}` } : null;
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) return month(year(m[1]!), Number(m[2]));
  m = /^(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return month(year(m[2]!), Number(m[1]));
  m = /^([a-z]+) (\d{4})$/.exec(s);
  if (m) {
    const i = MONTHS.map(fold).indexOf(m[1]!);
    return i >= 0 ? month(year(m[2]!), i + 1) : null;
  }
  return null;
}

const dayNumber = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** Days two inclusive ranges share (0 when apart). */
export function overlapDays(a: { from: string; to: string }, b: { from: string; to: string }): number {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return to < from ? 0 : dayNumber(to) - dayNumber(from) + 1;
}

/**
 * How many years of `range` fall inside `window`: each calendar year counts its own days
 * (365 or 366), so a whole year is exactly 1 and an annual figure times this is the figure for
 * the overlap.
 */
export function yearsWithin(range: { from: string; to: string }, window: { from: string; to: string }): number {
  const from = range.from > window.from ? range.from : window.from;
  const to = range.to < window.to ? range.to : window.to;
  if (to < from) return 0;
  let years = 0;
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const year = yearPeriod(y);
    years += overlapDays({ from, to }, year) / overlapDays(year, year);
  }
  return years;
}
