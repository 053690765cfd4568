import { z } from 'zod';
import { ClaimedJob, Job, JobStore } from '../app/scheduler';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';
import { safeId } from './directory-repository';
import { scanLeased } from './leased-docs';

const jobSchema = z.object({
  id: z.string(),
  type: z.string(),
  dueAt: z.number(),
  payload: z.record(z.string(), z.unknown()),
  state: z.enum(['pending', 'running']),
  attempts: z.number(),
  leaseUntil: z.number().nullable(),
  claimedBy: z.string().nullable(),
  lastError: z.string().nullable(),
}) satisfies z.ZodType<Job>;

/** Container `jobs`, partition = job id: point writes, one small due-scan per tick. */
export class CosmosJobStore implements JobStore {
  private readonly jobs: DocTable<Job>;

  constructor(cosmos: CosmosHandle) {
    this.jobs = new DocTable(cosmos.container('jobs'), 'job', jobSchema);
  }

  create(job: Job) {
    return this.jobs.createIfAbsent(safeId(job.id), safeId(job.id), job);
  }

  get(id: string) {
    return this.jobs.get(safeId(id), safeId(id));
  }

  async due(now: number, limit: number): Promise<ClaimedJob[]> {
    return (await this.scan(now, limit)).due;
  }

  async scan(now: number, limit: number): Promise<{ due: ClaimedJob[]; nextAt: number | null }> {
    const { due, nextAt } = await scanLeased(
      this.jobs,
      { state: 'state', waiting: 'pending', held: 'running', dueAt: 'dueAt' },
      now,
      limit,
    );
    return { due: due.map((r) => ({ job: r.value, etag: r.etag })), nextAt };
  }

  async replace(claimed: ClaimedJob, next: Job): Promise<ClaimedJob | null> {
    const etag = await this.jobs.replaceIfMatch(safeId(next.id), safeId(next.id), claimed.etag, next);
    return etag ? { job: next, etag } : null;
  }

  remove(claimed: ClaimedJob) {
    return this.jobs.deleteIfMatch(safeId(claimed.job.id), safeId(claimed.job.id), claimed.etag);
  }

  delete(id: string) {
    return this.jobs.delete(safeId(id), safeId(id));
  }
}
