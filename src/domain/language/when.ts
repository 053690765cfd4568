import * as chrono from 'chrono-node';
import { LocalDate, addDays, daysBetween, wallClockOf, zonedInstant } from '../meetings/zoned-time';

/** A day (and maybe a time) a sentence names, on the centrale's calendar. */
export interface When {
  date: LocalDate;
  /** Only when the sentence gives one (« à 14 h », « demain matin »), else the form's default. */
  time: { hour: number; minute: number } | null;
  /** The words that said it, times tidied (« mardi prochain à 14h »). */
  text: string;
  /** Before now, there: « hier », « ce matin » said at 10 h, « le 1er décembre » said on the 2nd. */
  past: boolean;
  /**
   * The year was said (« le 9 décembre 2027 ») or the day is counted from today (« demain »,
   * « hier », « dans 15 jours »): a past date is not moved to next year.
   */
  yearSaid: boolean;
  /** A time the spring change skips (02:30 on the last Sunday of March in Paris). */
  skipped: boolean;
}

const SP = '[\\s\\u00a0\\u202f]';

/**
 * French ways of writing a time that the parser reads better once tidied: « 14 h 30 », « 14 h »
 * and « 14 heures » (spaces non-breaking or not) → « 14h30 », « 14h »; « et demie », « et quart »;
 * « midi » and « minuit » → « 12h », « 0h » (not the « midi » of « après-midi »).
 */
export function tidyTimes(text: string): string {
  return text
    .replace(new RegExp(`(\\d{1,2})${SP}*(?:h|heures?)${SP}*(\\d{2})\\b`, 'gi'), '$1h$2')
    .replace(new RegExp(`(\\d{1,2})${SP}*(?:h|heures?)(?![\\p{L}\\d])`, 'giu'), '$1h')
    .replace(/(?<![\p{L}-]|apr[èe]s )midi(?![\p{L}-])/giu, '12h')
    .replace(/(?<![\p{L}-])minuit(?![\p{L}-])/giu, '0h')
    .replace(new RegExp(`(\\d{1,2})h${SP}+et${SP}+demie?(?![\\p{L}])`, 'giu'), '$1h30')
    .replace(new RegExp(`(\\d{1,2})h${SP}+et${SP}+quart(?![\\p{L}])`, 'giu'), '$1h15');
}

/** Parts of the day a person may name instead of a time, with the time the form then proposes. */
const PARTS_OF_DAY: Array<{ words: RegExp; hour: number }> = [
  { words: /(?<!\p{L})matin(ée)?(?!\p{L})/iu, hour: 9 },
  { words: /(?<!\p{L})apr[èe]s[- ]midi(?!\p{L})|(?<!\p{L})aprem(?!\p{L})/iu, hour: 14 },
  { words: /(?<!\p{L})soir(ée)?(?!\p{L})/iu, hour: 18 },
];
const partOfDay = (words: string) => PARTS_OF_DAY.find((p) => p.words.test(words))?.hour ?? null;

/** A time written as one: « 14h », « 14h30 », « 14:30 » — not a bare number (« le 15 », « à 10 membres »). */
const TIME_MARK = /\d{1,2}h(\d{2})?(?!\p{L})|\d{1,2}:\d{2}/iu;
/** « le 12 », « le 12 à 14h », « du 3 »: a day of the month said alone (not « le 12 mars », « le 12 500 »). */
const DAY_ALONE = new RegExp(
  `(?<!\\p{L})(?:le|du|au)${SP}+(1er|\\d{1,2})(?![\\p{L}\\d/.:-])(?!${SP}*\\d)(?!${SP}*(?:janv|f[ée]vr|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c))`,
  'iu',
);
/** A time written just after a day (« mardi 8 à 14h »). */
const WRITTEN_TIME = /^[\s\u00a0,]*(?:à[\s\u00a0]*)?(?:(\d{1,2})h(\d{2})?(?!\p{L})|(\d{1,2}):(\d{2}))/iu;
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
/** The parser takes « mer », « jeu », « mar », « sam » for weekdays; a sentence means the sea, a game… */
const SHORT_WEEKDAY = /(?<!\p{L})(lun|mar|mer|jeu|ven|sam|dim)\.?(?!\p{L})/iu;
/** « mardi 8 » is Tuesday the 8th, not Tuesday at 8. */
const WEEKDAY_AND_DAY = new RegExp(`(?<!\\p{L})(${WEEKDAYS.join('|')})${SP}+(1er|\\d{1,2})(?![\\p{L}\\d:/.-])`, 'iu');
/** « le 9/12 », « du 2/3 »: a day and month by their numbers only after a word that says a day. */
const SLASH_DATE_BEFORE = new RegExp(`(?:(?<!\\p{L})(?:le|du|au|l[’']|${WEEKDAYS.join('|')})${SP}*)$`, 'iu');

