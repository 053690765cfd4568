import { DisputePresenter } from '../../app/disputes/ports';
import { asActivity } from '../replies';
import { committeeCard, overdueCard, reporterCard } from './views';

/**
 * The cards of disputes notices (see app/presenters.ts). The use cases pass everything a card
 * names, so the presenter needs no deps and reads nothing.
 */
export function disputePresenter(): DisputePresenter {
  return {
    committee: (d, data) => asActivity(committeeCard(d, data)),
    reporter: (d, contract, timeZone) => asActivity(reporterCard(d, contract, timeZone)),
    overdue: (d, what, contract, timeZone) => asActivity(overdueCard(d, what, contract, timeZone)),
  };
}
