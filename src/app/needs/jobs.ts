import { z } from 'zod';
import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';
import { NEEDS_CLOSE_JOB, NEEDS_REMINDER_JOB, closeCampaignAtDeadline, remindSilentMembers } from './campaigns';

/** What openCampaign schedules (one timer per reminder offset; the deadline they are for, since extensions). */
const reminderPayload = z.object({ campaignId: z.string(), offset: z.number(), deadline: z.string().optional() });
const closePayload = z.object({ campaignId: z.string(), deadline: z.string() });

/** The durable timers of needs (registered by main.ts through app/jobs.ts). */
export function needsJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    [NEEDS_REMINDER_JOB]: async (p) => {
      await remindSilentMembers(deps, reminderPayload.parse(p));
    },
    // At the end of the deadline day: the campaign closes (unless extended since).
    [NEEDS_CLOSE_JOB]: async (p) => {
      await closeCampaignAtDeadline(deps, closePayload.parse(p));
    },
  };
}
