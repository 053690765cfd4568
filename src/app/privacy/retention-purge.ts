import { RETENTION_KINDS, RetentionDays, RetentionKind, purgeCutoff } from '../../domain/retention';
import { Clock } from '../ports';

/** Deletes the records of one kind last changed before `before`; returns how many. */
export interface RetentionStore {
  purge(kind: RetentionKind, before: Date): Promise<number>;
}

export const PURGE_JOB = 'privacy.purge';

/** The daily purge runs at this hour (UTC), when nobody works. */
const PURGE_HOUR_UTC = 2;

/** The next run after `now`: one job id per day, so that several instances run it once. */
export function nextPurge(now: Date): { id: string; dueAt: Date } {
  const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), PURGE_HOUR_UTC));
  if (due.getTime() <= now.getTime()) due.setUTCDate(due.getUTCDate() + 1);
  return { id: `purge-${due.toISOString().slice(0, 10)}`, dueAt: due };
}

export interface PurgeDeps {
  retention: RetentionStore;
  retentionDays: RetentionDays;
  clock: Clock;
  log: { info(msg: string, f?: Record<string, unknown>): void };
}

/** Applies every retention period; returns what was deleted per kind. */
export async function purgeExpired(deps: PurgeDeps): Promise<Record<RetentionKind, number>> {
  const now = deps.clock.now();
  const deleted = {} as Record<RetentionKind, number>;
  for (const kind of Object.keys(RETENTION_KINDS) as RetentionKind[]) {
    deleted[kind] = await deps.retention.purge(kind, purgeCutoff(now, deps.retentionDays[kind]));
  }
  deps.log.info('retention purge done', { deleted, retentionDays: deps.retentionDays });
  return deleted;
}
