/**
 * Calendar dates and wall-clock times in a time zone (Europe/Paris by default), without a
 * date library: Intl knows the offsets, including summer time.
 */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Building a formatter costs far more than using one: one per time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  return fmt;
};

const parts = (instant: Date, timeZone: string) => {
  const fmt = formatterFor(timeZone);
  const all = fmt.formatToParts(instant);
  const get = (type: string) => Number(all.find((p) => p.type === type)!.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
};

/** The wall-clock time an instant shows there: its day, hour and minute. */
export function wallClockOf(instant: Date, timeZone: string): LocalDate & { hour: number; minute: number } {
  const { year, month, day, hour, minute } = parts(instant, timeZone);
  return { year, month, day, hour, minute };
}

/** The calendar day an instant falls on, there. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = parts(instant, timeZone);
  return { year, month, day };
}

/** Offset of the zone from UTC at that instant, in ms (Paris: +1 h in winter, +2 h in summer). */
export function offsetAt(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant of a wall-clock time there. A time skipped by the spring change (02:30 on the
 * last Sunday of March in Paris) does not exist: null. In the autumn the earlier one is taken.
 */
export function zonedInstant(date: LocalDate, hour: number, minute: number, timeZone: string): Date | null {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  for (const guess of [
    wall - offsetAt(new Date(wall), timeZone),
    wall - offsetAt(new Date(wall - 3 * 3_600_000), timeZone),
  ].sort((a, b) => a - b)) {
    const p = parts(new Date(guess), timeZone);
    if (p.year === date.year && p.month === date.month && p.day === date.day && p.hour === hour && p.minute === minute)
      return new Date(guess);
  }
  return null;
}

/** Whole days from one calendar date to another (negative if before). */
export const daysBetween = (from: LocalDate, to: LocalDate): number =>
  Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);

export const addDays = (d: LocalDate, n: number): LocalDate => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};

export const parseLocalDate = (s: string): LocalDate | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = addDays(d, 0);
  return check.year === d.year && check.month === d.month && check.day === d.day ? d : null;
};

const pad = (n: number) => String(n).padStart(2, '0');
export const formatLocalDate = (d: LocalDate): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** The months' French names, January first. */
export const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** "3 mars 2026", "1er mars 2027" (no weekday). */
export const frenchDay = (d: LocalDate): string => `${d.day === 1 ? '1er' : d.day} ${MONTHS[d.month - 1]} ${d.year}`;

/** "mardi 3 mars 2026" */
export function frenchDate(d: LocalDate): string {
  const weekday = WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()];
  return `${weekday} ${frenchDay(d)}`;
}

/** "2026-03-03" → "mardi 3 mars 2026" (the text unchanged when it is not a date). */
export function frenchDateOf(isoDate: string): string {
  const d = parseLocalDate(isoDate);
  return d ? frenchDate(d) : isoDate;
}

/** « 14 h », « 9 h 30 »: a wall-clock time as a French sentence says it. */
export const frenchClock = (hour: number, minute: number): string =>
  minute ? `${hour} h ${pad(minute)}` : `${hour} h`;

/** "mardi 3 mars 2026 à 9 h 30" */
export function frenchDateTime(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${frenchDate(p)} à ${frenchClock(p.hour, p.minute)}`;
}

/** "2026-03-03 09:30:12 +01:00": a wall-clock time that still names its instant (for records). */
export function localTimestamp(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  const offsetMin = Math.round(offsetAt(instant, timeZone) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${formatLocalDate(p)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
