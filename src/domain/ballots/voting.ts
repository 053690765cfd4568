import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { Ballot, BallotResult, isAbstention } from './ballot';
import { quorumThreshold } from '../rules';

/** One voter's vote (cast by them, or by the member holding their proxy). */
export interface Vote {
  voterKey: string;
  castBy: string;
  choice: string;
  reason: string;
  /** 1 at the first vote, +1 at each change: what the result records as counted. */
  revision: number;
  at: string;
}

/**
 * A secret ballot's vote once the ballot is counted: who took part (and through whom) stays,
 * the choice and reason go. While it is open the choice must stay with the voter, who may change
 * it; after the count nothing needs it, and keeping it would let anyone reading the database see
 * how each elected official voted.
 */
export const sealed = (v: Vote): Vote => ({ ...v, choice: '', reason: '' });
export const isSealed = (v: Vote): boolean => v.choice === '';

export interface VoteRequest {
  /** Who clicks. */
  actorKey: string;
  /** For whom: the actor, or a member whose proxy the actor holds. */
  forKey: string;
  choice: string;
  reason: string;
}

/**
 * Checks a vote and returns it (or null when it changes nothing: a retried invoke). One vote
 * per voter, changeable until closing; a proxy holder votes explicitly for the member they
 * represent. `proxies` maps a represented member to their holder; `nameOf` names people in refusals.
 */
export function castVote(
  ballot: Ballot,
  previous: Vote | null,
  req: VoteRequest,
  context: { proxies: Map<string, string>; nameOf: (k: string) => string; now: Date },
): Vote | null {
  const { proxies, nameOf, now } = context;
  if (ballot.status === 'annule')
    throw new DomainError(ErrorCode.BallotCancelled, 'Ce scrutin a été annulé : il n’est plus possible de voter.');
  if (ballot.status === 'clos' || Date.parse(ballot.closesAt) <= now.getTime())
    throw new DomainError(ErrorCode.BallotClosed, 'Ce scrutin est clos : votre vote n’a pas été enregistré.');
  if (ballot.status === 'programme' || Date.parse(ballot.opensAt) > now.getTime())
    throw new DomainError(ErrorCode.BallotNotOpen, 'Ce scrutin n’est pas encore ouvert.');
  if (!ballot.voterKeys.includes(req.forKey)) {
    throw new DomainError(
      ErrorCode.NotAVoter,
      req.forKey === req.actorKey
        ? 'Vous ne faites pas partie des votants de ce scrutin (membres de l’instance à son ouverture).'
        : `${nameOf(req.forKey)} ne fait pas partie des votants de ce scrutin.`,
    );
  }
  if (req.forKey !== req.actorKey && proxies.get(req.forKey) !== req.actorKey) {
    throw new DomainError(
      ErrorCode.NoProxy,
      `Vous ne détenez pas de pouvoir de ${nameOf(req.forKey)} pour ce scrutin.`,
    );
  }
  if (req.forKey === req.actorKey && proxies.has(req.actorKey)) {
    throw new DomainError(
      ErrorCode.GaveProxy,
      `Vous avez donné pouvoir à ${nameOf(proxies.get(req.actorKey)!)} : c’est à lui ou à elle de voter pour vous.`,
    );
  }
  const choice = ballot.choices.find((c) => c === req.choice);
  if (!choice)
    throw new DomainError(ErrorCode.UnknownChoice, 'Ce choix ne fait pas partie du scrutin : rouvrez la carte.');
  const reason = req.reason.trim();
  if (ballot.reasonRequiredFor.includes(choice) && !reason)
    throw new DomainError(
      ErrorCode.ReasonRequired,
      `Indiquez le motif de votre vote « ${choice} » : il est demandé pour ce choix.`,
    );
  if (reason.length > 1000)
    throw new DomainError(ErrorCode.ReasonTooLong, 'Le motif dépasse 1 000 caractères : raccourcissez-le.');
  if (previous && previous.choice === choice && previous.reason === reason && previous.castBy === req.actorKey)
    return null;
  return {
    voterKey: req.forKey,
    castBy: req.actorKey,
    choice,
    reason,
    revision: (previous?.revision ?? 0) + 1,
    at: now.toISOString(),
  };
}

