import { z } from 'zod';
import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';
import { REMINDER_JOB } from './convene-sitting';
import { remindSilentMembers } from './remind-silent-members';

/** What `scheduleReminders` stores with each reminder timer. */
const reminderPayload = z.object({ sittingId: z.string(), version: z.number(), offset: z.number() });

/** The durable timers of meetings (registered by main.ts through app/jobs.ts). */
export function meetingJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    // Silent members get their card again, headed « Rappel ».
    [REMINDER_JOB]: async (payload) => {
      await remindSilentMembers(deps, reminderPayload.parse(payload));
    },
  };
}
