import { BallotPresenter } from '../../app/ballots/ports';
import { circuitStatusCard, stageCard } from '../circuits/views';
import { asActivity } from '../replies';
import { BotDeps } from '../turn';
import { ownFiles } from '../doc-links';
import { auditLink, resultCard, sharedCard, voterCard } from './views';

/** The cards the ballot and circuit use cases and timers post (wired once, in teams/presenters.ts). */
export function ballotPresenter(deps: Pick<BotDeps, 'links' | 'clock' | 'refresher'>): BallotPresenter {
  return {
    personal: (b, key, people, banner, votes = []) =>
      asActivity(
        voterCard(b, {
          people,
          votes,
          viewerKey: key,
          proxies: new Map(),
          banner,
          now: deps.clock.now(),
          own: ownFiles(deps),
        }),
      ),
    shared: (b, people, votes) => asActivity(sharedCard(b, people, votes, ownFiles(deps))),
    result: (b, people) => asActivity(resultCard(b, people)),
    stage: (c, i, people) => asActivity(stageCard(c, i, people, '', ownFiles(deps))),
    // Posted once and kept by the owner: its journal link lasts a month.
    circuitStatus: (c) => asActivity(circuitStatusCard(c, auditLink(deps, c.id, 30), ownFiles(deps))),
    refreshShared: (cardId, refresh) => deps.refresher.request(cardId, refresh),
  };
}
