import { ErrorCode } from '../../domain/error-codes';
import { Ballot } from '../../domain/ballots/ballot';
import { Vote, castVote } from '../../domain/ballots/voting';
import { DomainError } from '../../domain/errors';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { BallotPresenters } from './ports';
import { refreshSharedCard } from './shared-card';

type Deps = Pick<AppDeps, 'governance' | 'ballots' | 'meetings' | 'outbox' | 'clock' | 'wake'> & BallotPresenters;

/** Who holds whose proxy for this ballot: the pouvoirs given for its sitting, if any. */
export async function proxiesOf(deps: Pick<AppDeps, 'meetings'>, ballot: Ballot): Promise<Map<string, string>> {
  if (!ballot.sittingId) return new Map();
  const answers = await deps.meetings.answersOf(ballot.sittingId);
  return new Map(
    answers.filter((a) => a.choice === 'pouvoir' && a.proxyHolderKey).map((a) => [a.personKey, a.proxyHolderKey!]),
  );
}

export async function ballotOf(deps: Pick<AppDeps, 'ballots'>, actor: Actor, ballotId: string): Promise<Ballot> {
  const b = await deps.ballots.get(ballotId);
  if (!b || b.centraleId !== requirePerson(actor).centraleId)
    throw new DomainError(ErrorCode.UnknownBallot, 'Ce scrutin est introuvable dans votre centrale.');
  return b;
}

/**
 * A voter votes (or a proxy holder for the member they represent). The vote is one document
 * per voter, so concurrent votes never collide and a retried invoke changes nothing. If the
 * ballot closed while the vote was being written, the stored result says whether it counted.
 * A vote that changed something asks for the channel's card to follow.
 */
export async function voteOnBallot(
  deps: Deps,
  actor: Actor,
  input: { ballotId: string; forKey?: string | null; choice: string; reason?: string; via?: 'lien-email' },
): Promise<{ ballot: Ballot; vote: Vote | null; changed: boolean }> {
  const person = requirePerson(actor);
  const ballot = await ballotOf(deps, actor, input.ballotId);
  const proxies = await proxiesOf(deps, ballot);
  const forKey = input.forKey || person.key;
  // Only the people a message may name are read (a point read each), never the whole directory.
  const named = new Map<string, string>([[person.key, person.displayName]]);
  for (const k of new Set(
    [forKey, proxies.get(person.key), proxies.get(forKey)].filter((k): k is string => !!k && !named.has(k)),
  )) {
    named.set(k, (await deps.governance.getPerson(ballot.centraleId, k))?.displayName ?? 'ce membre');
  }
  const nameOf = (k: string) => named.get(k) ?? 'ce membre';
  const now = deps.clock.now();
  const { vote, previous } = await deps.ballots.vote(ballot.id, forKey, (prev) =>
    castVote(
      ballot,
      prev,
      { actorKey: person.key, forKey, choice: input.choice, reason: input.reason ?? '' },
      { proxies, nameOf, now },
    ),
  );
  if (!vote) return { ballot, vote: previous, changed: false };
  const proxyNote =
    (forKey !== person.key ? ` pour ${nameOf(forKey)} (pouvoir)` : '') + (input.via ? ' (par lien e-mail)' : '');
  await deps.ballots.addEvent(
    ballot.id,
    {
      at: vote.at,
      by: person.key,
      action: previous ? 'changement' : 'vote',
      detail: ballot.secret
        ? `${previous ? 'Vote modifié' : 'A voté'}${proxyNote}`
        : `${previous ? `Vote modifié : ${previous.choice} → ` : 'Vote : '}${vote.choice}${proxyNote}${vote.reason ? ` — motif : ${vote.reason}` : ''}`,
    },
    `vote:${forKey}:${vote.revision}`,
  );
  const latest = await deps.ballots.get(ballot.id);
  if (latest && latest.status !== 'ouvert') await confirmCounted(deps, latest.id, forKey, vote.revision);
  refreshSharedCard(deps, ballot.id);
  return { ballot: latest ?? ballot, vote, changed: true };
}

/** The ballot closed under our feet: wait for its result and tell the truth about this vote. */
async function confirmCounted(deps: Pick<AppDeps, 'ballots'>, ballotId: string, voterKey: string, revision: number) {
  for (let i = 0; i < 40; i++) {
    const b = await deps.ballots.get(ballotId);
    if (b?.status === 'annule')
      throw new DomainError(ErrorCode.BallotCancelled, 'Ce scrutin a été annulé pendant votre vote.');
    if (b?.result) {
      if (b.result.counted[voterKey] === revision) return;
      throw new DomainError(
        ErrorCode.BallotClosed,
        'Le scrutin a été clos pendant votre vote : ce vote n’a pas été compté.',
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
