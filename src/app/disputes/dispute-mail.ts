import { Dispute } from '../../domain/disputes/dispute';
import { Contract } from '../../domain/disputes/registry';
import { MailNotice } from '../delivery/ports';
import { GovernanceRepository } from '../ports';
import { Presenters } from '../presenters';

/**
 * A dispute's news to its reporter as an e-mail, for a reporter Teams cannot reach or who asked
 * for e-mail: the reference, the contract, the status, the question to answer. No personal link,
 * no calendar. Null when no e-mail presenter is wired (no transport).
 */
export async function disputeMailNotice(
  deps: { presenters: Pick<Presenters, 'mail'>; governance: Pick<GovernanceRepository, 'getCentrale'> },
  d: Dispute,
  contract: Contract | null,
  timeZone: string,
): Promise<MailNotice | null> {
  const presenter = deps.presenters.mail;
  if (!presenter) return null;
  const centrale = await deps.governance.getCentrale(d.centraleId);
  const words = presenter.disputeMail(d, { centraleName: centrale?.name ?? 'Centrale d’achat', contract, timeZone });
  return { ...words, calendar: null, link: null };
}
