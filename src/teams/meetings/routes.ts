import { z } from 'zod';
import { answerSitting } from '../../app/meetings/answer-sitting';
import { cancelSitting } from '../../app/meetings/cancel-sitting';
import { conveneSitting } from '../../app/meetings/convene-sitting';
import { remindSilentMembers } from '../../app/meetings/remind-silent-members';
import { requirePerson } from '../../app/identify-actor';
import { DomainError, isDomainError } from '../../domain/errors';
import { forecastQuorum } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { CardJson, cardText } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { asActivity, messageCard } from '../replies';
import { BotDeps, Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { convocationCards, icsUrlOf, proofUrlOf, refreshChannelCard } from './convocation-cards';
import { instanceForCommand } from '../governance/instance-target';
import { registerMeetingChanges } from './changes';
import { MeetingFormData, draftFromForm, meetingForm, meetingFormData } from './forms';
import { registerMeetingMinutes } from './minutes';
import { forecastCard, personalConvocation } from './views';
import { forecastOf, sittingIdData, sittingOf } from './lookups';
import { registerMyMeetings } from './my-meetings';

async function create(turn: Turn, data: MeetingFormData): Promise<CardJson> {
  const people = await turn.deps.governance.listPeople(requirePerson(turn.actor).centraleId);
  const result = await conveneSitting(turn.deps, turn.actor, {
    instanceId: data.instanceId,
    draftId: data.draftId,
    draft: draftFromForm(turn, data),
    serviceUrl: turn.serviceUrl,
    cards: convocationCards(turn.deps, people),
  });
  if (!result.ok) return meetingForm(turn, data, result.errors);
  return forecastCard(result.sitting, people, forecastQuorum(result.sitting.quorum, result.sitting.memberKeys, []), proofUrlOf(turn.deps, result.sitting));
}

const answerData = z.object({
  sittingId: z.string().min(1).max(200),
  choice: z.enum(['present', 'distance', 'absent', 'pouvoir', 'suppleant'], { error: 'Réponse inconnue : rouvrez la convocation.' }),
  proxyHolderKey: z.string().max(300).optional(),
});

/** What a member sees on a convocation card: their own answer (and, in the channel, the counts). */
async function ownView(turn: Turn, s: Sitting, error = ''): Promise<CardJson> {
  const people = await turn.deps.governance.listPeople(s.centraleId);
  const answers = await turn.deps.meetings.answersOf(s.id);
  const banner = s.status === 'annulee' ? `Séance annulée : ${cardText(s.history.at(-1)?.summary ?? '')}` : '';
  return personalConvocation(s, people, answers, requirePerson(turn.actor).key, { error, banner, icsUrl: icsUrlOf(turn.deps, s), withCounts: turn.scope === 'channel' });
}

async function answer(turn: Turn, data: z.infer<typeof answerData>): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const s = await sittingOf(turn, data.sittingId);
  try {
    await answerSitting(turn.deps, turn.actor, data);
  } catch (e) {
    if (!isDomainError(e) || !s.memberKeys.includes(person.key)) throw e;
    return ownView(turn, s, e.userMessage);
  }
  await refreshChannelCard(turn, s, s);
  return ownView(turn, s);
}

/** Teams refreshes the card as a member displays it: their view, and the first-seen time for the proof of notice. */
async function view(turn: Turn, sittingId: string): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const s = await sittingOf(turn, sittingId);
  if (s.memberKeys.includes(person.key)) await turn.deps.meetings.acknowledge(s.id, person.key, turn.deps.clock.now());
  if (!s.memberKeys.includes(person.key) && turn.scope === 'channel') {
    throw new DomainError('not-convened', 'Vous n’êtes pas convoqué·e à cette séance : les réponses sont réservées à ses membres.');
  }
  return ownView(turn, s);
}

async function cancel(turn: Turn, data: { sittingId: string; reason: string }): Promise<CardJson> {
  const people = await turn.deps.governance.listPeople(requirePerson(turn.actor).centraleId);
  const banner = (s: Sitting) => `Séance annulée : ${cardText(s.history.at(-1)?.summary ?? '')}`;
  const cancelled = await cancelSitting(turn.deps, turn.actor, {
    sittingId: data.sittingId,
    reason: data.reason,
    serviceUrl: turn.serviceUrl,
    card: (s) => asActivity(personalConvocation(s, people, [], '', { banner: banner(s), icsUrl: icsUrlOf(turn.deps, s) })),
  });
  await refreshChannelCard(turn, { id: cancelled.id, version: cancelled.version - 1 }, cancelled);
  return messageCard({
    title: 'Séance annulée',
    text: `Les ${cancelled.memberKeys.length} membres de « ${cardText(cancelled.instanceName)} » sont prévenus.`,
    tone: 'attention',
  });
}

export function registerMeetings(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['convoquer', 'convocation', 'séance', 'seance'], async (turn, args) => {
    const target = await instanceForCommand(turn, args);
    await turn.reply(await meetingForm(turn, { instanceId: target?.id }));
  });
  verbs.add('meeting.create', meetingFormData, create);
  verbs.add('meeting.answer', answerData, answer);
  verbs.add('meeting.view', sittingIdData, (turn, d) => view(turn, d.sittingId));
  verbs.add('meeting.cancel', sittingIdData.extend({ reason: z.string().max(2_000).optional().default('') }), cancel);
  verbs.add('meeting.forecast', sittingIdData, async (turn, d) => forecastOf(turn, await sittingOf(turn, d.sittingId)));
  registerMeetingChanges(verbs);
  registerMeetingMinutes(verbs);
  registerMyMeetings(commands);
}

/** The reminder job: silent members get their card again, headed « Rappel ». */
export function reminderJob(deps: BotDeps) {
  const payloadSchema = z.object({ sittingId: z.string(), version: z.number(), offset: z.number() });
  return async (payload: Record<string, unknown>) => {
    await remindSilentMembers(deps, payloadSchema.parse(payload), (s, key, people) =>
      asActivity(personalConvocation(s, people, [], key, { banner: 'Rappel : vous n’avez pas encore répondu à cette convocation.', icsUrl: icsUrlOf(deps, s) })),
    );
  };
}
