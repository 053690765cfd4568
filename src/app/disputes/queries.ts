import { BilanLine } from '../../domain/disputes/bilan';
import { BILAN_ENDED_WITHIN_MS, BilanSummary, bilanOfTotals } from '../../domain/disputes/totals';
import { localDay } from '../../domain/local-date';
import { Contract } from '../../domain/disputes/registry';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { requireReferent, someContracts, usableContracts } from './disputes';

/** What the report form offers: the contracts the person's commune uses (refused when there are none). */
export async function disputeFormData(
  deps: Pick<AppDeps, 'disputes' | 'clock'>,
  actor: Actor,
): Promise<{ contracts: Contract[] }> {
  requireReferent(actor);
  return { contracts: someContracts(await usableContracts(deps, actor)) };
}

export interface DisputeBilanView {
  /** Per contract in force or ended within the year (and per their suppliers). */
  bilan: { perContract: BilanLine[]; perSupplier: BilanLine[] };
  /** All the centrale's disputes counted: total, resolved, per category (the summary and the chart). */
  summary: BilanSummary;
}

/**
 * The bilan of the centrale's disputes, overdue counted as of now: from each purchasing file's
 * running totals (one point read a file), never from every dispute ever; the lines are those of
 * the contracts in force or ended within the year (one query bounded by their last day).
 */
export async function disputeBilanView(
  deps: Pick<AppDeps, 'disputes' | 'clock' | 'disputeDelaysH'>,
  actor: Actor,
): Promise<DisputeBilanView> {
  const person = requirePerson(actor);
  const now = deps.clock.now();
  const [files, contracts] = await Promise.all([
    deps.disputes.listFiles(person.centraleId),
    deps.disputes.listContractsEndingFrom(
      person.centraleId,
      localDay(new Date(now.getTime() - BILAN_ENDED_WITHIN_MS), zoneOf(actor)),
    ),
  ]);
  const totals = await Promise.all(
    files.map((f) => deps.disputes.fileTotals(f.id, person.centraleId, now, deps.disputeDelaysH)),
  );
  const { summary, ...bilan } = bilanOfTotals(totals, contracts, now, deps.disputeDelaysH);
  return { bilan, summary };
}
