import { ballotMailNotice } from './ballot-mail';
import { enqueueNotice } from '../delivery/enqueue';
import { memberRecipients } from '../meetings/recipients';
import { AppDeps } from '../ports';
import { BallotPresenters } from './ports';
import { count } from '../../domain/french-text';

/** Before closing: voters who have not voted (nor been voted for) get their card again, once. */
export async function remindNonVoters(
  deps: Pick<AppDeps, 'governance' | 'ballots' | 'outbox' | 'clock' | 'wake'> & BallotPresenters,
  payload: { ballotId: string; offset: number },
): Promise<number> {
  const ballot = await deps.ballots.get(payload.ballotId);
  if (!ballot || ballot.status !== 'ouvert' || Date.parse(ballot.closesAt) <= deps.clock.now().getTime()) return 0;
  const votes = await deps.ballots.votes(ballot.id);
  const voted = new Set(votes.map((v) => v.voterKey));
  const people = await deps.governance.listPeople(ballot.centraleId);
  const recipients = memberRecipients(
    people,
    ballot.voterKeys.filter((k) => !voted.has(k)),
    // The tally the card may show (never a secret ballot's) is the real one, not an empty one.
    (key) => deps.presenters.ballots.personal(ballot, key, people, 'Rappel : vous n’avez pas encore voté.', votes),
  );
  if (recipients.length === 0) return 0;
  await enqueueNotice(deps, {
    noticeId: `rappel-vote-${ballot.id}-${payload.offset}`,
    centraleId: ballot.centraleId,
    senderKey: ballot.openedBy,
    title: `Rappel : ${ballot.subject}`,
    payload: recipients[0]!.payload!,
    serviceUrl: ballot.serviceUrl,
    recipients,
    mail: await ballotMailNotice(deps, 'reminder', ballot),
  });
  await deps.ballots.addEvent(
    ballot.id,
    {
      at: deps.clock.now().toISOString(),
      by: 'systeme',
      action: 'rappel',
      detail: `Rappel à ${count(recipients.length, 'votant', 'votants')} sans vote`,
    },
    `rappel:${payload.offset}`,
  );
  return recipients.length;
}
