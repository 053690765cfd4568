import {
  easterSunday,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  publicHolidays,
} from '../../src/domain/working-days';
import { formatLocalDate, parseLocalDate } from '../../src/domain/meetings/zoned-time';

const d = (iso: string) => parseLocalDate(iso)!;

describe('French public holidays and working days', () => {
  it('computes Easter Sunday (Gregorian computus) for 2026–2030', () => {
    expect([2026, 2027, 2028, 2029, 2030].map((y) => formatLocalDate(easterSunday(y)))).toEqual([
      '2026-04-05',
      '2027-03-28',
      '2028-04-16',
      '2029-04-01',
      '2030-04-21',
    ]);
  });

  it('derives Easter Monday, Ascension and Whit Monday from it, 2026–2030', () => {
    const movable = (y: number) =>
      publicHolidays(y)
        .filter((h) => ['Lundi de Pâques', 'Ascension', 'Lundi de Pentecôte'].includes(h.name))
        .map((h) => h.date);
    expect(movable(2026)).toEqual(['2026-04-06', '2026-05-14', '2026-05-25']);
    expect(movable(2027)).toEqual(['2027-03-29', '2027-05-06', '2027-05-17']);
    expect(movable(2028)).toEqual(['2028-04-17', '2028-05-25', '2028-06-05']);
    expect(movable(2029)).toEqual(['2029-04-02', '2029-05-10', '2029-05-21']);
    expect(movable(2030)).toEqual(['2030-04-22', '2030-05-30', '2030-06-10']);
  });

  it('has the eight fixed days, and Good Friday and 26 December in Alsace-Moselle only', () => {
    const fixed = publicHolidays(2027)
      .map((h) => h.date)
      .filter((x) => !['2027-03-29', '2027-05-06', '2027-05-17'].includes(x));
    expect(fixed).toEqual([
      '2027-01-01',
      '2027-05-01',
      '2027-05-08',
      '2027-07-14',
      '2027-08-15',
      '2027-11-01',
      '2027-11-11',
      '2027-12-25',
    ]);
    expect(publicHolidays(2028).map((h) => h.date)).not.toContain('2028-04-14');
    const alsace = publicHolidays(2028, 'alsace-moselle').map((h) => h.date);
    expect(alsace).toContain('2028-04-14'); // Vendredi saint
    expect(alsace).toContain('2028-12-26'); // Saint-Étienne
    expect(isWorkingDay(d('2028-12-26'))).toBe(true);
    expect(isWorkingDay(d('2028-12-26'), 'alsace-moselle')).toBe(false);
  });

  it('skips weekends and holidays backwards and forwards', () => {
    expect(isWorkingDay(d('2026-11-15'))).toBe(false); // a Sunday
    expect(formatLocalDate(previousWorkingDay(d('2026-11-15')))).toBe('2026-11-13');
    expect(formatLocalDate(nextWorkingDay(d('2026-11-15')))).toBe('2026-11-16');
    expect(formatLocalDate(previousWorkingDay(d('2027-05-08')))).toBe('2027-05-07'); // Saturday 8 May
    expect(formatLocalDate(nextWorkingDay(d('2027-05-06')))).toBe('2027-05-07'); // Ascension
    expect(formatLocalDate(nextWorkingDay(d('2027-12-24')))).toBe('2027-12-24');
    expect(formatLocalDate(nextWorkingDay(d('2027-12-25')))).toBe('2027-12-27');
  });
});
