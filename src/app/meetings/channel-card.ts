import { sittingDocuments } from './sitting-documents';
import { Sitting } from '../../domain/meetings/sitting';
import { updatePostedCard } from '../delivery/enqueue';
import { AppDeps } from '../ports';
import { convocationNoticeId } from './convene-sitting';
import { MeetingPresenters } from './ports';
import { memberRecipients } from './recipients';

type Deps = Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> &
  Partial<Pick<AppDeps, 'documents'>> &
  MeetingPresenters;

/**
 * The channel's convocation card shows the sitting's new state (answers, cancellation),
 * coalesced by the outbox (at most one update a second). `posted` is the version whose
 * convocation holds the card; `sitting` what it should show now. A card of an older version
 * whose sitting was changed since says it was replaced (the new convocation is posted apart):
 * one card in the channel shows the sitting, never two alike.
 */
export async function refreshChannelConvocation(
  deps: Deps,
  input: { posted: Pick<Sitting, 'id' | 'version'>; sitting: Sitting; tenantId: string },
): Promise<void> {
  const { posted, sitting } = input;
  const instance = await deps.governance.getInstance(sitting.centraleId, sitting.instanceId);
  if (!instance?.channel) return;
  const people = await deps.governance.listPeople(sitting.centraleId);
  const cards = deps.presenters.meetings;
  const payload = replaced(posted, sitting)
    ? cards.replacedConvocation(sitting, people)
    : cards.channelConvocation(sitting, people, await deps.meetings.answersOf(sitting.id), sittingDocuments(sitting));
  await updatePostedCard(deps, {
    noticeId: convocationNoticeId(posted),
    recipient: {
      kind: 'conversation',
      conversationId: instance.channel.conversationId,
      tenantId: input.tenantId,
      label: '',
    },
    cardId: `${sitting.id}-v${posted.version}`,
    payload,
  });
}

/**
 * After an answer: the channel's card of version `posted` is rebuilt off the turn, coalesced
 * in this process with the other answers of the moment (the presenter's refreshShared), from
 * the sitting and answers as they are when it runs.
 */
export function refreshChannelLater(deps: Deps, posted: Pick<Sitting, 'id' | 'version'>, tenantId: string): void {
  deps.presenters.meetings.refreshShared(`convocation-${posted.id}-v${posted.version}`, async () => {
    const sitting = await deps.meetings.get(posted.id);
    if (sitting) await refreshChannelConvocation(deps, { posted, sitting, tenantId });
  });
}

const replaced = (posted: Pick<Sitting, 'version'>, sitting: Sitting) =>
  posted.version < sitting.version && sitting.status !== 'annulee';

/**
 * The members' own convocation cards of version `posted` (in their personal chats) show what
 * became of the sitting: « Convocation remplacée » after a change (the new one is sent apart),
 * « Séance annulée » after a cancellation — no answer button, no calendar link left on them.
 */
export async function refreshMembersConvocations(
  deps: Deps,
  input: { posted: Pick<Sitting, 'id' | 'version'>; sitting: Sitting },
): Promise<void> {
  const { posted, sitting } = input;
  const cancelled = sitting.status === 'annulee';
  if (!cancelled && !replaced(posted, sitting)) return;
  const people = await deps.governance.listPeople(sitting.centraleId);
  const cards = deps.presenters.meetings;
  const payload = cancelled ? cards.cancellation(sitting, people) : cards.replacedConvocation(sitting, people);
  for (const { recipient } of memberRecipients(people, sitting.memberKeys))
    await updatePostedCard(deps, {
      noticeId: convocationNoticeId(posted),
      recipient,
      cardId: `${sitting.id}-v${posted.version}`,
      payload,
    });
}
