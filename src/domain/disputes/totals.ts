import { BilanLine, isOverdue } from './bilan';
import {
  CATEGORIES,
  Category,
  DEFAULT_DELAYS_H,
  Dispute,
  DisputeStatus,
  SIMILAR_WINDOW_DAYS,
  STATUS_LABELS,
  Severity,
} from './dispute';
import { Contract } from './registry';

/**
 * A purchasing file's running totals: what the bilan and « mes litiges » read instead of every
 * dispute ever. Open disputes and those resolved lately are kept one by one (a compact entry);
 * a dispute resolved longer ago than `RECENT_MS` is folded into its contract's sums, once. The
 * document stays bounded by the file's open disputes and its last 90 days, whatever the years of
 * history; and the sums of a contract ended more than a year ago (`ARCHIVE_AFTER_MS`) are folded,
 * once, into one sum for the file (`archived`): the bilan no longer shows that contract, and the
 * document does not keep one sum per contract since the first year.
 */
export interface DisputeEntry {
  id: string;
  ref: string;
  contractId: string;
  category: Category;
  severity: Severity;
  status: DisputeStatus;
  reference: string;
  reporterKey: string;
  /** The reporter's adhérent (the similar reports a committee card names). */
  memberId: string;
  /** Its contract's last day as the writer knew it ('' unknown): when its sums may be archived. */
  contractEnd: string;
  createdAt: string;
  takenAt: string | null;
  resolvedAt: string | null;
  /** The last step of its history (« mes litiges » keeps a resolved one 90 days after it). */
  lastAt: string;
  /** Steps in its history: of two writes counted out of order, the later one stays. */
  steps: number;
}

/** Sums over the resolved disputes folded in, per contract (milliseconds: exact integer sums). */
export interface ContractSums {
  total: number;
  byCategory: Partial<Record<Category, number>>;
  takeChargeMs: number;
  takeChargeN: number;
  resolveMs: number;
  resolveN: number;
  overdue: number;
  /** The contract's last day, from the disputes folded in ('' or absent: unknown, never archived). */
  endDate?: string;
}

export interface FileTotals {
  fileId: string;
  centraleId: string;
  /** Resolved disputes older than the recent window, summed per contract id. */
  folded: Record<string, ContractSums>;
  /** The sums of the contracts ended long ago, all together (the centrale's total counts them). */
  archived: ContractSums;
  entries: DisputeEntry[];
}

/** How long a resolved dispute stays one by one (and in « mes litiges »). */
export const RECENT_MS = 90 * 86_400_000;
/** The bilan shows the contracts in force and those ended within this long. */
export const BILAN_ENDED_WITHIN_MS = 365 * 86_400_000;
/** A contract's sums are archived this long after its end: later than the bilan stops showing it. */
export const ARCHIVE_AFTER_MS = BILAN_ENDED_WITHIN_MS + 7 * 86_400_000;
/**
 * The similar reports of a dispute created this lately are all among the totals' entries (open,
 * or resolved within 90 days): no query needed.
 */
export const SIMILAR_FROM_TOTALS_MS = RECENT_MS - SIMILAR_WINDOW_DAYS * 86_400_000;

type Delays = Partial<typeof DEFAULT_DELAYS_H>;
const CATEGORY_ORDER = Object.keys(CATEGORIES) as Category[];

export const entryOf = (d: Dispute, contractEnd = ''): DisputeEntry => ({
  id: d.id,
  ref: d.ref,
  contractId: d.contractId,
  category: d.category,
  severity: d.severity,
  status: d.status,
  reference: d.reference,
  reporterKey: d.reporterKey,
  memberId: d.memberId,
  contractEnd,
  createdAt: d.createdAt,
  takenAt: d.takenAt,
  resolvedAt: d.resolvedAt,
  lastAt: d.history.at(-1)?.at ?? d.createdAt,
  steps: d.history.length,
});

export const emptyTotals = (fileId: string, centraleId: string): FileTotals => ({
  fileId,
  centraleId,
  folded: {},
  archived: emptySums(),
  entries: [],
});

function emptySums(): ContractSums {
  return { total: 0, byCategory: {}, takeChargeMs: 0, takeChargeN: 0, resolveMs: 0, resolveN: 0, overdue: 0 };
}
const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);

