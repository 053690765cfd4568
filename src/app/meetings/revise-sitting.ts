import { sittingMailNotice } from './sitting-mail';
import { keepConvocation } from './convocation-document';
import { Instance } from '../../domain/governance';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { DraftErrors, Sitting, SittingDraft, reviseSitting } from '../../domain/meetings/sitting';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor } from '../identify-actor';
import { organisedSitting } from './organised-sitting';
import { AppDeps } from '../ports';
import { refreshChannelConvocation, refreshMembersConvocations } from './channel-card';
import { convocationNoticeId, scheduleReminders } from './convene-sitting';
import { MeetingPresenters } from './ports';
import { channelRecipient, memberRecipients } from './recipients';
import { SittingFormChoices, sittingFormChoices } from './sitting-form';
import { SittingForecast, forecastFor } from './sitting-forecast';

export type ReviseResult =
  | { ok: false; errors: DraftErrors; form: SittingFormChoices }
  | {
      ok: true;
      previous: Sitting;
      sitting: Sitting;
      answersReset: boolean;
      noticeId: string;
      forecast: SittingForecast;
    };

type Deps = Pick<
  AppDeps,
  | 'governance'
  | 'meetings'
  | 'outbox'
  | 'clock'
  | 'wake'
  | 'timers'
  | 'reminderOffsetsMs'
  | 'documents'
  | 'documentRenderer'
> &
  MeetingPresenters;

type Revised =
  | { ok: false; errors: DraftErrors }
  | { ok: true; sitting: Sitting; answersReset: boolean; noticeId: string; replay?: true };

/**
 * An organiser changes a sitting before it starts: checked by the domain, stored as a new
 * version (status « modifiée », history kept), then every member and the channel get the
 * new convocation, the old channel card shows the change, and reminders are planned again for
 * the new version (the old ones stay silent). Form errors come back with the form's choices.
 */
export async function reviseConvenedSitting(
  deps: Deps,
  actor: Actor,
  input: {
    sittingId: string;
    draft: SittingDraft;
    serviceUrl: string | null;
    draftId?: string;
    /** The bot's own document links this change adds (a bilan attached to an item). */
    ownLinks?: string[];
  },
): Promise<ReviseResult> {
  if (!input.sittingId)
    throw new DomainError(
      ErrorCode.NoSitting,
      'Ce formulaire ne désigne aucune séance : rouvrez-le depuis la prévision du quorum.',
    );
  const { person, current, instance } = await organisedSitting(deps, actor, input.sittingId);
  const now = deps.clock.now();
  let outcome: Revised | null = null;
  let previous = current;
  await deps.meetings.update(current.id, (latest) => {
    previous = latest;
    const revised = reviseSitting(latest, input.draft, instance.rules, person.key, now, input.draftId, input.ownLinks);
    outcome = revised.ok ? { ...revised, noticeId: convocationNoticeId(revised.sitting) } : revised;
    return revised.ok ? revised.sitting : latest;
  });
  const result = (outcome as Revised | null) ?? { ok: false, errors: {} };
  if (!result.ok)
    return {
      ...result,
      form: await sittingFormChoices(deps, actor, { instanceId: current.instanceId, editing: true }),
    };
  // The same form sent again (a double click, or a retry after a fault): the change is made; its
  // convocation is kept and queued once (both idempotent), so a failure before them is made good.
  if (result.replay) {
    const { sitting } = await announceRevision(
      deps,
      result.sitting,
      instance,
      person,
      input.serviceUrl,
      result.noticeId,
    );
    return { ...result, sitting, previous: sitting, forecast: await forecastFor(deps, sitting) };
  }
  if (result.answersReset) await deps.meetings.resetAnswers(result.sitting.id);
  const { sitting } = await announceRevision(deps, result.sitting, instance, person, input.serviceUrl, result.noticeId);
  await scheduleReminders(deps, sitting, now);
  // The cards posted with the previous version (the channel's, the members') say they were
  // replaced: the new convocation above is the one card that shows the sitting.
  await refreshChannelConvocation(deps, { posted: previous, sitting, tenantId: person.tenantId });
  await refreshMembersConvocations(deps, { posted: previous, sitting });
  return { ...result, sitting, previous, forecast: await forecastFor(deps, sitting) };
}

/** The new version's convocation kept (PDF, journal), then its notice to every member and the channel. */
async function announceRevision(
  deps: Deps,
  revised: Sitting,
  instance: Instance,
  person: { key: string; tenantId: string },
  serviceUrl: string | null,
  noticeId: string,
): Promise<{ sitting: Sitting }> {
  const people = await deps.governance.listPeople(revised.centraleId);
  const { sitting, document } = await keepConvocation(deps, revised, instance, people);
  const cards = deps.presenters.meetings;
  const channelCard = cards.channelConvocation(sitting, people, [], [document]);
  await enqueueNotice(deps, {
    noticeId,
    centraleId: sitting.centraleId,
    senderKey: person.key,
    title: `Convocation modifiée : ${instance.name}`,
    payload: channelCard,
    serviceUrl,
    recipients: [
      ...memberRecipients(people, sitting.memberKeys, (key) =>
        cards.personalConvocation('revision', sitting, people, key, [document]),
      ),
      ...channelRecipient(instance, person.tenantId, channelCard),
    ],
    mail: await sittingMailNotice(deps, 'revision', sitting, instance, people, deps.clock.now(), document),
  });
  return { sitting };
}
