import { DisputePresenter } from '../../app/disputes/ports';
import { documentButtons } from '../documents';
import { asActivity } from '../replies';
import { BotDeps } from '../turn';
import { committeeCard, overdueCard, reporterCard } from './views';

/**
 * The cards of disputes notices (see app/presenters.ts). The use cases pass everything a card
 * names, so the presenter needs no deps and reads nothing.
 */
export function disputePresenter(deps?: Pick<BotDeps, 'links' | 'clock'>): DisputePresenter {
  return {
    committee: (d, data) =>
      asActivity(committeeCard(d, data, '', deps ? documentButtons(deps, data.documents ?? []) : [])),
    reporter: (d, contract, timeZone) => asActivity(reporterCard(d, contract, timeZone)),
    overdue: (d, what, contract, timeZone) => asActivity(overdueCard(d, what, contract, timeZone)),
  };
}
