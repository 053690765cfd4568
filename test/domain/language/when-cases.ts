import { whenOf } from '../../../src/domain/language/when';
import { formatLocalDate } from '../../../src/domain/meetings/zoned-time';

/**
 * What whenOf reads, said at a given instant in a given centrale's zone. Shared by the table
 * test and by the same table run in node processes whose own zone is elsewhere.
 */
export interface WhenCase {
  zone: string;
  /** The instant it is said, in UTC; `local` says what the centrale's clock shows then. */
  at: string;
  local: string;
  text: string;
  /** null: no date in the sentence. */
  expected: Outcome | null;
}

export interface Outcome {
  date: string;
  time: string | null;
  past: boolean;
  yearSaid: boolean;
  skipped: boolean;
}

const PARIS = 'Europe/Paris';
const MARTINIQUE = 'America/Martinique';
const NOUMEA = 'Pacific/Noumea';

/** Compact expectations: 'YYYY-MM-DD', 'HH:MM' or null, then flags. */
const x = (
  date: string,
  time: string | null = null,
  flags: { past?: boolean; yearSaid?: boolean; skipped?: boolean } = {},
): Outcome => ({
  date,
  time,
  past: flags.past ?? false,
  yearSaid: flags.yearSaid ?? false,
  skipped: flags.skipped ?? false,
});
const counted = (date: string, time: string | null = null, flags: { past?: boolean; skipped?: boolean } = {}) =>
  x(date, time, { ...flags, yearSaid: true });

const at = (zone: string, utc: string, local: string, rows: Array<[string, Outcome | null]>): WhenCase[] =>
  rows.map(([text, expected]) => ({ zone, at: utc, local, text, expected }));

