import { z } from 'zod';
import { answerSitting } from '../../app/meetings/answer-sitting';
import { cancelSitting } from '../../app/meetings/cancel-sitting';
import { conveneSitting, convocationNoticeId } from '../../app/meetings/convene-sitting';
import { remindSilentMembers } from '../../app/meetings/remind-silent-members';
import { requirePerson } from '../../app/identify-actor';
import { enqueueCardUpdate } from '../../app/delivery/enqueue';
import { DomainError, isDomainError } from '../../domain/errors';
import { forecastQuorum } from '../../domain/meetings/attendance';
import { AgendaItem, DraftErrors, Sitting, SittingDraft } from '../../domain/meetings/sitting';
import { authorize, can } from '../../domain/permissions';
import { describeRules } from '../../domain/rules';
import { LocalDate, addDays, formatLocalDate, localDateOf } from '../../domain/meetings/zoned-time';
import { recipientId } from '../../domain/delivery/delivery';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { messageCard, sendCard } from '../replies';
import { BotDeps, Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { instanceForCommand } from './instance-target';
import { asActivity, channelConvocation, forecastCard, personalConvocation } from './meeting-views';

const text = (max: number) => z.string().max(max, `Ce champ dépasse ${max} caractères.`).optional().default('');
const toggle = z.enum(['true', 'false']).optional().default('false').transform((v) => v === 'true');
const formData = z.object({
  instanceId: z.string({ error: 'Choisissez une instance.' }).min(1, 'Choisissez une instance.').max(200),
  date: text(20),
  time: text(10),
  mode: z.enum(['presentiel', 'distanciel', 'mixte']).optional().default('presentiel'),
  place: text(300),
  onlineLink: text(1000),
  agenda: text(4000),
  note: text(2000),
  remoteAllowed: toggle,
  proxiesAllowed: toggle,
  urgency: toggle,
  urgencyReason: text(500),
});
type FormData = z.infer<typeof formData>;

/** "Titre ; rapporteur ; https://lien https://autre", one item per line. */
export function parseAgenda(raw: string): AgendaItem[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [title = '', rapporteur = '', ...rest] = line.split(';').map((p) => p.trim());
      return { title, rapporteur, links: rest.join(' ').split(/\s+/).filter(Boolean) };
    });
}

/** Saturdays and Sundays count as jours francs, but a default sitting date falls on a weekday. */
function firstWorkingDayFrom(d: LocalDate): LocalDate {
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return weekday === 6 ? addDays(d, 2) : weekday === 0 ? addDays(d, 1) : d;
}

async function meetingForm(turn: Turn, values: Partial<FormData>, errors: DraftErrors = {}): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const instances = (await turn.deps.governance.listInstances(person.centraleId)).filter((instance) => can(person, 'meeting.convene', { instance }));
  if (instances.length === 0) {
    throw new DomainError('not-organiser', 'Vous n’organisez aucune instance : seuls ses organisateurs la convoquent.');
  }
  const instance = instances.find((i) => i.id === values.instanceId) ?? instances[0]!;
  const timeZone = turn.actor.centrale?.timeZone ?? 'Europe/Paris';
  const all = ['date', 'time', 'place', 'onlineLink', 'agenda', 'urgency', 'remoteAllowed', 'proxiesAllowed'] as const;
  return renderCard('meeting.form', {
    rulesText: cardText(`${instance.name} : ${describeRules(instance.rules)}.`),
    instanceId: instance.id,
    choices: instances.map((i) => ({ title: i.name, value: i.id })),
    // By default the first day the instance's notice allows: a date that works as it is.
    date: values.date || formatLocalDate(firstWorkingDayFrom(addDays(localDateOf(turn.deps.clock.now(), timeZone), instance.rules.noticeDays + 1))),
    time: values.time || '09:30',
    mode: values.mode ?? 'presentiel',
    place: values.place ?? '',
    onlineLink: values.onlineLink ?? '',
    agenda: values.agenda ?? '',
    note: values.note ?? '',
    remoteAllowed: String(values.remoteAllowed ?? instance.rules.remoteAllowed),
    proxiesAllowed: String(values.proxiesAllowed ?? instance.rules.proxies.allowed),
    urgency: String(values.urgency ?? false),
    urgencyReason: values.urgencyReason ?? '',
    errors: Object.fromEntries(all.map((k) => [k, errors[k] ? cardText(errors[k]!) : ''])),
  });
}

async function create(turn: Turn, data: FormData): Promise<CardJson> {
  const draft: SittingDraft = {
    date: data.date,
    time: data.time,
    timeZone: turn.actor.centrale?.timeZone ?? 'Europe/Paris',
    mode: data.mode,
    place: data.place,
    onlineLink: data.onlineLink,
    agenda: parseAgenda(data.agenda),
    note: data.note,
    remoteAllowed: data.remoteAllowed,
    proxiesAllowed: data.proxiesAllowed,
    urgency: data.urgency,
    urgencyReason: data.urgencyReason,
  };
  const people = await turn.deps.governance.listPeople(requirePerson(turn.actor).centraleId);
  const result = await conveneSitting(turn.deps, turn.actor, {
    instanceId: data.instanceId,
    draft,
    serviceUrl: turn.context.activity.serviceUrl ?? null,
    cards: {
      personal: (s, key) => asActivity(personalConvocation(s, people, [], key)),
      channel: (s) => asActivity(channelConvocation(s, people, [])),
    },
  });
  if (!result.ok) return meetingForm(turn, data, result.errors);
  return forecastCard(result.sitting, people, forecastQuorum(result.sitting.quorum, result.sitting.memberKeys, []));
}

