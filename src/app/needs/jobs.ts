import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';

/** The durable timers of needs (registered by main.ts through app/jobs.ts). */
export function needsJobs(_deps: AppDeps): Record<string, JobHandler> {
  return {};
}
