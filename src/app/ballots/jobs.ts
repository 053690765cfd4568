import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';

/** The durable timers of ballots (registered by main.ts through app/jobs.ts). */
export function ballotJobs(_deps: AppDeps): Record<string, JobHandler> {
  return {};
}
