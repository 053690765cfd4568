import { z } from 'zod';
import { cancelSitting } from '../../app/meetings/cancel-sitting';
import { conveneSitting } from '../../app/meetings/convene-sitting';
import { answerConvocation, revokeProxyFromCard, viewConvocation } from '../../app/meetings/convocation-view';
import { channelForecast, sittingForecast } from '../../app/meetings/sitting-forecast';
import { conveneForm, reconveneForm } from '../../app/meetings/sitting-form';
import { CardJson, cardText } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { namedInstanceId } from '../governance/instance-target';
import { dateField, timeField, withLead } from '../language/prefill';
import { tooCloseForNotice } from '../../domain/meetings/sitting';
import { zoneOf } from '../../app/time-zone';
import { messageCard } from '../replies';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { toConvocation, toForecast } from './back-links';
import { registerMeetingChanges } from './changes';
import {
  MeetingFormData,
  agendaText,
  draftFromForm,
  meetingForm,
  meetingFormData,
  meetingResend,
  sittingIdData,
} from './forms';
import { icsUrlOf, proofUrlOf } from './links';
import { registerMeetingMinutes } from './minutes';
import { registerBilanAttach } from './bilan-attach';
import { myMeetings, registerMyMeetings } from './my-meetings';
import { quorumQuestion } from '../../app/meetings/next-sitting';
import { noSittingCard } from './quorum-question';
import { channelForecastCard, forecastCard, ownConvocation } from './views';
import { limitedText, optionalText } from '../form-fields';
import { organiserCard } from './organiser-card';
import { documentButtons } from '../documents';

async function create(turn: Turn, data: MeetingFormData): Promise<CardJson> {
  const result = await conveneSitting(turn.deps, turn.actor, {
    instanceId: data.instanceId,
    draftId: data.draftId,
    draft: draftFromForm(turn, data),
    serviceUrl: turn.serviceUrl,
    secondOf: data.secondOf || undefined,
  });
  if (!result.ok) return meetingForm(data, result.form, result.errors);
  return organiserCard(turn, result.forecast, proofUrlOf(turn.deps, result.sitting));
}

const answerData = z.object({
  sittingId: z.string().min(1).max(200),
  choice: z.enum(['present', 'distance', 'absent', 'pouvoir', 'suppleant'], {
    error: 'Réponse inconnue : rouvrez la convocation.',
  }),
  proxyHolderKey: z.string().max(300).optional(),
  /** How many consecutive sittings the proxy covers, this one included (« 1 » when not chosen). */
  proxySittings: z
    .string()
    .regex(/^\d{1,2}$/, { error: 'Nombre de séances non reconnu : rouvrez la convocation.' })
    .optional(),
  /** Who sits in the member's place when they answer « Mon suppléant·e ». */
  substituteName: limitedText(200, 'Votre suppléant·e').optional(),
});

const cancelData = sittingIdData.extend({ reason: optionalText(2_000, 'Raison de l’annulation') });

/** A member's answer; their card shows it (or why it was refused), the channel's the new counts. */
async function answer(turn: Turn, data: z.infer<typeof answerData>): Promise<CardJson> {
  const view = await answerConvocation(turn.deps, turn.actor, {
    ...data,
    proxySittings: data.proxySittings ? Number(data.proxySittings) : undefined,
  });
  return ownConvocation(view, {
    icsUrl: icsUrlOf(turn.deps, view.sitting),
    inChannel: turn.scope === 'channel',
    documents: documentButtons(turn.deps, view.documents ?? []),
  });
}

/** Teams refreshes the card as a member displays it: their view (and the first-seen time, for the proof of notice). */
async function view(turn: Turn, sittingId: string): Promise<CardJson> {
  const inChannel = turn.scope === 'channel';
  const seen = await viewConvocation(turn.deps, turn.actor, { sittingId, inChannel });
  return ownConvocation(seen, {
    icsUrl: icsUrlOf(turn.deps, seen.sitting),
    inChannel,
    documents: documentButtons(turn.deps, seen.documents ?? []),
  });
}

