import {
  closingInstant,
  delayEnd,
  isPastDeadline,
  localDay,
  localInstant,
  referenceYear,
  sameTimeDaysLater,
} from '../../src/domain/local-date';

/**
 * The centrale's local date, from an instant and its zone: 00:30 on 1 January in Paris
 * (UTC+1), Cayenne (UTC−3) and Réunion (UTC+4), and the two nights the clocks change in
 * Paris (spring forward 2027-03-28 at 02:00 → 03:00, fall back 2026-10-25 at 03:00 → 02:00).
 */
const PARIS = 'Europe/Paris';
const CAYENNE = 'America/Cayenne';
const REUNION = 'Indian/Reunion';
const at = (iso: string) => new Date(iso);

/** 00:30 on 1 January 2027, there. */
const newYear: Record<string, string> = {
  [PARIS]: '2026-12-31T23:30:00Z',
  [CAYENNE]: '2027-01-01T03:30:00Z',
  [REUNION]: '2026-12-31T20:30:00Z',
};
/** 23:30 on 31 December 2026, there. */
const newYearsEve: Record<string, string> = {
  [PARIS]: '2026-12-31T22:30:00Z',
  [CAYENNE]: '2027-01-01T02:30:00Z',
  [REUNION]: '2026-12-31T19:30:00Z',
};
const ZONES = [PARIS, CAYENNE, REUNION] as const;

describe('the year of a reference (LIT-2027-0001)', () => {
  it.each(ZONES)('is the new one from 00:30 on 1 January in %s, the old one at 23:30 the day before', (zone) => {
    expect(localDay(at(newYear[zone]), zone)).toBe('2027-01-01');
    expect(referenceYear(at(newYear[zone]), zone)).toBe(2027);
    expect(referenceYear(at(newYearsEve[zone]), zone)).toBe(2026);
  });
});

describe('a 15-day delay (the supplier’s answer to a mise en demeure)', () => {
  it.each([
    [PARIS, '2027-01-16'],
    [CAYENNE, '2027-01-16'],
    [REUNION, '2027-01-16'],
  ])('sent at 00:30 on 1 January in %s runs until %s', (zone, end) => {
    expect(delayEnd(at(newYear[zone]), 15, zone)).toBe(end);
    expect(delayEnd(at(newYearsEve[zone]), 15, zone)).toBe('2027-01-15');
  });

  it('counts from the local day on the spring-forward night in Paris', () => {
    expect(delayEnd(at('2027-03-27T23:30:00Z'), 15, PARIS)).toBe('2027-04-12'); // 00:30 CET on 28 March
    expect(delayEnd(at('2027-03-28T01:30:00Z'), 15, PARIS)).toBe('2027-04-12'); // 03:30 CEST
    expect(delayEnd(at('2027-03-28T22:30:00Z'), 15, PARIS)).toBe('2027-04-13'); // 00:30 CEST on 29 March
  });

  it('counts from the local day on the fall-back night in Paris', () => {
    expect(delayEnd(at('2026-10-24T22:30:00Z'), 15, PARIS)).toBe('2026-11-09'); // 00:30 CEST on 25 October
    expect(delayEnd(at('2026-10-25T00:30:00Z'), 15, PARIS)).toBe('2026-11-09'); // the first 02:30
    expect(delayEnd(at('2026-10-25T01:30:00Z'), 15, PARIS)).toBe('2026-11-09'); // the second 02:30
    expect(delayEnd(at('2026-10-25T23:30:00Z'), 15, PARIS)).toBe('2026-11-10'); // 00:30 CET on 26 October
  });
});

describe('a deadline day being past', () => {
  it.each(ZONES)('31 December is past at 00:30 on 1 January in %s, not at 23:30 on the day', (zone) => {
    expect(isPastDeadline('2026-12-31', at(newYear[zone]), zone)).toBe(true);
    expect(isPastDeadline('2026-12-31', at(newYearsEve[zone]), zone)).toBe(false);
  });

  it('is decided by the local day on both nights the clocks change in Paris', () => {
    expect(isPastDeadline('2027-03-27', at('2027-03-27T22:59:00Z'), PARIS)).toBe(false); // 23:59 CET
    expect(isPastDeadline('2027-03-27', at('2027-03-27T23:30:00Z'), PARIS)).toBe(true); // 00:30 CET
    expect(isPastDeadline('2027-03-28', at('2027-03-28T21:59:00Z'), PARIS)).toBe(false); // 23:59 CEST
    expect(isPastDeadline('2026-10-24', at('2026-10-24T21:59:00Z'), PARIS)).toBe(false); // 23:59 CEST
    expect(isPastDeadline('2026-10-24', at('2026-10-24T22:30:00Z'), PARIS)).toBe(true); // 00:30 CEST
    expect(isPastDeadline('2026-10-25', at('2026-10-25T22:59:00Z'), PARIS)).toBe(false); // 23:59 CET
  });
});

describe('a closing time', () => {
  it.each([
    [PARIS, '2026-12-31T23:00:00.000Z'],
    [CAYENNE, '2027-01-01T03:00:00.000Z'],
    [REUNION, '2026-12-31T20:00:00.000Z'],
  ])('a deadline of 31 December closes at local midnight in %s (%s)', (zone, iso) => {
    expect(closingInstant('2026-12-31', zone).toISOString()).toBe(iso);
  });

  it('is local midnight on either side of both changes in Paris', () => {
    expect(closingInstant('2027-03-27', PARIS).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(closingInstant('2027-03-28', PARIS).toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(closingInstant('2026-10-24', PARIS).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(closingInstant('2026-10-25', PARIS).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('takes a skipped time an hour later, and the first of a repeated one', () => {
    expect(localInstant('2027-03-28', 2, 30, PARIS).toISOString()).toBe('2027-03-28T01:30:00.000Z'); // 03:30 CEST
    expect(localInstant('2026-10-25', 2, 30, PARIS).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(localInstant('2026-12-31', 8, 0, CAYENNE).toISOString()).toBe('2026-12-31T11:00:00.000Z');
  });

  it('keeps the wall-clock time over days when the clocks change (a vote open seven days)', () => {
    // 18:00 CET → 18:00 CEST a week later: 7 × 24 h − 1 h.
    expect(sameTimeDaysLater(at('2027-03-21T17:00:00Z'), 7, PARIS).toISOString()).toBe('2027-03-28T16:00:00.000Z');
    // 18:00 CEST → 18:00 CET: 7 × 24 h + 1 h.
    expect(sameTimeDaysLater(at('2026-10-18T16:00:00Z'), 7, PARIS).toISOString()).toBe('2026-10-25T17:00:00.000Z');
    // Cayenne has no summer time: exactly 7 × 24 h.
    expect(sameTimeDaysLater(at('2027-03-21T21:00:00Z'), 7, CAYENNE).toISOString()).toBe('2027-03-28T21:00:00.000Z');
  });
});
