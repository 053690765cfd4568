import { DocTable } from './doc-table';

/** How a document type stores the lease of `domain/work/lease.ts` (field names and state values). */
export interface LeaseColumns {
  state: string;
  waiting: string;
  held: string;
  dueAt: string;
}

/**
 * The due-scan of a leased work queue, the question `isClaimable` asks: waiting and due, or held
 * by an instance whose lease ran out. Due first, with the etags to claim them under.
 */
export async function scanClaimable<T>(table: DocTable<T>, columns: LeaseColumns, now: number, limit: number) {
  return (await scanLeased(table, columns, now, limit)).due;
}

/**
 * The same scan in one query that also reads the items waiting for later: ordered by due time,
 * the claimable ones come first (a held item fell due before it was claimed), then the first one
 * still waiting tells when the queue next has work (`nextAt`; null when none, or when the batch
 * was filled by claimable items).
 */
export async function scanLeased<T>(
  table: DocTable<T>,
  columns: LeaseColumns,
  now: number,
  limit: number,
): Promise<{ due: Array<{ value: T; etag: string }>; nextAt: number | null }> {
  const { state, waiting, held, dueAt } = columns;
  const rows = await table.queryWithEtags(
    `c.data.${state} = '${waiting}' OR (c.data.${state} = '${held}' AND c.data.leaseUntil < @now)`,
    [{ name: '@now', value: now }],
    { top: limit + 1, orderBy: `c.data.${dueAt}` },
  );
  const field = (r: { value: T }, name: string) => (r.value as Record<string, unknown>)[name];
  const isDue = (r: { value: T }) => field(r, state) === held || (field(r, dueAt) as number) <= now;
  const due = rows.filter(isDue).slice(0, limit);
  const later = rows.find((r) => !isDue(r));
  return { due, nextAt: later ? (field(later, dueAt) as number) : null };
}
