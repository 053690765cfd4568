import { ballotJobs } from './ballots/jobs';
import { disputeJobs } from './disputes/jobs';
import { meetingJobs } from './meetings/jobs';
import { needsJobs } from './needs/jobs';
import { AppDeps } from './ports';
import { JobHandler } from './scheduler';
import { surveyJobs } from './surveys/jobs';

/** Every feature's durable timers, by job type. */
export function allJobs(deps: AppDeps): Record<string, JobHandler> {
  return { ...meetingJobs(deps), ...ballotJobs(deps), ...needsJobs(deps), ...disputeJobs(deps), ...surveyJobs(deps) };
}
