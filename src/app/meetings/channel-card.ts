import { Sitting } from '../../domain/meetings/sitting';
import { updatePostedCard } from '../delivery/enqueue';
import { AppDeps } from '../ports';
import { convocationNoticeId } from './convene-sitting';
import { MeetingPresenters } from './ports';

/**
 * The channel's convocation card shows the sitting's new state (answers, change, cancellation),
 * coalesced by the outbox (at most one update a second). `posted` is the version whose
 * convocation holds the card; `sitting` what it should show now.
 */
export async function refreshChannelConvocation(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> & MeetingPresenters,
  input: { posted: Pick<Sitting, 'id' | 'version'>; sitting: Sitting; tenantId: string },
): Promise<void> {
  const { posted, sitting } = input;
  const instance = await deps.governance.getInstance(sitting.centraleId, sitting.instanceId);
  if (!instance?.channel) return;
  const people = await deps.governance.listPeople(sitting.centraleId);
  const answers = await deps.meetings.answersOf(sitting.id);
  await updatePostedCard(deps, {
    noticeId: convocationNoticeId(posted),
    recipient: {
      kind: 'conversation',
      conversationId: instance.channel.conversationId,
      tenantId: input.tenantId,
      label: '',
    },
    cardId: `${sitting.id}-v${posted.version}`,
    payload: deps.presenters.meetings.channelConvocation(sitting, people, answers),
  });
}
