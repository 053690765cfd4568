import { z } from 'zod';
import { closeBallot } from '../../app/ballots/close-ballot';
import { BALLOT_CLOSE_JOB, BALLOT_OPEN_JOB, BALLOT_REMINDER_JOB, openPlannedBallot } from '../../app/ballots/open-ballot';
import { remindNonVoters } from '../../app/ballots/remind-non-voters';
import { BotDeps } from '../turn';
import { ballotPresenter } from './views';
import { refreshSharedCard } from './routes';

/** The durable timers of ballots: opening, closing at the deadline (once), reminders. */
export function ballotJobs(deps: BotDeps): Record<string, (payload: Record<string, unknown>) => Promise<void>> {
  const ref = z.object({ ballotId: z.string() });
  return {
    [BALLOT_OPEN_JOB]: async (p) => openPlannedBallot(deps, ref.parse(p).ballotId, ballotPresenter(deps)),
    [BALLOT_CLOSE_JOB]: async (p) => {
      const { ballotId } = ref.parse(p);
      await closeBallot(deps, ballotId, 'systeme', ballotPresenter(deps));
      refreshSharedCard(deps, ballotId);
    },
    [BALLOT_REMINDER_JOB]: async (p) => {
      await remindNonVoters(deps, ref.extend({ offset: z.number() }).parse(p), ballotPresenter(deps));
    },
  };
}
