import { Sitting } from './sitting';

/**
 * « quorum ? »: the sitting one asks about is the next one to come, or one that started less
 * than three hours ago (a sitting under way: its organiser counts who is there). A cancelled
 * sitting, or one whose relevé is written, has no quorum left to foresee.
 */
export const SITTING_UNDER_WAY_MS = 3 * 3_600_000;

/** The earliest start a sitting may have and still be « the next one » at `now`. */
export const nextSittingsFrom = (now: Date): Date => new Date(now.getTime() - SITTING_UNDER_WAY_MS);

/** The sittings still to come (or under way) at `now`, soonest first. */
export function sittingsToCome<S extends Pick<Sitting, 'status' | 'startsAt'>>(sittings: S[], now: Date): S[] {
  const from = nextSittingsFrom(now).getTime();
  return sittings
    .filter((s) => (s.status === 'convoquee' || s.status === 'modifiee') && Date.parse(s.startsAt) >= from)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}
