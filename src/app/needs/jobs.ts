import { z } from 'zod';
import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';
import { NEEDS_REMINDER_JOB, remindSilentMembers } from './campaigns';

/** What openCampaign schedules (one timer per reminder offset). */
const reminderPayload = z.object({ campaignId: z.string(), offset: z.number() });

/** The durable timers of needs (registered by main.ts through app/jobs.ts). */
export function needsJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    [NEEDS_REMINDER_JOB]: async (p) => {
      await remindSilentMembers(deps, reminderPayload.parse(p));
    },
  };
}
