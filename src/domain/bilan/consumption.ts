import { Cents } from '../needs/money';

/** One member's consumption on a contract over one reporting period, as the supplier reported it. */
export interface ConsumptionLine {
  memberId: string;
  /** Quantity in the contract's unit, a normalised decimal ("1200", "12.5"; "0" allowed). */
  quantity: string;
  amountCents: Cents;
}

/**
 * The supplier's report for one contract and one period. An import replaces the reports of the
 * periods it contains (a corrected report supersedes the first); other periods are kept.
 */
export interface ConsumptionReport {
  contractId: string;
  centraleId: string;
  /** `Period.key`: "2026", "2026-T1", "2026-03"… */
  periodKey: string;
  from: string;
  to: string;
  label: string;
  lines: ConsumptionLine[];
  importedAt: string;
  importedBy: string;
  /** The file's name, for the journal. */
  source: string;
}
