import { z } from 'zod';
import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';
import { DISPUTE_OVERDUE_JOB, escalateIfOverdue } from './disputes';

const overduePayload = z.object({ fileId: z.string(), disputeId: z.string(), what: z.enum(['takeCharge', 'resolve']) });

/** The durable timers of disputes (registered by main.ts through app/jobs.ts). */
export function disputeJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    [DISPUTE_OVERDUE_JOB]: async (p) => {
      const payload = overduePayload.parse(p);
      // A timer may outlive its dispute: nothing stored, nothing to escalate (update would throw).
      if (await deps.disputes.get(payload.fileId, payload.disputeId))
        await escalateIfOverdue(deps, payload, deps.presenters.disputes);
    },
  };
}
