import { editItem, planningAlert, retroplanning } from '../../../src/domain/needs/programme';
import { isWorkingDay } from '../../../src/domain/working-days';
import { parseLocalDate } from '../../../src/domain/meetings/zoned-time';

const today = { year: 2026, month: 12, day: 1 };
const item = {
  id: 'i',
  fileName: 'Restauration scolaire',
  segment: 'Restauration collective',
  consolidatedCents: 1_200_000_00,
  memberIds: [],
  needIds: [],
  procedure: 'appel-offres-ouvert' as const,
  wishedStart: '2027-02-01',
  plannedLaunch: '2026-11-13',
  retroplanning: retroplanning('2027-02-01', 'appel-offres-ouvert'),
};

describe('working days in the rétroplanning', () => {
  it('moves publication, offers and award off weekends and holidays to the previous working day', () => {
    // 78 days before 1 February 2027 is Sunday 15 November 2026: published on Friday 13 instead.
    expect(retroplanning('2027-02-01', 'appel-offres-ouvert')).toEqual([
      { step: 'Préparation du DCE', date: '2026-09-29' },
      { step: 'Publication (lancement)', date: '2026-11-13' },
      { step: 'Remise des offres', date: '2026-12-15' },
      { step: 'Attribution', date: '2027-01-14' },
      { step: 'Notification', date: '2027-01-25' },
      { step: 'Début d’exécution', date: '2027-02-01' },
    ]);
    // Offers 40 days before 1 September 2027 fall on Saturday 24 July: due on Friday 23.
    const mapa = retroplanning('2027-09-03', 'mapa');
    for (const s of mapa.slice(0, -1)) expect(isWorkingDay(parseLocalDate(s.date)!)).toBe(true);
    // Each step keeps at least its duration: moving earlier only lengthens the next one.
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(mapa.slice(1).map((s, i) => days(mapa[i]!.date, s.date))).toEqual(
      expect.arrayContaining([expect.any(Number)]),
    );
    [30, 20, 20, 7].forEach((min, i) => expect(days(mapa[i]!.date, mapa[i + 1]!.date)).toBeGreaterThanOrEqual(min));
    // Ascension 2027 (Thursday 6 May) is no deadline either.
    expect(retroplanning('2027-05-13', 'mapa').find((s) => s.step === 'Attribution')!.date).toBe('2027-05-05');
    // In Alsace-Moselle, Good Friday is a holiday too.
    expect(retroplanning('2028-04-21', 'mapa').find((s) => s.step === 'Attribution')!.date).toBe('2028-04-14');
    expect(retroplanning('2028-04-21', 'mapa', 'alsace-moselle').find((s) => s.step === 'Attribution')!.date).toBe(
      '2028-04-13',
    );
  });

  it('flags a milestone already past, with the earliest feasible dates', () => {
    expect(planningAlert(item, today)).toBe(
      'Rétroplanning intenable : « Préparation du DCE » tombe le mardi 29 septembre 2026, date passée. Au plus tôt : préparation du DCE le mardi 1er décembre 2026, lancement le vendredi 15 janvier 2027, début d’exécution le mardi 6 avril 2027. Reportez le début d’exécution ou raccourcissez les délais de pratique.',
    );
    expect(
      planningAlert(
        { ...item, wishedStart: '2027-09-01', retroplanning: retroplanning('2027-09-01', 'appel-offres-ouvert') },
        today,
      ),
    ).toBeNull();
  });

  it('speaks French dates in its refusals, and refuses a launch on a day off', () => {
    const edit = (plannedLaunch: string, wishedStart = '2027-09-01') =>
      editItem(item, { fileName: 'F', procedure: 'appel-offres-ouvert', wishedStart, plannedLaunch }, today);
    expect(() => edit('2027-06-26')).toThrow(
      'Lancé le samedi 26 juin 2027, le dossier ne tient pas les délais de la procédure : lancez-le au plus tard le vendredi 11 juin 2027, ou reportez le début.',
    );
    expect(() => edit('2027-06-06')).toThrow(
      'Le dimanche 6 juin 2027 n’est pas un jour ouvré : lancez le dossier le vendredi 4 juin 2027',
    );
    expect(() => edit('2026-11-20')).toThrow('La date de lancement (vendredi 20 novembre 2026) est passée');
    expect(edit('2027-06-01').plannedLaunch).toBe('2027-06-01');
  });
});
