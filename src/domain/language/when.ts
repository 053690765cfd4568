import * as chrono from 'chrono-node';
import { LocalDate, daysBetween, wallClockOf, zonedInstant } from '../meetings/zoned-time';

/** A day (and maybe a time) a sentence names, on the centrale's calendar. */
export interface When {
  date: LocalDate;
  /** Only when the sentence gives one (« à 14 h », « demain matin »), else the form's default. */
  time: { hour: number; minute: number } | null;
  /** The words that said it, times tidied (« mardi prochain à 14h »). */
  text: string;
  /** Before now, there: « hier », « le 1er décembre » said on the 2nd with its year. */
  past: boolean;
  /** The year was said (« le 9 décembre 2027 »): a past date is not moved to next year. */
  yearSaid: boolean;
  /** A time the spring change skips (02:30 on the last Sunday of March in Paris). */
  skipped: boolean;
}

/**
 * French ways of writing a time that the parser reads better once tidied: « 14 h 30 » and
 * « 14 h » (the typographic French form, with spaces, non-breaking or not) → « 14h30 », « 14h »;
 * « midi » and « minuit » → « 12h », « 0h ».
 */
export function tidyTimes(text: string): string {
  return text
    .replace(/(\d{1,2})[\s\u00a0\u202f]*h[\s\u00a0\u202f]*(\d{2})\b/gi, '$1h$2')
    .replace(/(\d{1,2})[\s\u00a0\u202f]+h\b/gi, '$1h')
    .replace(/\bmidi\b/gi, '12h')
    .replace(/\bminuit\b/gi, '0h');
}

/** Parts of the day a person may name instead of a time, with the time the form then proposes. */
const PARTS_OF_DAY: Array<{ words: RegExp; hour: number }> = [
  { words: /\bmatin(ée)?\b/i, hour: 9 },
  { words: /\baprès[- ]midi\b|\bapres[- ]midi\b/i, hour: 14 },
  { words: /\bsoir(ée)?\b/i, hour: 18 },
];

/**
 * The first date of a French sentence, read by chrono-node's French parser on the centrale's
 * wall clock: the reference given to the parser is the local time written as if it were UTC, and
 * the parser's result is read back as a local calendar day and time. So « demain » said at 00:30
 * in Paris is the next Paris day whatever the server's zone, and « à 14 h » is 14 h there, summer
 * or winter.
 */
export function whenOf(text: string, now: Date, timeZone: string): When | null {
  const tidy = tidyTimes(text);
  const wall = wallClockOf(now, timeZone);
  const reference = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute));
  const found = chrono.fr.parse(tidy, { instant: reference, timezone: 0 }, { forwardDate: true });
  const result = found.find(
    (r) => r.start.isCertain('day') || r.start.isCertain('weekday') || r.start.isCertain('hour'),
  );
  if (!result) return null;
  const s = result.start;
  const date = { year: s.get('year')!, month: s.get('month')!, day: s.get('day')! };
  let time: When['time'] = s.isCertain('hour') ? { hour: s.get('hour')!, minute: s.get('minute') ?? 0 } : null;
  // « demain matin », « jeudi après-midi »: the form proposes a time of that part of the day.
  if (!time) time = PARTS_OF_DAY.filter((p) => p.words.test(tidy)).map((p) => ({ hour: p.hour, minute: 0 }))[0] ?? null;
  const today = { year: wall.year, month: wall.month, day: wall.day };
  const days = daysBetween(today, date);
  const past = days < 0 || (days === 0 && !!time && time.hour * 60 + time.minute <= wall.hour * 60 + wall.minute);
  const skipped = !!time && !zonedInstant(date, time.hour, time.minute, timeZone);
  return {
    date,
    time,
    text: result.text,
    past,
    yearSaid: s.isCertain('year'),
    skipped,
  };
}

/** The same day a year later (29 February → 28 February): what « le 1er décembre » said on the 2nd means. */
export function nextYearOf(d: LocalDate): LocalDate {
  const next = { year: d.year + 1, month: d.month, day: d.day };
  const valid = new Date(Date.UTC(next.year, next.month - 1, next.day)).getUTCMonth() === next.month - 1;
  return valid ? next : { ...next, day: 28 };
}