/** « après-demain », « avant-hier », which the parser takes for « demain » and « hier ». */
const dayAfterTomorrow: chrono.Parser = {
  pattern: () => /(?<!\p{L})(apr[èe]s|avant)[-\s\u00a0]?(demain|hier)(?!\p{L})/iu,
  extract: (context, match) => {
    const days = chrono.ParsingComponents.createRelativeFromReference(context.reference, {
      day: match[1]!.toLowerCase() === 'avant' ? -2 : 2,
    });
    // As the parser's own « demain »: a time said after it is read as said (« à 10h » is 10 h).
    days.delete('meridiem');
    return days.addTag('casualReference/twoDays');
  },
};
const parser = chrono.fr.casual.clone();
parser.parsers.unshift(dayAfterTomorrow);

const asDate = (year: number, month: number, day: number): LocalDate | null => {
  const d = addDays({ year, month, day }, 0);
  return d.year === year && d.month === month && d.day === day ? d : null;
};
const weekdayOf = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();

/** How far back a day and month without a year may be read as already past (else: next year's). */
const RECENTLY_PAST_DAYS = 92;

/**
 * A day and month without a year: the next one, unless it fell in the last three months
 * (« le 1er décembre » said on the 2nd, « le 30 décembre » said on 1 January): then that past
 * day, and the person chooses.
 */
function yearOf(today: LocalDate, month: number, day: number): LocalDate | null {
  for (const year of [today.year - 1, today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4]) {
    const d = asDate(year, month, day);
    if (d && daysBetween(today, d) >= -RECENTLY_PAST_DAYS) return d;
  }
  return null;
}

/** Whether a time of a day is already past: its instant, or its wall-clock time if the spring change skips it. */
function isPast(
  today: LocalDate,
  date: LocalDate,
  time: When['time'],
  now: Date,
  wall: { hour: number; minute: number },
  timeZone: string,
): boolean {
  const days = daysBetween(today, date);
  if (days !== 0 || !time) return days < 0;
  const at = zonedInstant(date, time.hour, time.minute, timeZone);
  return at ? at.getTime() <= now.getTime() : time.hour * 60 + time.minute <= wall.hour * 60 + wall.minute;
}

/**
 * The first date of a French sentence, on the centrale's calendar, whatever the server's zone.
 *
 * chrono-node's French parser finds the expression and its parts; its reference is today's local
 * date at noon written as if it were UTC (timezone 0), so that the days it counts (« demain »,
 * « dans 3 semaines », « lundi ») are local days and no change of hour, the centrale's or the
 * server's, falls near it. What the parser only implies is decided here, on the local wall clock:
 * - a weekday alone is the next one (« lundi » said on a Monday: in a week; « lundi dernier » and
 *   « mardi prochain » as the parser counts them; « mardi 8 »: the next Tuesday the 8th);
 * - a day and month without a year is the next one, unless it fell in the last three months
 *   (« le 1er décembre » said on the 2nd: past, the person chooses; « le 15 juin » said in
 *   December: next June); « le 12 » alone is the next 12th;
 * - a time alone is today's, or tomorrow's once passed; « ce matin » is today, past once 9 h is.
 * A number is a time only written as one (« 14 h », « 14:30 », not « à 10 membres »); a duration
 * is not a date (« en retard de trois semaines »); a slash date is one only after « le », « du »,
 * « au » or a weekday, or with its year (not « les 2/3 »).
 */
