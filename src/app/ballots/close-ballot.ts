import { ErrorCode } from '../../domain/error-codes';
import { Ballot } from '../../domain/ballots/ballot';
import { OUTCOME_LABELS, isFavourable, isSealed, sealed, tally } from '../../domain/ballots/voting';
import { DomainError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { channelRecipient, memberRecipients } from '../meetings/recipients';
import { AppDeps } from '../ports';
import { ballotOf } from './cast-vote';
import { advanceCircuit } from './circuit-flow';
import { BallotPresenters } from './ports';
import { refreshSharedCard } from './shared-card';

type Deps = Pick<AppDeps, 'governance' | 'ballots' | 'circuits' | 'meetings' | 'outbox' | 'clock' | 'wake' | 'timers'> &
  BallotPresenters;

class NotOpen extends Error {}

/**
 * Closes a ballot exactly once, whoever asks (the deadline job on any instance, an organiser):
 * first the status turns « clos » under the etag — from then on every vote is refused — then
 * the votes are read and the result is written. A closer that died between the two steps is
 * finished by the next one. The result is posted (one notice id) and, for a circuit's stage,
 * the circuit moves on.
 */
export async function closeBallot(deps: Deps, ballotId: string, closedBy: string): Promise<Ballot | null> {
  let ballot: Ballot;
  try {
    ballot = await deps.ballots.update(ballotId, (b) => {
      if (b.status === 'ouvert' || b.status === 'programme') return { ...b, status: 'clos' };
      if (b.status === 'clos' && !b.result) return b;
      throw new NotOpen();
    });
  } catch (e) {
    if (e instanceof NotOpen) return null;
    throw e;
  }
  const now = deps.clock.now();
  const votes = await deps.ballots.votes(ballot.id);
  const result = tally(ballot, votes, closedBy, now);
  let wrote = false;
  const closed = await deps.ballots.update(ballot.id, (b) => {
    wrote = !b.result;
    return b.result ? b : { ...b, result };
  });
  const final = closed.result!;
  if (wrote) {
    await deps.ballots.addEvent(
      ballot.id,
      {
        at: now.toISOString(),
        by: closedBy,
        action: 'cloture',
        detail: `${OUTCOME_LABELS[final.outcome]} — ${final.counts.map((c) => `${c.choice} ${c.votes}`).join(', ')} ; ${final.cast}/${final.voters} votants`,
      },
      'cloture',
    );
  }
  // What follows is idempotent, so that a closer that finishes another's work repeats nothing.
  if (closed.secret) {
    for (const v of votes)
      await deps.ballots.vote(closed.id, v.voterKey, (current) =>
        current && !isSealed(current) ? sealed(current) : null,
      );
  }
  const people = await deps.governance.listPeople(closed.centraleId);
  const instance = await deps.governance.getInstance(closed.centraleId, closed.instanceId);
  const tenantId = people.find((p) => p.key === closed.openedBy)?.tenantId ?? '';
  const card = deps.presenters.ballots.result(closed, people);
  await enqueueNotice(deps, {
    noticeId: `resultat-${closed.id}`,
    centraleId: closed.centraleId,
    senderKey: closed.openedBy,
    title: `Résultat : ${closed.subject}`,
    payload: card,
    serviceUrl: closed.serviceUrl,
    recipients: instance?.channel
      ? channelRecipient(instance, tenantId, card)
      : memberRecipients(people, closed.voterKeys, () => card),
  });
  // The channel's card (posted at opening) shows the close and leads to the result.
  refreshSharedCard(deps, closed.id);
  if (closed.circuitId) {
    const reasons = votes.filter((v) => v.reason && /^contre$/i.test(v.choice)).map((v) => v.reason);
    const outcome = `${OUTCOME_LABELS[final.outcome]} (${final.counts.map((c) => `${c.choice} ${c.votes}`).join(', ')})${reasons.length && !closed.secret ? ` — motifs : ${reasons.join(' ; ')}` : ''}`;
    await advanceCircuit(deps, {
      circuitId: closed.circuitId,
      stage: closed.id,
      favourable: isFavourable(final),
      quorumMissed: final.outcome === 'quorum-non-atteint',
      outcome,
    });
  }
  return closed;
}

/** An organiser closes the ballot before its deadline. */
export async function closeBallotEarly(deps: Deps, actor: Actor, ballotId: string): Promise<Ballot> {
  const person = requirePerson(actor);
  const ballot = await ballotOf(deps, actor, ballotId);
  const instance = await deps.governance.getInstance(ballot.centraleId, ballot.instanceId);
  authorize(person, 'ballot.manage', { instance: instance ?? undefined });
  if (ballot.status === 'annule') throw new DomainError(ErrorCode.BallotCancelled, 'Ce scrutin est annulé.');
  const closed = await closeBallot(deps, ballotId, person.key);
  if (!closed) throw new DomainError(ErrorCode.BallotClosed, 'Ce scrutin est déjà clos.');
  return closed;
}
