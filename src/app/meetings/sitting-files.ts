import { toCsv } from '../../domain/csv';
import { ANSWER_CHANNEL_LABELS, CHOICE_LABELS } from '../../domain/meetings/attendance';
import { CalendarOptions, sittingCalendarEvent, sittingIcs } from '../../domain/meetings/calendar';
import { Sitting } from '../../domain/meetings/sitting';
import { localTimestamp } from '../../domain/meetings/zoned-time';
import { Recipient } from '../../domain/delivery/delivery';
import { personByKey } from '../../domain/governance';
import { AppDeps } from '../ports';
import { convocationNoticeId } from './convene-sitting';

export interface ServedFile {
  filename: string;
  contentType: string;
  /** Text (CSV, calendar, JSON) or bytes (PDF, DOCX, XLSX). */
  body: string | Buffer;
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60) || 'seance';

/**
 * The calendar file of a sitting: PUBLISH for the Teams card's link (CANCEL when cancelled); an
 * e-mail asks for REQUEST with its organizer and attendee — the same UID, so calendars update
 * one event.
 */
export function sittingCalendarFile(s: Sitting, now: Date, options: CalendarOptions = {}): ServedFile {
  return {
    filename: `${slug(s.instanceName)}-${s.startsAt.slice(0, 10)}.ics`,
    contentType: 'text/calendar; charset=utf-8',
    body: sittingIcs(sittingCalendarEvent(s, now), options),
  };
}

/** Every notice a sitting's members were sent: convocations (per version), reminders, cancellation. */
function noticeIdsOf(s: Sitting, offsets: number[]): Array<{ id: string; label: string }> {
  const ids: Array<{ id: string; label: string }> = [];
  for (let v = 1; v <= s.version; v++) {
    ids.push({
      id: convocationNoticeId({ id: s.id, version: v }),
      label: v === 1 ? 'Convocation' : `Convocation modifiée (version ${v})`,
    });
    ids.push({ id: `annulation-${s.id}-v${v}`, label: 'Annulation' });
    for (const o of offsets)
      ids.push({
        id: `rappel-${s.id}-v${v}-${o}`,
        label: `Rappel (${o >= 86_400_000 ? `J-${o / 86_400_000}` : `H-${o / 3_600_000}`})`,
      });
  }
  return ids;
}

const STATE_LABELS: Record<string, string> = { sent: 'remise', failed: 'échec', unreachable: 'injoignable' };

/**
 * Proof of notice: for each member and each notice, the channel, when it was handed over (the
 * Bot Connector's acceptance, or the mail relay's with the e-mail's Message-ID), the first time the member opened or answered it, and their answer.
 * Times are in the sitting's time zone, with the offset, so each names one instant.
 */
export async function proofOfNoticeFile(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'reminderOffsetsMs'>,
  s: Sitting,
): Promise<ServedFile> {
  const people = await deps.governance.listPeople(s.centraleId);
  const acks = new Map((await deps.meetings.acknowledgements(s.id)).map((a) => [a.personKey, a.firstSeenAt]));
  const answers = new Map((await deps.meetings.answersOf(s.id)).map((a) => [a.personKey, a]));
  const byKey = personByKey(people);
  const nameOf = (k: string) => byKey(k)?.displayName ?? k;
  const at = (iso: string | null | undefined) => (iso ? localTimestamp(new Date(iso), s.timeZone) : '');
  const rows: Array<Array<string>> = [];
  for (const notice of noticeIdsOf(s, deps.reminderOffsetsMs ?? [])) {
    const [records, pending, mails] = await Promise.all([
      deps.outbox.records(notice.id),
      deps.outbox.pending(notice.id),
      deps.outbox.pendingMail(notice.id),
    ]);
    const ofPerson = <T extends { recipient: Recipient }>(items: T[]) =>
      new Map(items.flatMap((i) => (i.recipient.kind === 'person' ? [[i.recipient.personKey, i] as const] : [])));
    const teams = ofPerson(records.filter((r) => r.channel !== 'email'));
    const email = ofPerson(records.filter((r) => r.channel === 'email'));
    const waitingTeams = ofPerson(pending);
    const waitingEmail = ofPerson(mails);
    for (const key of s.memberKeys) {
      const byTeams = teams.get(key);
      const byEmail = email.get(key);
      if (!byTeams && !byEmail && !waitingTeams.has(key) && !waitingEmail.has(key)) continue;
      const answer = answers.get(key);
      // The e-mail's record decides when there is one; a Teams record that fell back waits for it.
      const emailed = !!byEmail || !!byTeams?.fellBackToEmail || waitingEmail.has(key);
      const channel = !emailed ? 'Teams' : byTeams ? 'e-mail (injoignable dans Teams)' : 'e-mail';
      const record = byEmail ?? (emailed ? undefined : byTeams);
      const state = record?.state ?? null;
      rows.push([
        nameOf(key),
        notice.label,
        channel,
        state ? (STATE_LABELS[state] ?? state) : 'en cours d’envoi',
        state === 'sent' ? at(record?.finishedAt) : '',
        byEmail?.address ?? waitingEmail.get(key)?.address ?? '',
        byEmail?.messageId ?? '',
        [byTeams?.reason, byEmail?.reason].filter(Boolean).join(' '),
        at(acks.get(key)),
        answer
          ? CHOICE_LABELS[answer.choice] +
            (answer.proxyHolderKey ? ` à ${nameOf(answer.proxyHolderKey)}` : '') +
            (answer.substituteName ? ` : ${answer.substituteName}` : '') +
            (answer.via ? ` (${ANSWER_CHANNEL_LABELS[answer.via]})` : '')
          : '',
        at(answer?.answeredAt),
      ]);
    }
  }
  const body = toCsv(
    [
      'Membre',
      'Envoi',
      'Canal',
      'État',
      'Remis le',
      'Adresse e-mail',
      'Message-ID',
      'Motif',
      'Première consultation le',
      'Réponse',
      'Répondu le',
    ],
    rows,
  );
  return {
    filename: `preuve-convocation-${slug(s.instanceName)}-${s.startsAt.slice(0, 10)}.csv`,
    contentType: 'text/csv; charset=utf-8',
    body,
  };
}
