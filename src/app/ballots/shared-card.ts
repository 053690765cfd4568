import { updatePostedCard } from '../delivery/enqueue';
import { AppDeps } from '../ports';
import { ballotNoticeId } from './open-ballot';
import { BallotPresenters } from './ports';
import { recentVotes } from './recent-votes';

/** Teams refreshes a card for each user only up to 60 users (the shared card's `refresh.userIds`). */
const SHARED_REFRESH_MAX = 60;

type Deps = Pick<AppDeps, 'governance' | 'ballots' | 'outbox' | 'clock' | 'wake'> & BallotPresenters;

/**
 * The channel's card follows the votes: the update is coalesced in this process (the
 * presenter's refresher) and in the outbox (one entry per card), and reads the votes afresh.
 */
export function refreshSharedCard(deps: Deps, ballotId: string): void {
  deps.presenters.ballots.refreshShared(`ballot-${ballotId}`, async () => {
    const b = await deps.ballots.get(ballotId);
    const instance = b && (await deps.governance.getInstance(b.centraleId, b.instanceId));
    if (!b || !instance?.channel) return;
    // The people only for the card's per-user refresh, which Teams offers to 60 users at most;
    // beyond, the card names nobody and 2,000 people are not read every second.
    const people = b.voterKeys.length <= SHARED_REFRESH_MAX ? await deps.governance.listPeople(b.centraleId) : [];
    const opener =
      people.find((p) => p.key === b.openedBy) ?? (await deps.governance.getPerson(b.centraleId, b.openedBy));
    await updatePostedCard(deps, {
      noticeId: ballotNoticeId(b.id),
      recipient: {
        kind: 'conversation',
        conversationId: instance.channel.conversationId,
        tenantId: opener?.tenantId ?? '',
        label: '',
      },
      cardId: b.id,
      payload: deps.presenters.ballots.shared(b, people, await recentVotes(deps, b.id, true)),
    });
  });
}
