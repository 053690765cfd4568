import { checkNotice, joursFrancs, latestSendingDay } from '../../../src/domain/meetings/notice-period';
import { formatLocalDate, frenchDateTime, parseLocalDate, zonedInstant } from '../../../src/domain/meetings/zoned-time';

const PARIS = 'Europe/Paris';
const at = (date: string, hour = 9, minute = 0) => zonedInstant(parseLocalDate(date)!, hour, minute, PARIS)!;

describe('jours francs', () => {
  it('counts the whole days between sending and sitting, neither counted', () => {
    expect(joursFrancs(at('2026-03-04', 18), at('2026-03-10'), PARIS)).toBe(5);
    expect(joursFrancs(at('2026-03-05', 8), at('2026-03-10'), PARIS)).toBe(4);
    expect(joursFrancs(at('2026-03-09', 23, 59), at('2026-03-10'), PARIS)).toBe(0);
    expect(joursFrancs(at('2026-03-10', 7), at('2026-03-10'), PARIS)).toBe(0);
  });

  it('counts weekends like any other day', () => {
    // Friday 6 March → Monday 16 March: the 7th to the 15th, two weekends included.
    expect(joursFrancs(at('2026-03-06'), at('2026-03-16'), PARIS)).toBe(9);
    expect(formatLocalDate(latestSendingDay(at('2026-03-16'), 5, PARIS))).toBe('2026-03-10');
  });

  it('crosses month ends, the end of February and year ends', () => {
    expect(formatLocalDate(latestSendingDay(at('2026-03-03'), 5, PARIS))).toBe('2026-02-25');
    expect(formatLocalDate(latestSendingDay(at('2028-03-03'), 5, PARIS))).toBe('2028-02-26'); // leap year
    expect(formatLocalDate(latestSendingDay(at('2027-01-04'), 5, PARIS))).toBe('2026-12-29');
    expect(joursFrancs(at('2026-12-30'), at('2027-01-05'), PARIS)).toBe(5);
    expect(formatLocalDate(latestSendingDay(at('2026-05-01'), 3, PARIS))).toBe('2026-04-27');
  });

  it('uses the calendar day in Paris across summer-time changes and late at night', () => {
    // Summer time starts on Sunday 29 March 2026: a day of 23 hours still counts as one.
    expect(joursFrancs(at('2026-03-26', 10), at('2026-04-01', 9), PARIS)).toBe(5);
    // Winter time on Sunday 25 October 2026: a day of 25 hours still counts as one.
    expect(joursFrancs(at('2026-10-22', 10), at('2026-10-28', 9), PARIS)).toBe(5);
    // Sent at 23:30 UTC on the 3rd: it is already 00:30 on the 4th in Paris, the day that counts.
    expect(joursFrancs(new Date('2026-03-03T23:30:00Z'), at('2026-03-10'), PARIS)).toBe(5);
  });

  it('explains a late convocation in French, with the last day it could be sent', () => {
    const check = checkNotice(at('2026-03-06', 10), at('2026-03-10'), 5, PARIS);
    expect(check).toMatchObject({ ok: false, joursFrancs: 3, required: 5 });
    expect(check.message).toContain(
      'il fallait convoquer au plus tard le mercredi 4 mars 2026 (3 jours francs seulement)',
    );
    expect(checkNotice(at('2026-03-04', 10), at('2026-03-10'), 5, PARIS).ok).toBe(true);
    // The next day: not « 0 jour franc seulement ».
    expect(checkNotice(at('2026-03-09', 10), at('2026-03-10'), 5, PARIS).message).toContain(
      '(aucun jour franc d’ici là)',
    );
  });
});

describe('wall-clock times in Paris', () => {
  it('turns a local date and time into the right instant in winter and in summer', () => {
    expect(at('2026-01-15', 9).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(at('2026-07-15', 9).toISOString()).toBe('2026-07-15T07:00:00.000Z');
  });

  it('has no 02:30 on the spring-forward night, and takes the first 02:30 in autumn', () => {
    expect(zonedInstant(parseLocalDate('2026-03-29')!, 2, 30, PARIS)).toBeNull();
    expect(zonedInstant(parseLocalDate('2026-10-25')!, 2, 30, PARIS)!.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('rejects dates that do not exist and writes dates the French way', () => {
    expect(parseLocalDate('2026-02-30')).toBeNull();
    expect(parseLocalDate('30/01/2026')).toBeNull();
    expect(frenchDateTime(at('2026-12-01', 9, 30), PARIS)).toBe('mardi 1er décembre 2026 à 9 h 30');
  });
});
