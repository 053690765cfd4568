import { sittingMailNotice } from './sitting-mail';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Sitting } from '../../domain/meetings/sitting';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor } from '../identify-actor';
import { organisedSitting } from './organised-sitting';
import { AppDeps } from '../ports';
import { refreshChannelConvocation, refreshMembersConvocations } from './channel-card';
import { MeetingPresenters } from './ports';
import { channelRecipient, memberRecipients } from './recipients';

/**
 * An organiser cancels a sitting before it starts: the sitting keeps its history, answers
 * close, pending reminders see the new version and stay silent, every member (and the
 * channel) is told, through the delivery path, and the channel's convocation card says so.
 */
export async function cancelSitting(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> & MeetingPresenters,
  actor: Actor,
  input: { sittingId: string; reason: string; serviceUrl: string | null },
): Promise<Sitting> {
  const { person, current, instance } = await organisedSitting(deps, actor, input.sittingId);
  const reason = input.reason.trim();
  if (!reason)
    throw new DomainError(
      ErrorCode.CancelWithoutReason,
      'Indiquez la raison de l’annulation : elle sera communiquée aux membres.',
    );
  if (reason.length > 500)
    throw new DomainError(ErrorCode.ReasonTooLong, 'La raison dépasse 500 caractères : raccourcissez-la.');
  const now = deps.clock.now();
  const cancelled = await deps.meetings.update(current.id, (s) => {
    if (s.status === 'annulee') throw new DomainError(ErrorCode.AlreadyCancelled, 'Cette séance est déjà annulée.');
    if (Date.parse(s.startsAt) <= now.getTime())
      throw new DomainError(ErrorCode.AlreadyStarted, 'La séance a commencé : elle ne peut plus être annulée.');
    return {
      ...s,
      status: 'annulee',
      version: s.version + 1,
      history: [...s.history, { at: now.toISOString(), by: person.key, action: 'annulation', summary: reason }],
    };
  });
  const people = await deps.governance.listPeople(cancelled.centraleId);
  const recipients = [
    ...memberRecipients(people, cancelled.memberKeys),
    ...channelRecipient(instance, person.tenantId),
  ];
  await enqueueNotice(deps, {
    noticeId: `annulation-${cancelled.id}-v${cancelled.version}`,
    centraleId: cancelled.centraleId,
    senderKey: person.key,
    title: `Annulation : ${cancelled.instanceName}`,
    payload: deps.presenters.meetings.cancellation(cancelled, people),
    serviceUrl: input.serviceUrl,
    recipients,
    mail: await sittingMailNotice(deps, 'cancellation', cancelled, instance, people, now),
  });
  // The convocation cards (the channel's, the members') were posted with the version before.
  const posted = { id: cancelled.id, version: cancelled.version - 1 };
  await refreshChannelConvocation(deps, { posted, sitting: cancelled, tenantId: person.tenantId });
  await refreshMembersConvocations(deps, { posted, sitting: cancelled });
  return cancelled;
}
