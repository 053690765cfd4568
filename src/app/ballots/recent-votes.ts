import { Vote } from '../../domain/ballots/voting';
import { AppDeps } from '../ports';
import { BallotRepository } from './ports';

const SHARED_FOR_MS = 500;
const MAX_BALLOTS = 200;
/** Each read asks again for the votes of the last seconds before the latest one seen (a write of the same second, a clock's step). */
const OVERLAP_S = 2;
/** A full read now and then all the same: what a read of changes cannot see (a vote document removed) goes. */
const FULL_EVERY_MS = 60_000;

interface Known {
  /** Per voter, the latest revision read or cast here. */
  byVoter: Map<string, Vote>;
  /** The database's latest write time among the votes read (seconds), null before any. */
  lastTs: number | null;
  fullAt: number;
}
interface Shared {
  at: number;
  known: Promise<Known>;
}

/**
 * Votes of a ballot, kept by this process and shared by its turns: the first read takes them
 * all, the next ones only those written since (the database's write time, a few seconds of
 * overlap), at most every 500 ms — so a vote on a ballot of 2,000 reads the few votes of the
 * last moment, not the 2,000. One cache per repository (so per bot), timed with the injected
 * clock. `fresh` reads the changes now (the organiser's card, the channel's card).
 */
const caches = new WeakMap<BallotRepository, Map<string, Shared>>();

const newer = (a: Vote | undefined, b: Vote) => !a || b.revision >= a.revision;

async function refreshed(deps: Pick<AppDeps, 'ballots'>, ballotId: string, before: Known | null, now: number) {
  const full = !before || before.lastTs === null || now - before.fullAt >= FULL_EVERY_MS;
  const read = await deps.ballots.votesSince(ballotId, full ? null : before.lastTs! - OVERLAP_S);
  const byVoter = full ? new Map<string, Vote>() : new Map(before.byVoter);
  for (const v of read.votes) if (newer(byVoter.get(v.voterKey), v)) byVoter.set(v.voterKey, v);
  // A vote noted here meanwhile is applied after this read (noteVote chains on it).
  return {
    byVoter,
    lastTs: read.lastTs ?? before?.lastTs ?? null,
    fullAt: full ? now : before.fullAt,
  };
}

export async function recentVotes(
  deps: Pick<AppDeps, 'ballots' | 'clock'>,
  ballotId: string,
  fresh = false,
): Promise<Vote[]> {
  let recent = caches.get(deps.ballots);
  if (!recent) caches.set(deps.ballots, (recent = new Map()));
  const now = deps.clock.now().getTime();
  let shared = recent.get(ballotId);
  if (fresh || !shared || now - shared.at >= SHARED_FOR_MS) {
    const before = shared?.known.catch(() => null) ?? Promise.resolve(null);
    const known = before.then((k) => refreshed(deps, ballotId, k, now));
    shared = { at: now, known };
    recent.set(ballotId, shared);
    if (recent.size > MAX_BALLOTS) recent.delete(recent.keys().next().value!);
    // A failed read is not shared: the next turn reads again.
    const failed = shared;
    known.catch(() => {
      if (recent.get(ballotId) === failed) recent.delete(ballotId);
    });
  }
  return [...(await shared.known).byVoter.values()];
}

/**
 * A vote just cast in this process joins the shared votes at once: a read still under way (or
 * done a moment before) may not hold it, and the next voter's card must count it.
 */
export function noteVote(deps: Pick<AppDeps, 'ballots'>, ballotId: string, vote: Vote): void {
  const shared = caches.get(deps.ballots)?.get(ballotId);
  if (!shared) return;
  shared.known = shared.known.then((k) => {
    if (newer(k.byVoter.get(vote.voterKey), vote)) k.byVoter.set(vote.voterKey, vote);
    return k;
  });
}
