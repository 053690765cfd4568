/**
 * One clock, one zone: the dates a person sees or a rule uses are the centrale's local dates,
 * computed from an instant (the clock) and the centrale's time zone (`centrale.timeZone`).
 * Pure, on Intl (see meetings/zoned-time.ts): no date library.
 */
import {
  LocalDate,
  addDays,
  formatLocalDate,
  localDateOf,
  offsetAt,
  parseLocalDate,
  wallClockOf,
  zonedInstant,
} from './meetings/zoned-time';

/**
 * The zone of records written before theirs was recorded (they were all shown in Paris), and of
 * a turn with no centrale. Everything else takes the centrale's.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** The local calendar day of an instant there, `YYYY-MM-DD`. */
export const localDay = (instant: Date, timeZone: string): string => formatLocalDate(localDateOf(instant, timeZone));

/** The year a yearly reference (LIT-2027-0001) counts in: the local year at that instant. */
export const referenceYear = (instant: Date, timeZone: string): number => localDateOf(instant, timeZone).year;

/**
 * The last day of a delay of `days` calendar days from an act: the day of the act is not
 * counted (dies a quo), the delay ends on the evening of its last day. A mise en demeure sent
 * at 00:30 on 1 January: 15 days, until 16 January included.
 */
export const delayEnd = (act: Date, days: number, timeZone: string): string =>
  formatLocalDate(addDays(localDateOf(act, timeZone), days));

/** A deadline day (`YYYY-MM-DD`, included) is past once the local day there is a later one. */
export const isPastDeadline = (deadline: string, instant: Date, timeZone: string): boolean =>
  localDay(instant, timeZone) > deadline;

/**
 * The instant of a wall-clock time on a local day. A time the spring change skips (02:30 on the
 * last Sunday of March in Paris) moves on by the hour skipped (03:30); in the autumn the
 * earlier of the two is taken.
 */
export function localInstant(day: LocalDate | string, hour: number, minute: number, timeZone: string): Date {
  const d = typeof day === 'string' ? parseLocalDate(day) : day;
  if (!d) throw new Error(`not a calendar date: ${String(day)}`);
  const exact = zonedInstant(d, hour, minute, timeZone);
  if (exact) return exact;
  const wall = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  return new Date(wall - offsetAt(new Date(wall - 86_400_000), timeZone));
}

/** When a deadline day closes there: at the midnight that ends it (the next day's 00:00). */
export const closingInstant = (deadline: string, timeZone: string): Date => {
  const d = parseLocalDate(deadline);
  if (!d) throw new Error(`not a calendar date: ${deadline}`);
  return localInstant(addDays(d, 1), 0, 0, timeZone);
};

/**
 * The same wall-clock time `days` days later there: a vote open seven days from 18:00 closes
 * at 18:00, whether or not the clocks change in between (not 7 × 24 h).
 */
export function sameTimeDaysLater(instant: Date, days: number, timeZone: string): Date {
  const w = wallClockOf(instant, timeZone);
  const later = localInstant(addDays(w, days), w.hour, w.minute, timeZone);
  return new Date(later.getTime() + (instant.getTime() % 60_000));
}
