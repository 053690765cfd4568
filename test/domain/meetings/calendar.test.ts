import { toCsv } from '../../../src/domain/csv';
import { sittingIcs } from '../../../src/domain/meetings/calendar';

const event = {
  uid: 'seance-42@centrale-achat',
  startsAt: new Date('2026-12-10T08:30:00Z'),
  durationMinutes: 120,
  title: 'COPIL RReT, séance du 10 décembre',
  location: 'Hôtel de la Métropole; salle du conseil',
  description:
    'Ordre du jour :\n1. Programmation 2027, rapporteur Claire Martin\n2. Bilan des marchés en cours et passés, avec les indicateurs de satisfaction des adhérents',
  url: 'https://teams.microsoft.com/l/meetup-join/abc',
  cancelled: false,
  sequence: 0,
  stamp: new Date('2026-12-01T09:00:00Z'),
};

describe('calendar file', () => {
  it('places the sitting at its instant in UTC, with escaped text and folded lines', () => {
    const ics = sittingIcs(event);
    expect(ics).toContain('DTSTART:20261210T083000Z\r\n');
    expect(ics).toContain('DTEND:20261210T103000Z\r\n');
    expect(ics).toContain('LOCATION:Hôtel de la Métropole\\; salle du conseil');
    expect(ics).toContain('\\n1. Programmation 2027');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics.split('\r\n').filter((l) => l.startsWith(' ')).length).toBeGreaterThan(0);
  });

  it('cancels the same event with a higher sequence', () => {
    const ics = sittingIcs({ ...event, cancelled: true, sequence: 2 });
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('SEQUENCE:2');
    expect(ics).toContain('UID:seance-42@centrale-achat');
  });
});

describe('CSV for French spreadsheets', () => {
  it('uses ; with a BOM and CRLF, quotes what needs it and defuses formulas', () => {
    const csv = toCsv(
      ['Membre', 'Envoyée le', 'Note'],
      [
        ['Dupont; Jean', '2026-12-01 10:00', '=HYPERLINK("x")'],
        ['Amina "la référente"', null, '-3'],
      ],
    );
    expect(csv.startsWith('\uFEFFMembre;Envoyée le;Note\r\n')).toBe(true);
    expect(csv).toContain('"Dupont; Jean";2026-12-01 10:00;"\'=HYPERLINK(""x"")"\r\n');
    expect(csv).toContain('"Amina ""la référente""";;\'-3\r\n');
  });
});
