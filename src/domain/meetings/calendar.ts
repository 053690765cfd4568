import { MODE_LABELS, Sitting } from './sitting';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

/**
 * An iCalendar (RFC 5545) event for a sitting, written by ical-generator (escaping, folding at
 * 75 octets). Times are in UTC, so that every calendar places the sitting at its instant — and so
 * on its local day — whatever its own time zone: the centrale's in Lyon or overseas alike.
 */
export interface CalendarEvent {
  uid: string;
  startsAt: Date;
  durationMinutes: number;
  title: string;
  location: string;
  description: string;
  url: string | null;
  cancelled: boolean;
  sequence: number;
  stamp: Date;
}

/**
 * What the file does (RFC 5546): PUBLISH, a file to add to one's calendar (the Teams card's);
 * REQUEST, an invitation sent to one attendee (the e-mail's), naming its organizer and attendee;
 * CANCEL, the same event cancelled. A cancelled event is always a CANCEL.
 */
export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';
export interface CalendarParty {
  name: string;
  email: string;
}
export interface CalendarOptions {
  method?: CalendarMethod;
  organizer?: CalendarParty;
  attendee?: CalendarParty;
}

/** The UID of a sitting's event, the same at every version and in every file (card and e-mail). */
export const sittingUid = (sitting: { id: string }): string => `${sitting.id}@centrale-gouvernance`;

/** A sitting as a calendar event: same UID at every version, SEQUENCE = version, cancelled when it is. */
export function sittingCalendarEvent(s: Sitting, now: Date): CalendarEvent {
  const agenda = s.agenda
    .map((item, n) => `${n + 1}. ${item.title}${item.rapporteur ? ` (${item.rapporteur})` : ''}`)
    .join('\n');
  return {
    uid: sittingUid(s),
    startsAt: new Date(s.startsAt),
    durationMinutes: 120,
    title: `${s.instanceName} — séance`,
    location: [s.place, s.onlineLink].filter(Boolean).join(' · '),
    description: [`Modalité : ${MODE_LABELS[s.mode]}`, 'Ordre du jour :', agenda, s.note].filter(Boolean).join('\n'),
    url: s.onlineLink || null,
    cancelled: s.status === 'annulee',
    sequence: s.version - 1,
    stamp: now,
  };
}

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  PUBLISH: ICalCalendarMethod.PUBLISH,
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
};

export function sittingIcs(e: CalendarEvent, options: CalendarOptions = {}): string {
  const method: CalendarMethod = e.cancelled ? 'CANCEL' : (options.method ?? 'PUBLISH');
  if (method === 'REQUEST' && (!options.organizer || !options.attendee)) {
    throw new Error('An iTIP REQUEST names its organizer and its attendee (RFC 5546, 3.2.2).');
  }
  const calendar = ical({
    prodId: { company: 'Centrale d’achat territoriale', product: 'Gouvernance', language: 'FR' },
    method: METHODS[method],
  });
  const event = calendar.createEvent({
    id: e.uid,
    sequence: e.sequence,
    stamp: e.stamp,
    start: e.startsAt,
    end: new Date(e.startsAt.getTime() + e.durationMinutes * 60_000),
    summary: e.title,
    description: e.description,
    location: e.location || null,
    url: e.url,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  if (options.organizer) event.organizer({ name: options.organizer.name, email: options.organizer.email });
  if (options.attendee) {
    event.createAttendee({
      name: options.attendee.name,
      email: options.attendee.email,
      role: ICalAttendeeRole.REQ,
      // Answers are given on the sitting's page (the e-mail's link), not by calendar replies.
      rsvp: false,
      status: method === 'CANCEL' ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.NEEDSACTION,
    });
  }
  // RFC 5545 ends every line, the last one too, with CRLF.
  const ics = calendar.toString();
  return ics.endsWith('\r\n') ? ics : `${ics}\r\n`;
}
