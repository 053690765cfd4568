import { Contract } from './registry';
import { Category, DEFAULT_DELAYS_H, Dispute, DisputeStatus } from './dispute';

export interface BilanLine {
  key: string;
  label: string;
  total: number;
  byCategory: Partial<Record<Category, number>>;
  byStatus: Partial<Record<DisputeStatus, number>>;
  /** Mean hours, null when nothing was taken in charge / resolved yet. */
  meanTakeChargeH: number | null;
  meanResolveH: number | null;
  overdue: number;
}

const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

/** Overdue now: not taken in charge / not resolved within the severity's delay. */
export function isOverdue(
  d: Pick<Dispute, 'severity' | 'createdAt' | 'takenAt' | 'resolvedAt'>,
  now: Date,
  delaysH: Partial<typeof DEFAULT_DELAYS_H> = {},
): boolean {
  const delays = delaysH[d.severity] ?? DEFAULT_DELAYS_H[d.severity];
  const end = (iso: string | null) => (iso ? Date.parse(iso) : now.getTime());
  return (
    end(d.takenAt) - Date.parse(d.createdAt) > delays.takeCharge * 3_600_000 ||
    end(d.resolvedAt) - Date.parse(d.createdAt) > delays.resolve * 3_600_000
  );
}

/** The counts and mean delays of a set of disputes (one contract, one supplier). */
export function bilanLine(
  key: string,
  label: string,
  ds: Dispute[],
  now: Date,
  delaysH: Partial<typeof DEFAULT_DELAYS_H>,
): BilanLine {
  const count = <K extends string>(f: (d: Dispute) => K) =>
    ds.reduce<Partial<Record<K, number>>>((acc, d) => ({ ...acc, [f(d)]: (acc[f(d)] ?? 0) + 1 }), {});
  return {
    key,
    label,
    total: ds.length,
    byCategory: count((d) => d.category),
    byStatus: count((d) => d.status),
    meanTakeChargeH: mean(ds.filter((d) => d.takenAt).map((d) => hours(d.createdAt, d.takenAt!))),
    meanResolveH: mean(ds.filter((d) => d.resolvedAt).map((d) => hours(d.createdAt, d.resolvedAt!))),
    overdue: ds.filter((d) => isOverdue(d, now, delaysH)).length,
  };
}

/** The bilan of disputes per contract and per supplier. */
export function disputeBilan(
  disputes: Dispute[],
  contracts: Contract[],
  now: Date,
  delaysH: Partial<typeof DEFAULT_DELAYS_H> = {},
): { perContract: BilanLine[]; perSupplier: BilanLine[] } {
  const perContract = contracts
    .map((c) =>
      bilanLine(
        c.id,
        `${c.number} — ${c.title}`,
        disputes.filter((d) => d.contractId === c.id),
        now,
        delaysH,
      ),
    )
    .filter((l) => l.total > 0);
  const suppliers = [...new Set(contracts.map((c) => c.supplier))];
  const perSupplier = suppliers
    .map((s) =>
      bilanLine(
        s,
        s,
        disputes.filter((d) => contracts.find((c) => c.id === d.contractId)?.supplier === s),
        now,
        delaysH,
      ),
    )
    .filter((l) => l.total > 0);
  return { perContract, perSupplier };
}
