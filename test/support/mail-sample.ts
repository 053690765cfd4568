import { OutgoingMail } from '../../src/app/delivery/mail-ports';

/** A convocation as the app would compose it: accents in the names, an invitation attached. */
export function sampleMail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  const uid = 'seance-2026-12-15@centrale.example.org';
  return {
    messageId: '<convocation.seance-42.personne-7@centrale.example.org>',
    from: { name: 'Centrale d’achat — Métropole', address: 'centrale@example.org' },
    to: { name: 'Hélène Lefèvre-Çelik', address: 'helene.lefevre@commune.example.fr' },
    subject: 'Convocation : Comité d’orientation du 15 décembre 2026',
    text: 'Madame la Maire,\nVous êtes convoquée au Comité d’orientation le mardi 15 décembre 2026 à 14 h.',
    html: '<p>Madame la Maire,</p><p>Vous êtes convoquée au <strong>Comité d’orientation</strong> le mardi 15 décembre 2026 à 14 h.</p>',
    calendar: {
      method: 'REQUEST',
      filename: 'convocation.ics',
      content: [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Centrale d’achat//Convocations//FR',
        'METHOD:REQUEST',
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'DTSTAMP:20261201T090000Z',
        'DTSTART:20261215T130000Z',
        'DTEND:20261215T150000Z',
        'SUMMARY:Comité d’orientation',
        'LOCATION:Hôtel de la Métropole\\, salle du Conseil',
        'ORGANIZER;CN=Centrale d’achat:mailto:centrale@example.org',
        'ATTENDEE;CN=Hélène Lefèvre-Çelik;RSVP=TRUE:mailto:helene.lefevre@commune.example.fr',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    },
    ...overrides,
  };
}

export const SAMPLE_UID = 'seance-2026-12-15@centrale.example.org';