export const CASES: WhenCase[] = [
  // (a) 00:30 in Paris on Wednesday 2 December 2026: in UTC it is still the 1st.
  ...at(PARIS, '2026-12-01T23:30:00Z', 'mercredi 2 décembre 2026 00:30', [
    ['demain', counted('2026-12-03')],
    ['après-demain', counted('2026-12-04')],
    ['demain matin', counted('2026-12-03', '09:00')],
    ['demain après-midi', counted('2026-12-03', '14:00')],
    ['ce soir', counted('2026-12-02', '18:00')],
    ['ce matin', counted('2026-12-02', '09:00')],
    ['cet après-midi', counted('2026-12-02', '14:00')],
    ['mardi prochain à 14h', x('2026-12-08', '14:00')],
    ['lundi', x('2026-12-07')],
    ['mercredi', x('2026-12-09')],
    ['jeudi 10 h', x('2026-12-03', '10:00')],
    ['mardi 8', x('2026-12-08')],
    ['le 9 décembre à 14 h 30', x('2026-12-09', '14:30')],
    ['le 9/12', x('2026-12-09')],
    ['le 1er janvier', x('2027-01-01')],
    ['dans 15 jours', counted('2026-12-17')],
    ['dans 3 semaines', counted('2026-12-23')],
    ['la semaine prochaine', counted('2026-12-09')],
    ['à midi', counted('2026-12-02', '12:00')],
    ['14 h', counted('2026-12-02', '14:00')],
    ['14 heures', counted('2026-12-02', '14:00')],
    ['à 0 h 15', counted('2026-12-03', '00:15')],
    ['vendredi 18 h 30', x('2026-12-04', '18:30')],
    ['hier', counted('2026-12-01', null, { past: true })],
    ['le 1er décembre 2026', counted('2026-12-01', null, { past: true })],
    ['le 1er décembre', x('2026-12-01', null, { past: true })],
    ['le 15 juin', x('2027-06-15')],
    ['dans 3 heures', counted('2026-12-02', '03:30')],
    // Numbers that are not dates.
    ['12 500 €', null],
    ['marché 2025-001', null],
    ['15 membres', null],
    ['à 10 membres', null],
    ['3 dossiers sur 12', null],
    ['livraisons en retard de trois semaines', null],
    ['pendant 3 jours', null],
    ['le 12 500', null],
    // A day of the month alone: the next one; « le 12 à 14 h » is not the hours 12 to 14.
    ['le 12 à 14 h', counted('2026-12-12', '14:00')],
    ['le 15 est bien', counted('2026-12-15')],
    ['le 1er', counted('2027-01-01')],
    ['mardi 1er à 10 h', x('2027-06-01', '10:00')],
    ['de 9 à 12 participants', null],
    ['la majorité des 2/3', null],
    ['le jeu de données', null],
    ['la mer', null],
  ]),
  // Later the same day: this morning is past.
  ...at(PARIS, '2026-12-02T09:00:00Z', 'mercredi 2 décembre 2026 10:00', [
    ['ce matin', counted('2026-12-02', '09:00', { past: true })],
    ['ce soir', counted('2026-12-02', '18:00')],
    ['à 9 h', counted('2026-12-03', '09:00')],
  ]),
  // Martinique (UTC−4): at 00:30 UTC is already 04:30; at 23:30 on the 1st it is the 2nd in UTC.
  ...at(MARTINIQUE, '2026-12-02T04:30:00Z', 'mercredi 2 décembre 2026 00:30', [
    ['demain', counted('2026-12-03')],
    ['ce matin', counted('2026-12-02', '09:00')],
    ['hier', counted('2026-12-01', null, { past: true })],
    ['lundi', x('2026-12-07')],
  ]),
  ...at(MARTINIQUE, '2026-12-02T03:30:00Z', 'mardi 1er décembre 2026 23:30', [
    ['demain', counted('2026-12-02')],
    ['ce soir', counted('2026-12-01', '18:00', { past: true })],
    ['le 1er décembre', x('2026-12-01')],
    ['mardi prochain à 14h', x('2026-12-08', '14:00')],
  ]),
  // Nouméa (UTC+11): at 00:30 on the 2nd UTC is 13:30 on the 1st.
  ...at(NOUMEA, '2026-12-01T13:30:00Z', 'mercredi 2 décembre 2026 00:30', [
    ['demain', counted('2026-12-03')],
    ['ce matin', counted('2026-12-02', '09:00')],
    ['le 2 décembre à 9 h', x('2026-12-02', '09:00')],
  ]),
  // (b) The spring change in Paris: Sunday 29 March 2026, 02:00 → 03:00.
  ...at(PARIS, '2026-03-28T09:00:00Z', 'samedi 28 mars 2026 10:00', [
    ['demain à 2 h 30', counted('2026-03-29', '02:30', { skipped: true })],
    ['demain à 2 h', counted('2026-03-29', '02:00', { skipped: true })],
    ['demain à 3 h', counted('2026-03-29', '03:00')],
    ['demain à 1 h 59', counted('2026-03-29', '01:59')],
    ['demain', counted('2026-03-29')],
    ['lundi', x('2026-03-30')],
  ]),
  ...at(PARIS, '2026-03-29T00:30:00Z', 'dimanche 29 mars 2026 01:30 (heure d’hiver)', [
    ['à 2 h 30', counted('2026-03-29', '02:30', { skipped: true })],
    ['ce matin', counted('2026-03-29', '09:00')],
    ['demain', counted('2026-03-30')],
    ['hier', counted('2026-03-28', null, { past: true })],
    // Three real hours: 04:30 would be wrong.
    ['dans 3 heures', counted('2026-03-29', '05:30')],
  ]),
  ...at(PARIS, '2026-03-29T01:30:00Z', 'dimanche 29 mars 2026 03:30 (heure d’été)', [
    ['à 2 h 30', counted('2026-03-30', '02:30')],
    ['ce soir', counted('2026-03-29', '18:00')],
    ['demain', counted('2026-03-30')],
  ]),
  ...at(PARIS, '2026-03-30T07:00:00Z', 'lundi 30 mars 2026 09:00', [
    ['hier à 2 h 30', counted('2026-03-29', '02:30', { past: true, skipped: true })],
    ['demain à 2 h 30', counted('2026-03-31', '02:30')],
  ]),
  // The autumn change: Sunday 25 October 2026, 03:00 → 02:00, 02:30 happens twice.
  ...at(PARIS, '2026-10-24T08:00:00Z', 'samedi 24 octobre 2026 10:00', [
    ['demain à 2 h 30', counted('2026-10-25', '02:30')],
    ['demain', counted('2026-10-25')],
  ]),
  ...at(PARIS, '2026-10-24T23:30:00Z', 'dimanche 25 octobre 2026 01:30 (heure d’été)', [
    ['à 2 h 30', counted('2026-10-25', '02:30')],
    ['demain', counted('2026-10-26')],
    ['hier', counted('2026-10-24', null, { past: true })],
    // Three real hours: the clock shows 03:30, not 04:30.
    ['dans 3 heures', counted('2026-10-25', '03:30')],
  ]),
  // The second 02:15: the first 02:30 (the one a form would take) has passed.
  ...at(PARIS, '2026-10-25T01:15:00Z', 'dimanche 25 octobre 2026 02:15 (heure d’hiver)', [
    ['à 2 h 30', counted('2026-10-26', '02:30')],
    ['ce matin', counted('2026-10-25', '09:00')],
    ['demain', counted('2026-10-26')],
  ]),
  ...at(PARIS, '2026-10-26T08:00:00Z', 'lundi 26 octobre 2026 09:00', [
    ['hier', counted('2026-10-25', null, { past: true })],
  ]),
  // (c) The year's end.
  ...at(PARIS, '2026-12-31T22:30:00Z', 'jeudi 31 décembre 2026 23:30', [
    ['demain', counted('2027-01-01')],
    ['lundi', x('2027-01-04')],
    ['le 2 janvier', x('2027-01-02')],
    ['le 30 décembre', x('2026-12-30', null, { past: true })],
    ['le 31 décembre à 23 h 45', x('2026-12-31', '23:45')],
    ['ce soir', counted('2026-12-31', '18:00', { past: true })],
    ['dans 3 semaines', counted('2027-01-21')],
  ]),
  // 00:30 on 1 January in Paris: in UTC it is still 2026.
  ...at(PARIS, '2026-12-31T23:30:00Z', 'vendredi 1er janvier 2027 00:30', [
    ['demain', counted('2027-01-02')],
    ['lundi', x('2027-01-04')],
    ['le 2 janvier', x('2027-01-02')],
    ['le 30 décembre', x('2026-12-30', null, { past: true })],
    ['le 30 décembre 2027', counted('2027-12-30')],
    ['hier', counted('2026-12-31', null, { past: true })],
    ['ce matin', counted('2027-01-01', '09:00')],
    ['à 14 h', counted('2027-01-01', '14:00')],
    ['le 1er janvier', x('2027-01-01')],
  ]),
  ...at(NOUMEA, '2026-12-31T13:30:00Z', 'vendredi 1er janvier 2027 00:30', [
    ['demain', counted('2027-01-02')],
    ['le 31 décembre', x('2026-12-31', null, { past: true })],
    ['lundi', x('2027-01-04')],
  ]),
];

const pad = (n: number) => String(n).padStart(2, '0');

/** What whenOf reads for a case, in the shape of its expectation. */
export function outcomeOf(c: WhenCase): Outcome | null {
  const w = whenOf(c.text, new Date(c.at), c.zone);
  if (!w) return null;
  return {
    date: formatLocalDate(w.date),
    time: w.time ? `${pad(w.time.hour)}:${pad(w.time.minute)}` : null,
    past: w.past,
    yearSaid: w.yearSaid,
    skipped: w.skipped,
  };
}
