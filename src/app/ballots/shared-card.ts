import { updatePostedCard } from '../delivery/enqueue';
import { AppDeps } from '../ports';
import { ballotNoticeId } from './open-ballot';
import { BallotPresenters } from './ports';
import { recentVotes } from './recent-votes';

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
    const people = await deps.governance.listPeople(b.centraleId);
    await updatePostedCard(deps, {
      noticeId: ballotNoticeId(b.id),
      recipient: {
        kind: 'conversation',
        conversationId: instance.channel.conversationId,
        tenantId: people.find((p) => p.key === b.openedBy)?.tenantId ?? '',
        label: '',
      },
      cardId: b.id,
      payload: deps.presenters.ballots.shared(b, people, await recentVotes(deps, b.id, true)),
    });
  });
}
