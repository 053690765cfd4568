import { Ballot } from '../../domain/ballots/ballot';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { MY_BALLOTS_RECENT_MS } from '../../domain/listing-windows';

export interface MyBallot {
  ballot: Ballot;
  /** The person is one of its organisers: the button leads to the follow-up card. */
  organiser: boolean;
  /** The person must vote in it (and whether they have). */
  voter: boolean;
  voted: boolean;
}

/** « Mes scrutins »: the ballots the actor organises or must vote in, running or closed lately. */
export async function myBallots(deps: Pick<AppDeps, 'ballots' | 'clock'>, actor: Actor): Promise<MyBallot[]> {
  const person = requirePerson(actor);
  const since = new Date(deps.clock.now().getTime() - MY_BALLOTS_RECENT_MS);
  const ballots = await deps.ballots.involving(person.centraleId, person.key, since);
  return Promise.all(
    ballots.map(async (ballot) => {
      const voter = ballot.voterKeys.includes(person.key);
      return {
        ballot,
        organiser: ballot.organiserKeys.includes(person.key),
        voter,
        voted: voter && (await deps.ballots.voteOf(ballot.id, person.key)) !== null,
      };
    }),
  );
}
