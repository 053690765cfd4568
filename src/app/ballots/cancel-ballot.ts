import { ErrorCode } from '../../domain/error-codes';
import { Ballot } from '../../domain/ballots/ballot';
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

type Deps = Pick<AppDeps, 'governance' | 'ballots' | 'circuits' | 'outbox' | 'clock' | 'wake' | 'timers'> &
  BallotPresenters;

/** An organiser cancels an open ballot, with a reason: voters and channel are told; a circuit stops. */
export async function cancelBallot(
  deps: Deps,
  actor: Actor,
  input: { ballotId: string; reason: string },
): Promise<Ballot> {
  const person = requirePerson(actor);
  const ballot = await ballotOf(deps, actor, input.ballotId);
  const instance = await deps.governance.getInstance(ballot.centraleId, ballot.instanceId);
  authorize(person, 'ballot.manage', { instance: instance ?? undefined });
  const reason = input.reason.trim();
  if (!reason)
    throw new DomainError(
      ErrorCode.ReasonRequired,
      'Indiquez la raison de l’annulation : elle sera communiquée aux votants.',
    );
  if (reason.length > 500)
    throw new DomainError(ErrorCode.ReasonTooLong, 'La raison dépasse 500 caractères : raccourcissez-la.');
  const now = deps.clock.now();
  const cancelled = await deps.ballots.update(ballot.id, (b) => {
    if (b.status === 'clos')
      throw new DomainError(ErrorCode.BallotClosed, 'Ce scrutin est clos : son résultat ne peut plus être annulé.');
    if (b.status === 'annule') throw new DomainError(ErrorCode.BallotCancelled, 'Ce scrutin est déjà annulé.');
    return { ...b, status: 'annule', cancelReason: reason };
  });
  await deps.ballots.addEvent(
    ballot.id,
    {
      at: now.toISOString(),
      by: person.key,
      action: 'annulation',
      detail: reason,
    },
    'annulation',
  );
  const people = await deps.governance.listPeople(ballot.centraleId);
  const card = deps.presenters.ballots.shared(cancelled, people, []);
  await enqueueNotice(deps, {
    noticeId: `annulation-${ballot.id}`,
    centraleId: ballot.centraleId,
    senderKey: person.key,
    title: `Scrutin annulé : ${ballot.subject}`,
    payload: card,
    serviceUrl: ballot.serviceUrl,
    recipients: [
      ...memberRecipients(people, ballot.voterKeys, () => card),
      ...(instance ? channelRecipient(instance, person.tenantId, card) : []),
    ],
  });
  if (cancelled.circuitId)
    await advanceCircuit(deps, {
      circuitId: cancelled.circuitId,
      stage: cancelled.id,
      favourable: false,
      outcome: `Scrutin annulé : ${reason}`,
      by: person.key,
    });
  // The channel's card (posted at opening) now says « annulé ».
  refreshSharedCard(deps, cancelled.id);
  return cancelled;
}