/**
 * After an answer (or a cancellation), the channel's card shows the new state, coalesced: at
 * most one update a second. `posted` is the sitting as convened (whose notice holds the card).
 */
async function refreshChannelCard(turn: Turn, posted: Sitting, now: Sitting = posted) {
  const s = posted;
  const instance = await turn.deps.governance.getInstance(s.centraleId, s.instanceId);
  if (!instance?.channel) return;
  const noticeId = convocationNoticeId(s);
  const recipient = { kind: 'conversation' as const, conversationId: instance.channel.conversationId, tenantId: '', label: '' };
  const record = await turn.deps.outbox.record(noticeId, `${noticeId}~${recipientId(recipient)}`);
  if (!record?.activityId) return;
  const people = await turn.deps.governance.listPeople(s.centraleId);
  await enqueueCardUpdate(turn.deps, {
    cardId: s.id,
    conversationId: instance.channel.conversationId,
    tenantId: turn.actor.person?.tenantId ?? '',
    activityId: record.activityId,
    payload: asActivity(channelConvocation(now, people, await turn.deps.meetings.answersOf(s.id))),
  });
}

const answerData = z.object({
  sittingId: z.string().min(1).max(200),
  choice: z.enum(['present', 'distance', 'absent', 'pouvoir', 'suppleant'], { error: 'Réponse inconnue : rouvrez la convocation.' }),
  proxyHolderKey: z.string().max(300).optional(),
});

async function answer(turn: Turn, data: z.infer<typeof answerData>): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const s = await turn.deps.meetings.get(data.sittingId);
  if (!s || s.centraleId !== person.centraleId) throw new DomainError('unknown-sitting', 'Cette séance est introuvable dans votre centrale.');
  const people = await turn.deps.governance.listPeople(s.centraleId);
  try {
    await answerSitting(turn.deps, turn.actor, data);
  } catch (e) {
    if (!isDomainError(e) || !s.memberKeys.includes(person.key)) throw e;
    return personalConvocation(s, people, await turn.deps.meetings.answersOf(s.id), person.key, e.userMessage);
  }
  await refreshChannelCard(turn, s);
  return personalConvocation(s, people, await turn.deps.meetings.answersOf(s.id), person.key);
}

async function forecast(turn: Turn, sittingId: string): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const s = await turn.deps.meetings.get(sittingId);
  const instance = s && (await turn.deps.governance.getInstance(s.centraleId, s.instanceId));
  if (!s || !instance || s.centraleId !== person.centraleId) throw new DomainError('unknown-sitting', 'Cette séance est introuvable dans votre centrale.');
  authorize(person, 'meeting.forecast.view', { instance });
  const people = await turn.deps.governance.listPeople(s.centraleId);
  return forecastCard(s, people, forecastQuorum(s.quorum, s.memberKeys, await turn.deps.meetings.answersOf(s.id)));
}

async function cancel(turn: Turn, data: { sittingId: string; reason: string }): Promise<CardJson> {
  const people = await turn.deps.governance.listPeople(requirePerson(turn.actor).centraleId);
  const banner = (s: Sitting) => `Séance annulée : ${cardText(s.history.at(-1)?.summary ?? '')}`;
  const cancelled = await cancelSitting(turn.deps, turn.actor, {
    sittingId: data.sittingId,
    reason: data.reason,
    serviceUrl: turn.context.activity.serviceUrl ?? null,
    card: (s) => asActivity(personalConvocation(s, people, [], '', '', banner(s))),
  });
  await refreshChannelCard(turn, { ...cancelled, version: cancelled.version - 1 }, cancelled);
  return messageCard({
    title: 'Séance annulée',
    text: `Les ${cancelled.memberKeys.length} membres de « ${cardText(cancelled.instanceName)} » sont prévenus.`,
    tone: 'attention',
  });
}

export function registerMeetings(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['convoquer', 'convocation', 'séance', 'seance'], async (turn, args) => {
    const target = await instanceForCommand(turn, args);
    await sendCard(turn.context, await meetingForm(turn, { instanceId: target?.id }));
  });
  verbs.add('meeting.create', formData, create);
  verbs.add('meeting.answer', answerData, answer);
  verbs.add('meeting.cancel', z.object({ sittingId: z.string().min(1).max(200), reason: z.string().max(2_000).optional().default('') }), cancel);
  verbs.add('meeting.forecast', z.object({ sittingId: z.string().min(1).max(200) }), (turn, d) => forecast(turn, d.sittingId));
}

/** The reminder job: silent members get their card again, headed « Rappel ». */
export function reminderJob(deps: BotDeps) {
  const payloadSchema = z.object({ sittingId: z.string(), version: z.number(), offset: z.number() });
  return async (payload: Record<string, unknown>) => {
    await remindSilentMembers(deps, payloadSchema.parse(payload), (s, key, people) =>
      asActivity(personalConvocation(s, people, [], key, '', 'Rappel : vous n’avez pas encore répondu à cette convocation.')),
    );
  };
}
