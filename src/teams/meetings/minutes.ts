import { z } from 'zod';
import { MinutesFormData, minutesForm, recordMinutesFromForm } from '../../app/meetings/minutes-form';
import { Person, personByKey } from '../../domain/governance';
import { ATTENDANCE_CHOICES, AttendanceChoice, CHOICE_LABELS } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { back } from '../back';
import { messageCard } from '../replies';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { sittingIdData } from './forms';
import { substitutesLine } from './views';
import { limitedText } from '../form-fields';
import { toForecast } from './back-links';

/** The form: one line per member (prefilled with their answer), one decision per agenda item. */
function minutesFormCard(
  { sitting: s, people, answers }: MinutesFormData,
  typed: Record<string, string> = {},
  error = '',
): CardJson {
  const recorded = (key: string) => s.minutes?.attendance.find((a) => a.personKey === key)?.choice;
  const byKey = personByKey(people);
  return renderCard('meeting.minutes.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: back('meeting.forecast', { sittingId: s.id }),
    sittingId: s.id,
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    members: s.memberKeys.map((key, n) => ({
      id: `att_${n}`,
      name: cardText(byKey(key)?.displayName ?? key),
      value: typed[`att_${n}`] ?? recorded(key) ?? answers.find((a) => a.personKey === key)?.choice ?? 'absent',
    })),
    items: s.agenda.map((item, n) => ({
      id: `dec_${n}`,
      title: `${n + 1}. ${cardText(item.title)}`,
      value: typed[`dec_${n}`] ?? s.minutes?.decisions[n]?.decision ?? '',
    })),
    error: error ? cardText(error) : '',
  });
}

/** The relevé as posted to the channel. */
export function minutesCard(s: Sitting, people: Person[]): CardJson {
  const m = s.minutes!;
  const byKey = personByKey(people);
  const nameOf = (k: string | null) => cardText(byKey(k)?.displayName ?? 'un membre');
  const group = (choice: AttendanceChoice) =>
    m.attendance
      .filter((a) => a.choice === choice)
      .map((a) =>
        choice === 'pouvoir' ? `${nameOf(a.personKey)} (pouvoir à ${nameOf(a.proxyHolderKey)})` : nameOf(a.personKey),
      )
      .join(', ');
  const substituted = substitutesLine(m.attendance, (k) => byKey(k)?.displayName ?? 'un membre');
  return renderCard('meeting.minutes', {
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    quorum:
      m.required === 0
        ? 'Pas de quorum requis'
        : `Quorum ${m.quorumReached ? 'atteint' : 'non atteint'} : ${m.counted}/${m.required}`,
    quorumColor: m.quorumReached ? 'Good' : 'Attention',
    attendance: ATTENDANCE_CHOICES.map((c) => ({
      title: CHOICE_LABELS[c],
      value: c === 'suppleant' ? substituted : group(c),
    })).filter((f) => f.value),
    decisions: m.decisions.map((d, n) => ({ title: `${n + 1}. ${cardText(d.item)}`, value: cardText(d.decision) })),
    recorded: `Établi le ${frenchDateTime(new Date(m.recordedAt), s.timeZone)} par ${nameOf(m.recordedBy)}.`,
  });
}

const minutesData = sittingIdData.catchall(limitedText(2_000, 'Décision'));
type MinutesData = z.infer<typeof minutesData>;

/** The form's `att_<n>` / `dec_<n>` fields, by position (member n, agenda item n). */
function byPosition(typed: MinutesData, prefix: 'att' | 'dec'): Record<number, string> {
  const found: Record<number, string> = {};
  const field = new RegExp(`^${prefix}_(0|[1-9]\\d*)$`);
  for (const [name, value] of Object.entries(typed)) {
    const n = field.exec(name)?.[1];
    if (n !== undefined) found[Number(n)] = value;
  }
  return found;
}

async function record(turn: Turn, typed: MinutesData): Promise<CardJson> {
  const outcome = await recordMinutesFromForm(turn.deps, turn.actor, {
    sittingId: typed.sittingId,
    attendance: byPosition(typed, 'att'),
    decisions: byPosition(typed, 'dec'),
    serviceUrl: turn.serviceUrl,
  });
  if (!outcome.ok) return minutesFormCard(outcome.form, typed, outcome.error);
  const card = messageCard({
    title: 'Relevé de décisions enregistré',
    text: `${
      outcome.channelName !== null
        ? `Il est publié dans le canal ${cardText(outcome.channelName)}.`
        : `L’instance n’a pas de canal lié : il est envoyé à ses ${outcome.sitting.memberKeys.length} membres.`
    } Pour le corriger, ouvrez la prévision du quorum (ce bouton, ou « mes séances ») : « Relevé de décisions ».`,
    tone: 'good',
  });
  const open = { type: 'Action.Execute', title: 'Prévision du quorum', verb: 'meeting.forecast' };
  return { ...card, actions: [{ ...open, data: { sittingId: outcome.sitting.id } }] };
}

export function registerMeetingMinutes(verbs: VerbRouter): void {
  verbs.add(
    'meeting.minutes.open',
    sittingIdData,
    async (turn, d) => minutesFormCard(await minutesForm(turn.deps, turn.actor, d.sittingId)),
    toForecast,
  );
  verbs.add('meeting.minutes.record', minutesData, record, toForecast, {
    fields: (f) => /^dec_\d+$/.test(f),
    card: async (turn, typed, tooLong) =>
      minutesFormCard(
        await minutesForm(turn.deps, turn.actor, typed.sittingId ?? ''),
        typed,
        Object.entries(tooLong)
          .map(([f, message]) => `Point ${Number(f.slice(4)) + 1}, ${message}`)
          .join(' '),
      ),
  });
}
