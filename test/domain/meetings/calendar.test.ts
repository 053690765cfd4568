import { toCsv } from '../../../src/domain/csv';
import ICAL from 'ical.js';
import { sittingIcs, sittingUid } from '../../../src/domain/meetings/calendar';
import { localDay, localInstant } from '../../../src/domain/local-date';

/** The file as a calendar reads it (ical.js, Mozilla's parser): its METHOD and its one event. */
function parsed(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

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

describe('calendar file read by a real iCalendar parser', () => {
  const claire = { name: 'Claire Martin', email: 'claire.martin@grandlyon.example' };
  const jean = { name: 'Jean Dupont', email: 'jean.dupont@bron.example' };

  it('keeps the UID, the SEQUENCE, the instant and the French text of the card’s file (PUBLISH by default)', () => {
    const uid = sittingUid({ id: 'seance-42' });
    const ics = sittingIcs({
      ...event,
      uid,
      sequence: 3,
      title: 'Conférence métropolitaine des Maires — séance élargie',
    });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const { calendar, vevent, event: e } = parsed(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(e.uid).toBe('seance-42@centrale-gouvernance');
    expect(e.sequence).toBe(3);
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-12-10T08:30:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-12-10T10:30:00.000Z');
    expect(e.summary).toBe('Conférence métropolitaine des Maires — séance élargie');
    expect(e.location).toBe('Hôtel de la Métropole; salle du conseil');
    expect(e.description).toBe(event.description);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstPropertyValue('organizer')).toBeNull();
  });

  it('invites one attendee with REQUEST, naming the organizer and the attendee (RFC 5546)', () => {
    const { calendar, vevent } = parsed(sittingIcs(event, { method: 'REQUEST', organizer: claire, attendee: jean }));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const organizer = vevent.getFirstProperty('organizer')!;
    expect(String(organizer.getFirstValue()).toLowerCase()).toBe('mailto:claire.martin@grandlyon.example');
    expect(organizer.getParameter('cn')).toBe('Claire Martin');
    const attendees = vevent.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(String(attendees[0]!.getFirstValue()).toLowerCase()).toBe('mailto:jean.dupont@bron.example');
    expect(attendees[0]!.getParameter('cn')).toBe('Jean Dupont');
    expect(attendees[0]!.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(() => sittingIcs(event, { method: 'REQUEST', organizer: claire })).toThrow(/RFC 5546/);
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, same UID, whatever method was asked', () => {
    for (const ics of [
      sittingIcs({ ...event, cancelled: true, sequence: 2 }, { method: 'REQUEST', organizer: claire, attendee: jean }),
      sittingIcs({ ...event, sequence: 2 }, { method: 'CANCEL', organizer: claire, attendee: jean }),
    ]) {
      const { calendar, vevent, event: e } = parsed(ics);
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(e.uid).toBe(event.uid);
      expect(e.sequence).toBe(2);
    }
  });

  it('puts a sitting on its local day in Lyon and overseas, early in the morning and late in the evening', () => {
    const zones = ['Europe/Paris', 'America/Guadeloupe', 'Indian/Reunion', 'Pacific/Noumea'];
    // The night summer time begins in Paris, and an ordinary day.
    for (const day of ['2026-03-29', '2026-12-10']) {
      for (const zone of zones) {
        // 23:30 in Guadeloupe is the next day in UTC; 00:30 in Nouméa the day before.
        for (const [hour, minute] of [
          [0, 30],
          [23, 30],
        ] as const) {
          const startsAt = localInstant(day, hour, minute, zone);
          const { event: e } = parsed(sittingIcs({ ...event, startsAt }));
          const instant = e.startDate.toJSDate();
          expect(instant.toISOString()).toBe(startsAt.toISOString());
          expect(localDay(instant, zone)).toBe(day);
        }
      }
    }
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
