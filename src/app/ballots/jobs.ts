import { z } from 'zod';
import { AppDeps } from '../ports';
import { JobHandler } from '../scheduler';
import { closeBallot } from './close-ballot';
import { BALLOT_CLOSE_JOB, BALLOT_OPEN_JOB, BALLOT_REMINDER_JOB, openPlannedBallot } from './open-ballot';
import { remindNonVoters } from './remind-non-voters';
import { refreshSharedCard } from './shared-card';

const ref = z.object({ ballotId: z.string() });

/** The durable timers of ballots: opening, closing at the deadline (once), reminders (registered by main.ts through app/jobs.ts). */
export function ballotJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    [BALLOT_OPEN_JOB]: async (p) => openPlannedBallot(deps, ref.parse(p).ballotId),
    [BALLOT_CLOSE_JOB]: async (p) => {
      const { ballotId } = ref.parse(p);
      await closeBallot(deps, ballotId, 'systeme');
      refreshSharedCard(deps, ballotId);
    },
    [BALLOT_REMINDER_JOB]: async (p) => {
      await remindNonVoters(deps, ref.extend({ offset: z.number() }).parse(p));
    },
  };
}
