import { BilanLine, disputeBilan } from '../../domain/disputes/bilan';
import { Dispute } from '../../domain/disputes/dispute';
import { Contract } from '../../domain/disputes/registry';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { requireReferent, someContracts, usableContracts } from './disputes';

/** What the report form offers: the contracts the person's commune uses (refused when there are none). */
export async function disputeFormData(
  deps: Pick<AppDeps, 'disputes'>,
  actor: Actor,
): Promise<{ contracts: Contract[] }> {
  requireReferent(actor);
  return { contracts: someContracts(await usableContracts(deps, actor)) };
}

export interface DisputeBilanView {
  bilan: { perContract: BilanLine[]; perSupplier: BilanLine[] };
  /** Every dispute of the centrale (the summary and the chart by category). */
  disputes: Dispute[];
}

/** The bilan of the centrale's disputes, overdue counted as of now. */
export async function disputeBilanView(
  deps: Pick<AppDeps, 'disputes' | 'clock' | 'disputeDelaysH'>,
  actor: Actor,
): Promise<DisputeBilanView> {
  const person = requirePerson(actor);
  const [disputes, contracts] = await Promise.all([
    deps.disputes.listByCentrale(person.centraleId),
    deps.disputes.listContracts(person.centraleId),
  ]);
  return { bilan: disputeBilan(disputes, contracts, deps.clock.now(), deps.disputeDelaysH), disputes };
}