export function whenOf(text: string, now: Date, timeZone: string): When | null {
  const tidy = tidyTimes(text);
  const wall = wallClockOf(now, timeZone);
  const today: LocalDate = { year: wall.year, month: wall.month, day: wall.day };
  const noon = new Date(Date.UTC(today.year, today.month - 1, today.day, 12, 0));
  const results = parser.parse(tidy, { instant: noon, timezone: 0 });

  const dayAlone = DAY_ALONE.exec(tidy);
  const dayAloneEnd = dayAlone ? dayAlone.index + dayAlone[0].length : -1;
  for (const r of results) {
    const s = r.start;
    // « le 12 à 14h » read as the hours 12 to 14, or a date said after « le 12 »: the 12th first.
    if (dayAlone && r.index < dayAloneEnd && r.index + r.text.length > dayAlone.index && !s.isCertain('day')) break;
    if (dayAlone && r.index >= dayAloneEnd) break;
    if (/^(en|pour|pendant|de)[\s\u00a0]/i.test(r.text) && !r.text.toLowerCase().startsWith('dans')) continue;
    const tags = r.tags();
    const relative = [...tags].some((t) => t.startsWith('result/relativeDate') || t.startsWith('casualReference/'));
    if (SHORT_WEEKDAY.test(r.text) && !WEEKDAYS.some((w) => r.text.toLowerCase().includes(w))) continue;
    if (
      tags.has('parser/SlashDateFormatParser') &&
      !s.isCertain('year') &&
      !SLASH_DATE_BEFORE.test(tidy.slice(0, r.index))
    )
      continue;
    const after = tidy.slice(r.index + r.text.length);

    // The time: said as a time, or a part of the day in the expression or just after it.
    let time: When['time'] = null;
    let timeIsSaid = s.isCertain('hour') && (TIME_MARK.test(r.text) || tags.has('casualReference/now'));
    if (tags.has('result/relativeDateAndTime') || tags.has('casualReference/now')) timeIsSaid = true;
    const weekdayDay = s.isCertain('day') ? null : WEEKDAY_AND_DAY.exec(tidy.slice(r.index));
    const dayOfMonth = weekdayDay?.index === 0 ? weekdayDay : null;
    if (dayOfMonth) {
      // « mardi 8 à 14h »: the parser took 8 for the hour; the time is the one written after.
      const written = WRITTEN_TIME.exec(tidy.slice(r.index + dayOfMonth[0].length));
      if (written) dayOfMonth[0] += written[0];
      timeIsSaid = !!written;
      if (written) time = { hour: Number(written[1] ?? written[3]), minute: Number(written[2] ?? written[4] ?? 0) };
      if (time && (time.hour > 23 || time.minute > 59)) time = null;
    } else if (timeIsSaid) {
      time = { hour: s.get('hour')!, minute: s.get('minute') ?? 0 };
      if (time.hour < 12 && /^[\s\u00a0]*(de l[’']apr[èe]s[- ]midi|du soir)(?!\p{L})/iu.test(after)) time.hour += 12;
    }
    if (!timeIsSaid) {
      const part = partOfDay(`${r.text} ${/^[\s\u00a0]*\S+(?:[\s\u00a0]+\S+)?/.exec(after)?.[0] ?? ''}`);
      if (part !== null) time = { hour: part, minute: 0 };
    }

    // The day.
    let date: LocalDate | null;
    let yearSaid = s.isCertain('year');
    const fromNow = tags.has('result/relativeDateAndTime') || tags.has('casualReference/now');
    if (fromNow) {
      // « dans 3 heures », « maintenant »: real hours from now, through any change of hour.
      const counted = Date.UTC(s.get('year')!, s.get('month')! - 1, s.get('day')!, s.get('hour')!, s.get('minute')!);
      const at = wallClockOf(new Date(now.getTime() + counted - noon.getTime()), timeZone);
      date = { year: at.year, month: at.month, day: at.day };
      time = { hour: at.hour, minute: at.minute };
      yearSaid = true;
      if (counted >= noon.getTime()) return { date, time, text: r.text, past: false, yearSaid, skipped: false };
    } else if (dayOfMonth) {
      // « mardi 8 »: the next Tuesday the 8th (within a year), else the next 8th.
      const wanted = dayOfMonth[2]!.toLowerCase() === '1er' ? 1 : Number(dayOfMonth[2]);
      const weekday = WEEKDAYS.indexOf(dayOfMonth[1]!.toLowerCase());
      date = null;
      for (let i = 0; i < 400 && !date; i++) {
        const d = addDays(today, i);
        if (d.day === wanted && weekdayOf(d) === weekday) date = d;
      }
      for (let i = 0; i < 62 && !date; i++) if (addDays(today, i).day === wanted) date = addDays(today, i);
      if (!date) continue;
    } else if (s.isCertain('day') && s.isCertain('month')) {
      date =
        yearSaid || relative
          ? asDate(s.get('year')!, s.get('month')!, s.get('day')!)
          : yearOf(today, s.get('month')!, s.get('day')!);
      if (!date) continue;
      if (relative) yearSaid = true;
    } else if (s.isCertain('weekday')) {
      // A weekday alone: the parser's « prochain » and « dernier »; « ce jeudi » from today; else the next one.
      const weekday = s.get('weekday')!;
      const words = r.text.toLowerCase();
      const counted = asDate(s.get('year')!, s.get('month')!, s.get('day')!)!;
      if (/prochaine?|dernier|derni[èe]re/.test(words)) date = counted;
      else {
        const ahead = (weekday - weekdayOf(today) + 7) % 7;
        date = addDays(today, ahead === 0 && !/(?<!\p{L})ce(?!\p{L})/u.test(words) ? 7 : ahead);
      }
    } else if (s.isCertain('month')) {
      // « le mois prochain »: that month, on today's day if it has one.
      date = asDate(s.get('year')!, s.get('month')!, s.get('day')!) ?? asDate(s.get('year')!, s.get('month')!, 28);
      yearSaid = true;
    } else if (timeIsSaid && time) {
      // A time alone: today, or tomorrow once it has passed.
      date = isPast(today, today, time, now, wall, timeZone) ? addDays(today, 1) : today;
      yearSaid = true;
    } else if (/(?<!\p{L})(ce|cet|cette)(?!\p{L})/iu.test(r.text) && (time || relative)) {
      // « ce matin », « ce soir », « cet après-midi »: today.
      date = today;
      yearSaid = true;
    } else continue;
    if (!date) continue;

    const past = isPast(today, date, time, now, wall, timeZone);
    let said = dayOfMonth && dayOfMonth[0].length > r.text.length ? dayOfMonth[0] : r.text;
    // « jeudi 10h est déplacée »: the parser takes « est » for a time zone (EST).
    if (s.isCertain('timezoneOffset') && !fromNow) said = said.replace(/[\s\u00a0]+[a-z]{2,5}$/i, '');
    said = said.replace(/[\s\u00a0,;:]+$/, '');
    const skipped = !!time && !zonedInstant(date, time.hour, time.minute, timeZone);
    return { date, time, text: said, past, yearSaid, skipped };
  }
  return dayAlone ? dayOfMonthOf(dayAlone, tidy, today, wall, now, timeZone) : null;
}

/** « le 12 »: the next 12th (today's if it is the 12th), and the time written after it, if any. */
function dayOfMonthOf(
  said: RegExpExecArray,
  tidy: string,
  today: LocalDate,
  wall: { hour: number; minute: number },
  now: Date,
  timeZone: string,
): When | null {
  const wanted = said[1]!.toLowerCase() === '1er' ? 1 : Number(said[1]);
  let date: LocalDate | null = null;
  for (let i = 0; i < 62 && !date; i++) if (addDays(today, i).day === wanted) date = addDays(today, i);
  if (!date) return null;
  const written = WRITTEN_TIME.exec(tidy.slice(said.index + said[0].length));
  let time: When['time'] = written
    ? { hour: Number(written[1] ?? written[3]), minute: Number(written[2] ?? written[4] ?? 0) }
    : null;
  if (time && (time.hour > 23 || time.minute > 59)) time = null;
  const past = isPast(today, date, time, now, wall, timeZone);
  const skipped = !!time && !zonedInstant(date, time.hour, time.minute, timeZone);
  const text = `${said[0]}${written && time ? written[0] : ''}`.replace(/^(le|du|au)[\s\u00a0]+/i, '');
  return { date, time, text, past, yearSaid: true, skipped };
}

/** The same day a year later (29 February → 28 February): what « le 1er décembre » said on the 2nd means. */
export function nextYearOf(d: LocalDate): LocalDate {
  const next = { year: d.year + 1, month: d.month, day: d.day };
  const valid = new Date(Date.UTC(next.year, next.month - 1, next.day)).getUTCMonth() === next.month - 1;
  return valid ? next : { ...next, day: 28 };
}
