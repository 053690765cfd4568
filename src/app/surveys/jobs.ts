import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';

/** The durable timers of surveys (registered by main.ts through app/jobs.ts). */
export function surveyJobs(_deps: AppDeps): Record<string, JobHandler> {
  return {};
}