/** One sum with one resolved dispute added (sign 1) or taken back (sign -1). */
function plus(s: ContractSums, e: DisputeEntry, sign: 1 | -1, now: Date, delaysH: Delays): ContractSums {
  const byCategory = { ...s.byCategory, [e.category]: (s.byCategory[e.category] ?? 0) + sign };
  if (byCategory[e.category] === 0) delete byCategory[e.category];
  const next: ContractSums = {
    total: s.total + sign,
    byCategory,
    takeChargeMs: s.takeChargeMs + (e.takenAt ? sign * ms(e.createdAt, e.takenAt) : 0),
    takeChargeN: s.takeChargeN + (e.takenAt ? sign : 0),
    resolveMs: s.resolveMs + (e.resolvedAt ? sign * ms(e.createdAt, e.resolvedAt) : 0),
    resolveN: s.resolveN + (e.resolvedAt ? sign : 0),
    // A resolved dispute has both dates (resolving takes it in charge): its lateness is settled.
    overdue: s.overdue + (isOverdue(e, now, delaysH) ? sign : 0),
  };
  const endDate = [s.endDate ?? '', e.contractEnd].sort().at(-1)!;
  return endDate ? { ...next, endDate } : next;
}

/** Adds (sign 1) or takes back (sign -1) one resolved dispute from its contract's sums. */
function addTo(
  folded: Record<string, ContractSums>,
  e: DisputeEntry,
  sign: 1 | -1,
  now: Date,
  delaysH: Delays,
): Record<string, ContractSums> {
  const next = plus(folded[e.contractId] ?? emptySums(), e, sign, now, delaysH);
  const out = { ...folded };
  if (next.total <= 0) delete out[e.contractId];
  else out[e.contractId] = next;
  return out;
}

const add = (a: ContractSums, b: ContractSums): ContractSums => ({
  total: a.total + b.total,
  byCategory: Object.fromEntries(
    CATEGORY_ORDER.map((c) => [c, (a.byCategory[c] ?? 0) + (b.byCategory[c] ?? 0)]).filter(([, n]) => n !== 0),
  ) as ContractSums['byCategory'],
  takeChargeMs: a.takeChargeMs + b.takeChargeMs,
  takeChargeN: a.takeChargeN + b.takeChargeN,
  resolveMs: a.resolveMs + b.resolveMs,
  resolveN: a.resolveN + b.resolveN,
  overdue: a.overdue + b.overdue,
});

/** The last day (ISO) before which a contract's sums are archived. */
const archiveBefore = (now: Date) => new Date(now.getTime() - ARCHIVE_AFTER_MS).toISOString().slice(0, 10);

/**
 * Folds the entries resolved before the recent window into their contract's sums, then the sums
 * of the contracts ended long ago into the file's archived sum.
 */
function fold(t: FileTotals, now: Date, delaysH: Delays): FileTotals {
  const before = now.getTime() - RECENT_MS;
  const old = t.entries.filter((e) => e.status === 'resolu' && Date.parse(e.lastAt) < before);
  const folded = old.reduce((f, e) => addTo(f, e, 1, now, delaysH), t.folded);
  const cut = archiveBefore(now);
  const ended = Object.keys(folded).filter((id) => folded[id]!.endDate && folded[id]!.endDate! < cut);
  if (old.length === 0 && ended.length === 0) return t;
  return {
    ...t,
    folded: Object.fromEntries(Object.entries(folded).filter(([id]) => !ended.includes(id))),
    archived: ended.reduce((a, id) => add(a, { ...folded[id]!, endDate: undefined }), t.archived),
    entries: t.entries.filter((e) => !old.includes(e)),
  };
}

/**
 * The totals once `after` is written (`before`: the dispute as it was, null for a new one).
 * Applied again with the same dispute it changes nothing, and an older state counted after a newer
 * one (two handlings whose totals land out of order) is ignored (a retry, a double click, a totals
 * rebuilt just now that already holds it): an entry is replaced by id, and only a dispute already
 * folded in — resolved long ago, now reopened — is taken back from the sums (its contract's, or
 * the archived sum once its contract's were archived). `contractEnd`: its contract's last day,
 * when the writer knows it (else the entry's, or unknown).
 */
