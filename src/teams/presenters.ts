import { Presenters } from '../app/presenters';
import { ballotPresenter } from './ballots/presenter';
import { deliveryPresenter } from './delivery/presenter';
import { disputePresenter } from './disputes/presenter';
import { governancePresenter } from './governance/presenter';
import { meetingPresenter } from './meetings/presenter';
import { needsPresenter } from './needs/presenter';
import { surveyPresenter } from './surveys/presenter';
import { BotDeps } from './turn';

/** Every feature's cards for the notices its use cases send (wired once, in main.ts). */
export function createPresenters(deps: Omit<BotDeps, 'presenters'>): Presenters {
  return {
    meetings: meetingPresenter(deps),
    ballots: ballotPresenter(deps),
    needs: needsPresenter(deps),
    disputes: disputePresenter(deps),
    surveys: surveyPresenter(deps),
    delivery: deliveryPresenter(deps),
    governance: governancePresenter(deps),
  };
}
