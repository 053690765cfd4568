import { z } from 'zod';
import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';
import { SURVEY_REMINDER_JOB, remindSurvey } from './surveys';

/** What openSurvey schedules (one reminder, two days before the deadline). */
const reminderPayload = z.object({ surveyId: z.string() });

/** The durable timers of surveys (registered by main.ts through app/jobs.ts). */
export function surveyJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    [SURVEY_REMINDER_JOB]: async (p) => {
      await remindSurvey(deps, reminderPayload.parse(p).surveyId);
    },
  };
}
