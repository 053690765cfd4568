import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';

/** The durable timers of disputes (registered by main.ts through app/jobs.ts). */
export function disputeJobs(_deps: AppDeps): Record<string, JobHandler> {
  return {};
}
