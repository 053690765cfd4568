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
export function scanClaimable<T>(table: DocTable<T>, columns: LeaseColumns, now: number, limit: number) {
  const { state, waiting, held, dueAt } = columns;
  return table.queryWithEtags(
    `(c.data.${state} = '${waiting}' AND c.data.${dueAt} <= @now) OR (c.data.${state} = '${held}' AND c.data.leaseUntil < @now)`,
    [{ name: '@now', value: now }],
    { top: limit, orderBy: `c.data.${dueAt}` },
  );
}
