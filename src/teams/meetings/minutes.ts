import { z } from 'zod';
import { requirePerson } from '../../app/identify-actor';
import { recordSittingMinutes } from '../../app/meetings/record-sitting-minutes';
import { isDomainError } from '../../domain/errors';
import { Person } from '../../domain/governance';
import { AttendanceChoice, CHOICE_LABELS } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { assertMinutesOpen } from '../../domain/meetings/minutes';
import { frenchDateTime, localTimestamp } from '../../domain/meetings/zoned-time';
import { authorize } from '../../domain/permissions';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { asActivity, messageCard } from '../replies';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { sittingIdData, sittingOf } from './lookups';

const CHOICES = ['present', 'distance', 'pouvoir', 'suppleant', 'absent'] as const;

/** The form: one line per member (prefilled with their answer), one decision per agenda item. */
async function minutesForm(turn: Turn, s: Sitting, typed: Record<string, string> = {}, error = ''): Promise<CardJson> {
  const instance = await turn.deps.governance.getInstance(s.centraleId, s.instanceId);
  authorize(requirePerson(turn.actor), 'meeting.convene', { instance: instance ?? undefined });
  assertMinutesOpen(s, turn.deps.clock.now());
  const people = await turn.deps.governance.listPeople(s.centraleId);
  const answers = await turn.deps.meetings.answersOf(s.id);
  const recorded = (key: string) => s.minutes?.attendance.find((a) => a.personKey === key)?.choice;
  return renderCard('meeting.minutes.form', {
    sittingId: s.id,
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    members: s.memberKeys.map((key, n) => ({
      id: `att_${n}`,
      name: cardText(people.find((p) => p.key === key)?.displayName ?? key),
      value: typed[`att_${n}`] ?? recorded(key) ?? answers.find((a) => a.personKey === key)?.choice ?? 'absent',
    })),
    items: s.agenda.map((item, n) => ({
      id: `dec_${n}`,
      title: cardText(`${n + 1}. ${item.title}`),
      value: typed[`dec_${n}`] ?? s.minutes?.decisions[n]?.decision ?? '',
    })),
    error: error ? cardText(error) : '',
  });
}

/** The relevé as posted to the channel. */
export function minutesCard(s: Sitting, people: Person[]): CardJson {
  const m = s.minutes!;
  const nameOf = (k: string | null) => cardText(people.find((p) => p.key === k)?.displayName ?? 'un membre');
  const group = (choice: AttendanceChoice) =>
    m.attendance
      .filter((a) => a.choice === choice)
      .map((a) => (choice === 'pouvoir' ? `${nameOf(a.personKey)} (pouvoir à ${nameOf(a.proxyHolderKey)})` : nameOf(a.personKey)))
      .join(', ');
  return renderCard('meeting.minutes', {
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    quorum: m.required === 0 ? 'Pas de quorum requis' : `Quorum ${m.quorumReached ? 'atteint' : 'non atteint'} : ${m.counted}/${m.required}`,
    quorumColor: m.quorumReached ? 'Good' : 'Attention',
    attendance: CHOICES.map((c) => ({ title: CHOICE_LABELS[c], value: group(c) })).filter((f) => f.value),
    decisions: m.decisions.map((d, n) => ({ title: cardText(`${n + 1}. ${d.item}`), value: cardText(d.decision) })),
    recorded: `Établi le ${localTimestamp(new Date(m.recordedAt), s.timeZone).slice(0, 16)} par ${nameOf(m.recordedBy)}.`,
  });
}

const minutesData = sittingIdData.catchall(z.string().max(2_000, 'Une décision dépasse 2 000 caractères : raccourcissez-la.'));

async function record(turn: Turn, data: z.infer<typeof minutesData>): Promise<CardJson> {
  const s = await sittingOf(turn, data.sittingId);
  const typed = data as Record<string, string>;
  const attendance: Record<string, AttendanceChoice> = {};
  for (const [n, key] of s.memberKeys.entries()) {
    const value = typed[`att_${n}`] ?? 'absent';
    if (!(CHOICES as readonly string[]).includes(value)) return minutesForm(turn, s, typed, 'Présence inconnue : choisissez dans la liste.');
    attendance[key] = value as AttendanceChoice;
  }
  const people = await turn.deps.governance.listPeople(s.centraleId);
  try {
    const recorded = await recordSittingMinutes(turn.deps, turn.actor, {
      sittingId: s.id,
      minutes: { attendance, decisions: s.agenda.map((_, n) => typed[`dec_${n}`] ?? '') },
      serviceUrl: turn.serviceUrl,
      card: (x) => asActivity(minutesCard(x, people)),
    });
    const instance = await turn.deps.governance.getInstance(s.centraleId, s.instanceId);
    return messageCard({
      title: 'Relevé de décisions enregistré',
      text: instance?.channel
        ? `Il est publié dans le canal ${cardText(instance.channel.name)}. Vous pouvez le corriger depuis la prévision du quorum.`
        : `L’instance n’a pas de canal lié : il est envoyé à ses ${recorded.memberKeys.length} membres.`,
      tone: 'good',
    });
  } catch (e) {
    if (isDomainError(e) && !['unknown-sitting', 'forbidden'].includes(e.code)) return minutesForm(turn, s, typed, e.userMessage);
    throw e;
  }
}

export function registerMeetingMinutes(verbs: VerbRouter): void {
  verbs.add('meeting.minutes.open', sittingIdData, async (turn, d) => minutesForm(turn, await sittingOf(turn, d.sittingId)));
  verbs.add('meeting.minutes.record', minutesData, record);
}
