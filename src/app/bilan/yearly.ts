import { Savings, Window, centraleReview, contractReview } from '../../domain/bilan/indicators';
import { AppDeps } from '../ports';
import { CentraleBilanView, ContractBilanView, reviewInputs } from './queries';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'consumption' | 'surveys' | 'clock'>;

/** Each year's savings inside a « durée » window: one read of the window's data, a review per year. */
export interface YearSavings {
  window: Window;
  savings: Savings;
}

const years = (windows: Window[]) => windows.filter((w) => w.key !== 'duree');
const NONE: Savings = { calculable: false, reason: 'aucun prix de référence' };

/** The centrale's savings per year of the window it shows (a view already authorised by `centraleBilanView`). */
export async function centraleSavingsPerYear(deps: Deps, view: CentraleBilanView): Promise<YearSavings[]> {
  const { data, review } = view;
  const inputs = await reviewInputs(deps, data.centraleId, data.contracts, review.window);
  const now = deps.clock.now();
  return years(view.windows).map((w) => {
    const r = centraleReview(inputs, w, now, data.timeZone);
    return {
      window: w,
      savings:
        r.savingsCents === null
          ? NONE
          : {
              calculable: true,
              cents: r.savingsCents,
              membersCounted: r.calculableContracts,
              membersForecast: r.calculableContracts,
            },
    };
  });
}

/** A contract's savings per year it ran (a view already authorised by `contractBilanView`). */
export async function contractSavingsPerYear(deps: Deps, view: ContractBilanView): Promise<YearSavings[]> {
  const { data, review } = view;
  const contract = data.contracts.find((c) => c.id === review.contractId)!;
  const [input] = await reviewInputs(deps, data.centraleId, [contract], review.window);
  const now = deps.clock.now();
  return years(view.windows).map((w) => ({
    window: w,
    savings: contractReview(input!, w, now, data.timeZone).periodSavings,
  }));
}
