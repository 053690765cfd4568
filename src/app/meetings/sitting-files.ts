import { toCsv } from '../../domain/csv';
import { ANSWER_CHANNEL_LABELS, CHOICE_LABELS } from '../../domain/meetings/attendance';
import { sittingIcs } from '../../domain/meetings/calendar';
import { MODE_LABELS, Sitting } from '../../domain/meetings/sitting';
import { localTimestamp } from '../../domain/meetings/zoned-time';
import { AppDeps } from '../ports';
import { convocationNoticeId } from './convene-sitting';

export interface ServedFile {
  filename: string;
  contentType: string;
  body: string;
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60) || 'seance';

/** The calendar file of a sitting: same UID at every version, SEQUENCE = version, CANCEL when cancelled. */
export function sittingCalendarFile(s: Sitting, now: Date): ServedFile {
  const agenda = s.agenda
    .map((item, n) => `${n + 1}. ${item.title}${item.rapporteur ? ` (${item.rapporteur})` : ''}`)
    .join('\n');
  const body = sittingIcs({
    uid: `${s.id}@centrale-gouvernance`,
    startsAt: new Date(s.startsAt),
    durationMinutes: 120,
    title: `${s.instanceName} — séance`,
    location: [s.place, s.onlineLink].filter(Boolean).join(' · '),
    description: [`Modalité : ${MODE_LABELS[s.mode]}`, 'Ordre du jour :', agenda, s.note].filter(Boolean).join('\n'),
    url: s.onlineLink || null,
    cancelled: s.status === 'annulee',
    sequence: s.version - 1,
    stamp: now,
  });
  return {
    filename: `${slug(s.instanceName)}-${s.startsAt.slice(0, 10)}.ics`,
    contentType: 'text/calendar; charset=utf-8',
    body,
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
 * Proof of notice: for each member and each notice, when it was handed to Teams (the Bot
 * Connector's acceptance), the first time the member opened or answered it, and their answer.
 * Times are in the sitting's time zone, with the offset, so each names one instant.
 */
export async function proofOfNoticeFile(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'reminderOffsetsMs'>,
  s: Sitting,
): Promise<ServedFile> {
  const people = await deps.governance.listPeople(s.centraleId);
  const acks = new Map((await deps.meetings.acknowledgements(s.id)).map((a) => [a.personKey, a.firstSeenAt]));
  const answers = new Map((await deps.meetings.answersOf(s.id)).map((a) => [a.personKey, a]));
  const nameOf = (k: string) => people.find((p) => p.key === k)?.displayName ?? k;
  const at = (iso: string | null | undefined) => (iso ? localTimestamp(new Date(iso), s.timeZone) : '');
  const rows: Array<Array<string>> = [];
  for (const notice of noticeIdsOf(s, deps.reminderOffsetsMs ?? [])) {
    const records = await deps.outbox.records(notice.id);
    const pending = await deps.outbox.pending(notice.id);
    for (const key of s.memberKeys) {
      const record = records.find((r) => r.recipient.kind === 'person' && r.recipient.personKey === key);
      const waiting = pending.some((e) => e.recipient.kind === 'person' && e.recipient.personKey === key);
      if (!record && !waiting) continue;
      const answer = answers.get(key);
      rows.push([
        nameOf(key),
        notice.label,
        record ? (STATE_LABELS[record.state] ?? record.state) : 'en cours d’envoi',
        record?.state === 'sent' ? at(record.finishedAt) : '',
        record?.reason ?? '',
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
    ['Membre', 'Envoi', 'État', 'Remis à Teams le', 'Motif', 'Première consultation le', 'Réponse', 'Répondu le'],
    rows,
  );
  return {
    filename: `preuve-convocation-${slug(s.instanceName)}-${s.startsAt.slice(0, 10)}.csv`,
    contentType: 'text/csv; charset=utf-8',
    body,
  };
}
