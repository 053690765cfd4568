import { LocalDate, addDays, formatLocalDate } from './meetings/zoned-time';

/**
 * French public holidays (Code du travail L3133-1), computed: the eight fixed days, and Easter
 * Monday, Ascension (Easter + 39) and Whit Monday (Easter + 50). In Alsace-Moselle (local law,
 * Code du travail L3134-13) Good Friday and 26 December are holidays too: a centrale there says
 * so in its configuration (`holidayCalendar`). Weekends and these days are not working days.
 */
export type HolidayCalendar = 'metropole' | 'alsace-moselle';
export const HOLIDAY_CALENDARS: readonly HolidayCalendar[] = ['metropole', 'alsace-moselle'];

/** Easter Sunday in the Gregorian calendar (the anonymous computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** The year's public holidays, by date. */
export function publicHolidays(
  year: number,
  calendar: HolidayCalendar = 'metropole',
): Array<{ date: string; name: string }> {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number, name: string) => ({ date: formatLocalDate({ year, month, day }), name });
  const fromEaster = (n: number, name: string) => ({ date: formatLocalDate(addDays(easter, n)), name });
  const days = [
    fixed(1, 1, 'Jour de l’an'),
    fromEaster(1, 'Lundi de Pâques'),
    fixed(5, 1, 'Fête du travail'),
    fixed(5, 8, 'Victoire 1945'),
    fromEaster(39, 'Ascension'),
    fromEaster(50, 'Lundi de Pentecôte'),
    fixed(7, 14, 'Fête nationale'),
    fixed(8, 15, 'Assomption'),
    fixed(11, 1, 'Toussaint'),
    fixed(11, 11, 'Armistice 1918'),
    fixed(12, 25, 'Noël'),
  ];
  if (calendar === 'alsace-moselle') days.push(fromEaster(-2, 'Vendredi saint'), fixed(12, 26, 'Saint-Étienne'));
  return days.sort((x, y) => x.date.localeCompare(y.date));
}

const cache = new Map<string, Set<string>>();
const holidaysOf = (year: number, calendar: HolidayCalendar) => {
  const key = `${calendar}:${year}`;
  let set = cache.get(key);
  if (!set) cache.set(key, (set = new Set(publicHolidays(year, calendar).map((h) => h.date))));
  return set;
};

export const isWeekend = (d: LocalDate) => [0, 6].includes(new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay());

export const isWorkingDay = (d: LocalDate, calendar: HolidayCalendar = 'metropole') =>
  !isWeekend(d) && !holidaysOf(d.year, calendar).has(formatLocalDate(d));

/** The day itself when it is a working day, else the last one before it. */
export function previousWorkingDay(d: LocalDate, calendar: HolidayCalendar = 'metropole'): LocalDate {
  let x = d;
  while (!isWorkingDay(x, calendar)) x = addDays(x, -1);
  return x;
}

/** The day itself when it is a working day, else the first one after it. */
export function nextWorkingDay(d: LocalDate, calendar: HolidayCalendar = 'metropole'): LocalDate {
  let x = d;
  while (!isWorkingDay(x, calendar)) x = addDays(x, 1);
  return x;
}
