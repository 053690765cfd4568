import { ErrorCode } from '../../domain/error-codes';
import { Ballot, tallyVisible } from '../../domain/ballots/ballot';
import { Vote } from '../../domain/ballots/voting';
import { DomainError, isDomainError } from '../../domain/errors';
import { Person } from '../../domain/governance';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { ballotOf, proxiesOf, voteOnBallot } from './cast-vote';
import { noteVote, recentVotes } from './recent-votes';

/**
 * What a person sees of a ballot: an organiser who neither votes nor holds a proxy sees the
 * channel's card; a voter (or proxy holder) their own, with their votes and the tally they may
 * see; anyone else is refused and learns nothing of it.
 */
export type VoterView =
  | { kind: 'shared'; ballot: Ballot; people: Person[]; votes: Vote[] }
  | {
      kind: 'voter';
      ballot: Ballot;
      people: Person[];
      votes: Vote[];
      viewerKey: string;
      proxies: Map<string, string>;
      error: string;
      /** When it was read: the card offers no vote once the closing time has come. */
      now: Date;
    };

type Deps = Pick<AppDeps, 'governance' | 'ballots' | 'meetings' | 'clock'>;

/**
 * The viewer's own votes are point reads (exact, or the vote just cast); the others' votes, when
 * the tally is visible, are those shared by this process's turns for a moment (`recentVotes`).
 * Only the people the card names are read, one point read each.
 */
export async function voterView(
  deps: Deps,
  actor: Actor,
  b: Ballot,
  opts: { error?: string; justCast?: Vote | null } = {},
): Promise<VoterView> {
  const { error = '', justCast = null } = opts;
  const person = requirePerson(actor);
  const proxies = await proxiesOf(deps, b);
  const represented = [...proxies].filter(([, holder]) => holder === person.key).map(([k]) => k);
  if (!b.voterKeys.includes(person.key) && represented.length === 0) {
    // Only its organisers see a ballot they do not vote in: to anyone else it stays unknown.
    if (!b.organiserKeys.includes(person.key))
      throw new DomainError(
        ErrorCode.NotAVoter,
        'Vous ne faites pas partie des votants de ce scrutin (membres de l’instance à son ouverture). Si vous devriez en être, adressez-vous à un organisateur de l’instance.',
      );
    if (error) throw new DomainError(ErrorCode.NotAVoter, error);
    return {
      kind: 'shared',
      ballot: b,
      people: await deps.governance.listPeople(b.centraleId),
      votes: await recentVotes(deps, b.id),
    };
  }
  const own = (
    await Promise.all(
      [person.key, ...represented].map((k) => (justCast?.voterKey === k ? justCast : deps.ballots.voteOf(b.id, k))),
    )
  ).filter((v): v is Vote => !!v);
  const keys = new Set([person.key, ...represented, ...own.map((v) => v.castBy), ...proxies.values()]);
  keys.delete(person.key);
  const people = [
    person,
    ...(await Promise.all([...keys].map((k) => deps.governance.getPerson(b.centraleId, k)))).filter(
      (p): p is NonNullable<typeof p> => !!p,
    ),
  ];
  keys.add(person.key);
  const mine = own.find((v) => v.voterKey === person.key);
  // The others' votes, read as the organiser's card reads them, give the participation: a voter
  // and the organiser read the same « N votants sur M ». Their choices stay out of the view
  // unless the tally may be shown to this voter.
  const visible = tallyVisible(b, !!mine);
  const others = (await recentVotes(deps, b.id))
    .filter((v) => !keys.has(v.voterKey))
    .map((v) => (visible ? v : { ...v, choice: '', reason: '' }));
  return {
    kind: 'voter',
    ballot: b,
    people,
    votes: [...own, ...others],
    viewerKey: person.key,
    proxies,
    error,
    now: deps.clock.now(),
  };
}

export async function viewBallot(deps: Deps, actor: Actor, ballotId: string): Promise<VoterView> {
  return voterView(deps, actor, await ballotOf(deps, actor, ballotId));
}

/** A vote from the card, answered with the card as it now stands, or with the refusal on it. */
export async function voteFromCard(
  deps: Parameters<typeof voteOnBallot>[0],
  actor: Actor,
  input: { ballotId: string; forKey?: string | null; choice: string; reason?: string; via?: 'lien-email' },
): Promise<VoterView> {
  let cast: Awaited<ReturnType<typeof voteOnBallot>>;
  try {
    cast = await voteOnBallot(deps, actor, input);
  } catch (e) {
    if (!isDomainError(e) || e.code === ErrorCode.UnknownBallot) throw e;
    return voterView(deps, actor, await ballotOf(deps, actor, input.ballotId), { error: e.userMessage });
  }
  if (cast.vote) noteVote(deps, cast.ballot.id, cast.vote);
  return voterView(deps, actor, cast.ballot, { justCast: cast.vote });
}