async function cancel(turn: Turn, data: z.infer<typeof cancelData>): Promise<CardJson> {
  const cancelled = await cancelSitting(turn.deps, turn.actor, {
    sittingId: data.sittingId,
    reason: data.reason,
    serviceUrl: turn.serviceUrl,
  });
  const card = messageCard({
    title: 'Séance annulée',
    text: `Les ${cancelled.memberKeys.length} membres de « ${cardText(cancelled.instanceName)} » sont prévenus ; leurs convocations indiquent l’annulation.`,
    tone: 'attention',
  });
  // The organiser's way back: the sitting's card (its history, the proof of notice).
  const forecast = { type: 'Action.Execute', title: 'Revenir à la prévision du quorum', verb: 'meeting.forecast' };
  return { ...card, actions: [{ ...forecast, data: { sittingId: cancelled.id } }] };
}

async function forecast(turn: Turn, sittingId: string): Promise<CardJson> {
  if (turn.scope === 'channel') {
    const shared = await channelForecast(turn.deps, turn.actor, sittingId);
    return channelForecastCard(shared, proofUrlOf(turn.deps, shared.sitting), (f) =>
      documentButtons(turn.deps, f.documents ?? []),
    );
  }
  const f = await sittingForecast(turn.deps, turn.actor, sittingId);
  return forecastCard(f, proofUrlOf(turn.deps, f.sitting), documentButtons(turn.deps, f.documents ?? []));
}

export function registerMeetings(commands: CommandRouter, verbs: VerbRouter): void {
  // « convoquer le COPIL mardi prochain à 14 h »: the form, prefilled; « Convoquer » sends.
  commands.add('meeting.convene', async (turn, request) => {
    const choices = await conveneForm(turn.deps, turn.actor, {
      instanceId: namedInstanceId(request),
      conversationId: turn.conversationId,
    });
    const { when } = request.understood;
    const form = meetingForm({ date: dateField(when), time: timeField(when) }, choices);
    // « demain » for an instance convened five jours francs ahead: said now, not after « Convoquer ».
    const early =
      when && tooCloseForNotice(when.date, turn.deps.clock.now(), choices.instance.rules, zoneOf(turn.actor));
    return withLead(form, early);
  });
  // « quorum ? », « le quorum du COPIL est-il atteint ? »: the organiser's forecast of the next
  // sitting, a member's own convocation, or what to do when none is to come.
  commands.add('quorum', async (turn, request) => {
    const found = await quorumQuestion(turn.deps, turn.actor, namedInstanceId(request));
    if (found.kind === 'organised') return forecast(turn, found.sitting.id);
    if (found.kind === 'none') return noSittingCard(found);
    return found.sittings.length === 1 ? view(turn, found.sittings[0]!.id) : myMeetings(turn);
  });
  verbs.add(
    'meeting.create',
    meetingFormData,
    create,
    (d) => (typeof d.secondOf === 'string' && d.secondOf ? toForecast({ sittingId: d.secondOf }) : null),
    meetingResend,
  );
  verbs.add(
    'meeting.reconvene',
    sittingIdData,
    async (turn, d) => {
      const { first, choices } = await reconveneForm(turn.deps, turn.actor, d.sittingId);
      return meetingForm(
        {
          instanceId: first.instanceId,
          secondOf: first.id,
          mode: first.mode,
          place: first.place,
          onlineLink: first.onlineLink,
          agenda: agendaText(first.agenda),
          proxiesAllowed: first.proxiesAllowed,
          remoteAllowed: first.remoteAllowed,
        },
        choices,
      );
    },
    toForecast,
  );
  verbs.add('meeting.answer', answerData, answer, toConvocation);
  verbs.add(
    'meeting.revokeProxy',
    sittingIdData,
    async (turn, d) => {
      const view = await revokeProxyFromCard(turn.deps, turn.actor, d.sittingId);
      return ownConvocation(view, {
        icsUrl: icsUrlOf(turn.deps, view.sitting),
        inChannel: turn.scope === 'channel',
        documents: documentButtons(turn.deps, view.documents ?? []),
      });
    },
    toConvocation,
  );
  verbs.add('meeting.view', sittingIdData, (turn, d) => view(turn, d.sittingId));
  verbs.add('meeting.cancel', cancelData, cancel, toForecast);
  verbs.add('meeting.forecast', sittingIdData, (turn, d) => forecast(turn, d.sittingId));
  registerMeetingChanges(verbs);
  registerBilanAttach(verbs);
  registerMeetingMinutes(verbs);
  registerMyMeetings(commands, verbs);
}