export function withDispute(
  t: FileTotals,
  after: Dispute,
  before: Dispute | null,
  now: Date,
  delaysH: Delays = {},
  contractEnd?: string,
): FileTotals {
  const at = t.entries.findIndex((e) => e.id === after.id);
  const entry = entryOf(after, contractEnd ?? (at >= 0 ? t.entries[at]!.contractEnd : ''));
  if (at >= 0 && t.entries[at]!.steps > entry.steps) return t;
  if (at >= 0) return fold({ ...t, entries: t.entries.map((e, i) => (i === at ? entry : e)) }, now, delaysH);
  // A resolved dispute still counted in the sums and written again as it was: nothing to do.
  if (before?.status === 'resolu' && after.status === 'resolu' && before.resolvedAt === after.resolvedAt) return t;
  let { folded, archived } = t;
  if (before?.status === 'resolu') {
    if (folded[before.contractId]) folded = addTo(folded, entryOf(before), -1, now, delaysH);
    else archived = plus(archived, entryOf(before), -1, now, delaysH);
  }
  return fold({ ...t, folded, archived, entries: [...t.entries, entry] }, now, delaysH);
}

/** The totals of a file from its disputes (a file written before totals existed: once). */
export function totalsOf(
  fileId: string,
  centraleId: string,
  disputes: Dispute[],
  now: Date,
  delaysH: Delays = {},
  endOf: (contractId: string) => string = () => '',
): FileTotals {
  return disputes.reduce(
    (t, d) => withDispute(t, d, null, now, delaysH, endOf(d.contractId)),
    emptyTotals(fileId, centraleId),
  );
}

const mean = (sumMs: number, n: number) => (n ? Math.round((sumMs / 3_600_000 / n) * 10) / 10 : null);
const inOrder = <K extends string>(order: readonly K[], counts: Partial<Record<K, number>>) =>
  Object.fromEntries(order.filter((k) => (counts[k] ?? 0) > 0).map((k) => [k, counts[k]])) as Partial<
    Record<K, number>
  >;
const STATUS_ORDER = Object.keys(STATUS_LABELS) as DisputeStatus[];

function lineOf(
  key: string,
  label: string,
  sums: ContractSums[],
  entries: DisputeEntry[],
  now: Date,
  delaysH: Delays,
): BilanLine {
  const own = entries.map((e) => plus(emptySums(), e, 1, now, delaysH));
  const s = [...sums, ...own].reduce(add, emptySums());
  const folded = sums.reduce((n, x) => n + x.total, 0);
  const byStatus: Partial<Record<DisputeStatus, number>> = { resolu: folded };
  for (const e of entries) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
  return {
    key,
    label,
    total: s.total,
    byCategory: inOrder(CATEGORY_ORDER, s.byCategory),
    byStatus: inOrder(STATUS_ORDER, byStatus),
    meanTakeChargeH: mean(s.takeChargeMs, s.takeChargeN),
    meanResolveH: mean(s.resolveMs, s.resolveN),
    overdue: s.overdue,
  };
}

export interface BilanSummary {
  total: number;
  resolved: number;
  byCategory: Partial<Record<Category, number>>;
}

/**
 * The bilan per contract and per supplier from the files' totals: the same figures as
 * `disputeBilan` over every dispute, for the contracts given (those in force and lately ended);
 * counts listed in the order of the categories and statuses. The summary counts every dispute.
 */
export function bilanOfTotals(
  totals: FileTotals[],
  contracts: Contract[],
  now: Date,
  delaysH: Delays = {},
): { perContract: BilanLine[]; perSupplier: BilanLine[]; summary: BilanSummary } {
  const sumsOf = (ids: string[]) => totals.flatMap((t) => ids.flatMap((id) => (t.folded[id] ? [t.folded[id]] : [])));
  const entriesOf = (ids: string[]) => totals.flatMap((t) => t.entries.filter((e) => ids.includes(e.contractId)));
  const perContract = contracts
    .map((c) => lineOf(c.id, `${c.number} — ${c.title}`, sumsOf([c.id]), entriesOf([c.id]), now, delaysH))
    .filter((l) => l.total > 0);
  const perSupplier = [...new Set(contracts.map((c) => c.supplier))]
    .map((s) => {
      const ids = contracts.filter((c) => c.supplier === s).map((c) => c.id);
      return lineOf(s, s, sumsOf(ids), entriesOf(ids), now, delaysH);
    })
    .filter((l) => l.total > 0);
  const all = lineOf(
    '',
    '',
    totals.flatMap((t) => [...Object.values(t.folded), t.archived]),
    totals.flatMap((t) => t.entries),
    now,
    delaysH,
  );
  return {
    perContract,
    perSupplier,
    summary: { total: all.total, resolved: all.byStatus.resolu ?? 0, byCategory: all.byCategory },
  };
}
