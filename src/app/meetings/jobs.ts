import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';

/** The durable timers of meetings (registered by main.ts through app/jobs.ts). */
export function meetingJobs(_deps: AppDeps): Record<string, JobHandler> {
  return {};
}
