import { Ballot } from '../../domain/ballots/ballot';
import { Vote } from '../../domain/ballots/voting';
import { Person } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { ballotOf } from './cast-vote';
import { closeBallotEarly } from './close-ballot';
import { recentVotes } from './recent-votes';

/** The organisers' follow-up: participation, non-voters, the tally where allowed (or the result). */
export interface ManageView {
  ballot: Ballot;
  people: Person[];
  /** Read afresh; empty once the result is stored (it carries the counts). */
  votes: Vote[];
}

export async function manageView(
  deps: Pick<AppDeps, 'governance' | 'ballots' | 'clock'>,
  actor: Actor,
  b: Ballot,
): Promise<ManageView> {
  const instance = await deps.governance.getInstance(b.centraleId, b.instanceId);
  authorize(requirePerson(actor), 'ballot.manage', { instance: instance ?? undefined });
  const people = await deps.governance.listPeople(b.centraleId);
  return { ballot: b, people, votes: b.status === 'clos' && b.result ? [] : await recentVotes(deps, b.id, true) };
}

export async function manageBallot(
  deps: Pick<AppDeps, 'governance' | 'ballots' | 'clock'>,
  actor: Actor,
  ballotId: string,
): Promise<ManageView> {
  return manageView(deps, actor, await ballotOf(deps, actor, ballotId));
}

/** « Clore maintenant »: the ballot closes (result posted) and the organiser sees its result. */
export async function closeAndManage(
  deps: Parameters<typeof closeBallotEarly>[0],
  actor: Actor,
  ballotId: string,
): Promise<ManageView> {
  return manageView(deps, actor, await closeBallotEarly(deps, actor, ballotId));
}
