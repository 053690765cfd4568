import { Vote } from '../../domain/ballots/voting';
import { AppDeps } from '../ports';
import { BallotRepository } from './ports';

const SHARED_FOR_MS = 500;
const MAX_BALLOTS = 200;

/**
 * Votes of a ballot, shared for a moment by the turns of this process: a burst of votes reads
 * the partition a few times instead of once per vote. One cache per repository (so per bot),
 * timed with the injected clock. `fresh` reads again (the organiser's card, the channel's card).
 */
const caches = new WeakMap<BallotRepository, Map<string, { at: number; votes: Promise<Vote[]> }>>();

export function recentVotes(
  deps: Pick<AppDeps, 'ballots' | 'clock'>,
  ballotId: string,
  fresh = false,
): Promise<Vote[]> {
  let recent = caches.get(deps.ballots);
  if (!recent) caches.set(deps.ballots, (recent = new Map()));
  const now = deps.clock.now().getTime();
  const cached = recent.get(ballotId);
  if (!fresh && cached && now - cached.at < SHARED_FOR_MS) return cached.votes;
  const votes = deps.ballots.votes(ballotId);
  recent.set(ballotId, { at: now, votes });
  if (recent.size > MAX_BALLOTS) recent.delete(recent.keys().next().value!);
  return votes;
}

/**
 * A vote just cast in this process joins the shared votes at once: a read still under way (or
 * done a moment before) may not hold it, and the next voter's card must count it.
 */
export function noteVote(deps: Pick<AppDeps, 'ballots'>, ballotId: string, vote: Vote): void {
  const cached = caches.get(deps.ballots)?.get(ballotId);
  if (!cached) return;
  cached.votes = cached.votes.then((votes) => [...votes.filter((v) => v.voterKey !== vote.voterKey), vote]);
}
