import { Ballot } from '../../domain/ballots/ballot';
import { MailNotice } from '../delivery/ports';
import { GovernanceRepository } from '../ports';
import { BallotMailKind, BallotPresenters } from './ports';
import { voteLinkExpiry } from './vote-link';

/**
 * A ballot's notice as an e-mail, for voters Teams cannot reach: a named ballot's with each
 * voter's link to vote (the vote confirmed on the page), a secret ballot's without (its vote is
 * in Teams only). Null when no e-mail presenter is wired.
 */
export async function ballotMailNotice(
  deps: BallotPresenters & { governance: Pick<GovernanceRepository, 'getCentrale'> },
  kind: BallotMailKind,
  ballot: Ballot,
): Promise<MailNotice | null> {
  const presenter = deps.presenters.mail;
  if (!presenter) return null;
  const centrale = await deps.governance.getCentrale(ballot.centraleId);
  return {
    ...presenter.ballotMail(kind, ballot, { centraleName: centrale?.name ?? 'Centrale d’achat' }),
    calendar: null,
    link: ballot.secret ? null : { kind: 'scrutin', id: ballot.id, expiresAt: voteLinkExpiry(ballot).toISOString() },
  };
}
