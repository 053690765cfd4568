import { z } from 'zod';
import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';
import { DISPUTE_OVERDUE_JOB, escalateIfOverdue, overdueTimer } from './disputes';

const what = z.enum(['takeCharge', 'resolve']);
/** `then`: the later deadline, scheduled once this one has run (timers stored before it have none). */
const overduePayload = z.object({
  fileId: z.string(),
  disputeId: z.string(),
  what,
  then: z.object({ what, dueAt: z.string().datetime() }).optional(),
});

/** The durable timers of disputes (registered by main.ts through app/jobs.ts). */
export function disputeJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    [DISPUTE_OVERDUE_JOB]: async (p) => {
      const { then, ...payload } = overduePayload.parse(p);
      // A timer may outlive its dispute: nothing stored, nothing to escalate (update would throw).
      const dispute = await deps.disputes.get(payload.fileId, payload.disputeId);
      if (!dispute) return;
      await escalateIfOverdue(deps, payload, deps.presenters.disputes);
      // Before this job is done: a failure after it is run again, and the fixed id does not double it.
      if (then && deps.timers)
        await deps.timers.schedule(overdueTimer(dispute, { ...then, dueAt: new Date(then.dueAt) }));
    },
  };
}
