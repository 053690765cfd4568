import { NeedsPresenter } from '../../app/needs/ports';
import { asActivity } from '../replies';
import { BotDeps } from '../turn';
import { progressCard } from './coordination-views';
import { inviteCard, needNoticeCard } from './views';

/** The cards of needs notices (see app/presenters.ts); shared cards refresh through this process's CardRefresher. */
export function needsPresenter(deps: Pick<BotDeps, 'refresher'>): NeedsPresenter {
  return {
    // A notice's banner is a reminder: it calls for action (red).
    invitation: (c, memberName, banner) =>
      asActivity(
        inviteCard(
          { campaign: c, closed: c.status === 'close', memberName, needs: [], answer: null },
          { alert: banner },
        ),
      ),
    progress: (c, needs, answers) => asActivity(progressCard(c, needs, answers)),
    needNotice: (c, n) => asActivity(needNoticeCard(c, n)),
    refreshShared: (cardId, refresh) => deps.refresher.request(cardId, refresh),
  };
}