/** Participation, tally and outcome under the ballot's rules. */
export function tally(ballot: Ballot, votes: Vote[], closedBy: string, now: Date): BallotResult {
  const valid = votes.filter((v) => ballot.voterKeys.includes(v.voterKey) && ballot.choices.includes(v.choice));
  const counts = ballot.choices.map((choice) => ({ choice, votes: valid.filter((v) => v.choice === choice).length }));
  const cast = valid.length;
  const expressedCounts = counts.filter((c) => !isAbstention(c.choice));
  const expressed = expressedCounts.reduce((n, c) => n + c.votes, 0);
  const quorumRequired = quorumThreshold(ballot.quorum, ballot.voterKeys.length);
  const quorumReached = cast >= quorumRequired;
  const chairVote = ballot.chairKey ? (valid.find((v) => v.voterKey === ballot.chairKey)?.choice ?? null) : null;
  let outcome: BallotResult['outcome'];
  let retained: string | null = null;
  let castingVoteUsed = false;

  const sorted = [...expressedCounts].sort((a, b) => b.votes - a.votes);
  const top = sorted[0];
  const tiedTop = sorted.filter((c) => top && c.votes === top.votes && top.votes > 0);
  const needed = (n: number) =>
    ballot.majority === 'deux-tiers'
      ? Math.ceil((2 * n) / 3)
      : ballot.majority === 'absolue'
        ? Math.floor(n / 2) + 1
        : 1;
  const pourContre = ballot.choices.some((c) => /^pour$/i.test(c)) && ballot.choices.some((c) => /^contre$/i.test(c));

  let population: BallotResult['population'] = null;
  if (ballot.majority === 'double-maires' && ballot.population) {
    // CGCT L3633-2: a majority of the mayors (in office), representing half the population at least.
    const pourVoters = valid.filter((v) => /^pour$/i.test(v.choice)).map((v) => v.voterKey);
    population = {
      pour: pourVoters.reduce((n, k) => n + (ballot.population!.byVoter[k] ?? 0), 0),
      total: ballot.population.total,
      mayorsPour: pourVoters.length,
      mayors: ballot.voterKeys.length,
    };
  }

  if (!quorumReached) outcome = 'quorum-non-atteint';
  else if (population) {
    const parts = doubleMajorityParts(population);
    const adopted = parts.mayors && parts.population;
    outcome = adopted ? 'adopte' : 'rejete';
    retained = adopted ? (ballot.choices.find((c) => /^pour$/i.test(c)) ?? null) : null;
  } else if (tiedTop.length > 1 && ballot.majority !== 'deux-tiers') {
    // A tie: the chair's vote decides, except in a secret ballot (then it is not adopted).
    if (!ballot.secret && chairVote && tiedTop.some((c) => c.choice === chairVote)) {
      castingVoteUsed = true;
      retained = chairVote;
      outcome = pourContre ? (/^pour$/i.test(chairVote) ? 'adopte' : 'rejete') : 'choix-retenu';
    } else {
      outcome = pourContre ? 'egalite' : 'pas-de-majorite';
    }
  } else if (top && top.votes > 0 && top.votes >= needed(expressed)) {
    retained = top.choice;
    outcome = pourContre ? (/^pour$/i.test(top.choice) ? 'adopte' : 'rejete') : 'choix-retenu';
  } else {
    outcome = pourContre ? 'rejete' : 'pas-de-majorite';
  }
  return {
    counts,
    cast,
    expressed,
    voters: ballot.voterKeys.length,
    quorumRequired,
    quorumReached,
    outcome,
    retained,
    castingVoteUsed,
    population,
    named: ballot.secret ? null : valid.map((v) => ({ voterKey: v.voterKey, choice: v.choice, castBy: v.castBy })),
    counted: Object.fromEntries(valid.map((v) => [v.voterKey, v.revision])),
    closedAt: now.toISOString(),
    closedBy,
  };
}

/** CGCT L3633-2's two conditions: more than half of the mayors, at least half of the population. */
export const doubleMajorityParts = (p: { pour: number; total: number; mayorsPour: number; mayors: number }) => ({
  mayors: p.mayorsPour * 2 > p.mayors,
  population: p.pour * 2 >= p.total,
});

export const OUTCOME_LABELS: Record<BallotResult['outcome'], string> = {
  adopte: 'Adopté',
  rejete: 'Rejeté',
  egalite: 'Égalité : non adopté',
  'quorum-non-atteint': 'Quorum non atteint : le vote n’est pas valable',
  'choix-retenu': 'Choix retenu',
  'pas-de-majorite': 'Aucun choix n’a la majorité requise',
};

/** A ballot is favourable for a validation circuit when it was adopted (or a choice retained). */
export const isFavourable = (r: BallotResult) => r.outcome === 'adopte' || r.outcome === 'choix-retenu';
