import { ErrorCode } from '../../domain/error-codes';
import { recipientId } from '../../domain/delivery/delivery';
import { CONTRADICTORY_DAYS, Dispute, HandlingAction, handle } from '../../domain/disputes/dispute';
import { DomainError, isDomainError } from '../../domain/errors';
import { enqueueNotice, updatePostedCard } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { memberRecipients } from '../meetings/recipients';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { disputeMailNotice } from './dispute-mail';
import { CommitteeSide, committeeSide, disputeNoticeId } from './disputes';
import { CommitteeCardData } from './ports';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'outbox' | 'clock' | 'wake' | 'presenters' | 'disputeDelaysH'> &
  Partial<Pick<AppDeps, 'documents'>>;
type HandleInput = {
  fileId: string;
  disputeId: string;
  action: HandlingAction;
  /**
   * A mise en demeure sent with its letter: the letter's journal lines written before the status
   * change, in the same write, at the letter's instant (its deadline is the letter's); found
   * already written (a second click), nothing changes.
   */
  letter?: { journal: string[]; at: Date; detail: string; version: number };
};

/** The card a handling answers with: the dispute as it now is, with what its committee card names. */
export interface DisputeScreen {
  dispute: Dispute;
  committee: CommitteeCardData;
  /** A refusal of the action (« Ce litige est résolu : rouvrez-le d’abord. »), shown on the card. */
  error: string;
}

const UNKNOWN = () => new DomainError(ErrorCode.UnknownDispute, 'Ce litige est introuvable dans votre centrale.');

/** Committee members handle the dispute; the reporter answers questions. Each change reaches the reporter; the committee card follows. */
export async function handleDispute(
  deps: Deps,
  actor: Actor,
  input: HandleInput,
): Promise<Omit<DisputeScreen, 'error'>> {
  const person = requirePerson(actor);
  // The dispute and its file's totals (one request): the totals are changed after without reading them again.
  const { seen, totals: totalsRead } = await deps.disputes.readWithTotals(
    input.fileId,
    input.disputeId,
    person.centraleId,
  );
  const current = seen?.value;
  if (!seen || !current || current.centraleId !== person.centraleId) throw UNKNOWN();
  // Read once: the check below and the committee's card after; the file and the contract (one
  // request), for the totals and the card.
  const [committee, { file, contract }] = await Promise.all([
    deps.governance.getInstance(current.centraleId, current.committeeInstanceId),
    deps.disputes.fileAndContract(current.centraleId, current.fileId, current.contractId),
  ]);
  if (input.action.kind === 'repondre') {
    if (current.reporterKey !== person.key)
      throw new DomainError(ErrorCode.NotReporter, 'Seul le déclarant répond aux questions du comité.');
  } else {
    if (!committee?.members.some((m) => m.personKey === person.key)) {
      throw new DomainError(
        ErrorCode.NotCommittee,
        `Seuls les membres du ${committee?.name ?? 'Comité Opérationnel'} traitent ce litige.`,
      );
    }
  }
  const letter = input.letter;
  const now = letter?.at ?? deps.clock.now();
  let changed = false;
  let before = current;
  const dispute = await deps.disputes.updateSeen(seen, (d) => {
    before = d;
    if (letter && d.history.some((h) => h.detail === letter.journal[0])) {
      changed = false;
      return d;
    }
    const r = handle(d, input.action, person.key, now, zoneOf(actor));
    changed = r.statusChanged || input.action.kind === 'action';
    if (!letter) return r.dispute;
    const step = r.dispute.history.at(-1)!;
    const at = now.toISOString();
    return {
      ...r.dispute,
      history: [
        ...d.history,
        ...letter.journal.map((detail) => ({ at, by: person.key, status: d.status, detail })),
        {
          ...step,
          detail: `${letter.detail}${'text' in input.action && input.action.text.trim() ? ` : ${input.action.text.trim()}` : ''} — réponse du titulaire attendue sous ${CONTRADICTORY_DAYS} jours`,
        },
      ],
    };
  });
  const totals = await deps.disputes.recordInTotals(
    dispute,
    before,
    now,
    deps.disputeDelaysH,
    contract?.endDate,
    totalsRead,
  );
  const side = await committeeSide(deps, dispute, {
    instance: committee,
    contract,
    ...(file ? { file } : {}),
    totals: { totals, now },
  });
  if (changed) {
    const card = deps.presenters.disputes.reporter(dispute, side.card.contract, side.card.timeZone);
    await enqueueNotice(deps, {
      noticeId: `${disputeNoticeId(dispute)}-${dispute.history.length}`,
      centraleId: dispute.centraleId,
      senderKey: person.key,
      title: `Litige ${dispute.ref}`,
      payload: card,
      serviceUrl: null,
      mail: await disputeMailNotice(deps, dispute, side.card.contract, side.card.timeZone),
      recipients: memberRecipients(side.people, [dispute.reporterKey], () => card),
    });
  }
  await refreshCommitteeCards(deps, dispute, side);
  return { dispute, committee: side.card };
}

/** Every committee card of the dispute (channel, or coordinator and Direction Achats) shows the new state. */
async function refreshCommitteeCards(deps: Deps, d: Dispute, side: CommitteeSide) {
  const card = deps.presenters.disputes.committee(d, side.card);
  const noticeId = disputeNoticeId(d);
  for (const { recipient } of side.recipients(card)) {
    await updatePostedCard(deps, { noticeId, recipient, cardId: `${d.id}-${recipientId(recipient)}`, payload: card });
  }
}

/** Refusals that replace the card (not someone's dispute, not their role); any other is shown on it. */
const THROWN: ErrorCode[] = [ErrorCode.UnknownDispute, ErrorCode.NotCommittee, ErrorCode.NotReporter];

/** A click on a dispute card: handled, then the card again; a refused action comes back as the card's error. */
export async function actOnDispute(deps: Deps, actor: Actor, input: HandleInput): Promise<DisputeScreen> {
  const person = requirePerson(actor);
  try {
    return { ...(await handleDispute(deps, actor, input)), error: '' };
  } catch (e) {
    if (!isDomainError(e) || THROWN.includes(e.code)) throw e;
    const current = await deps.disputes.get(input.fileId, input.disputeId);
    if (!current || current.centraleId !== person.centraleId) throw UNKNOWN();
    return { dispute: current, committee: (await committeeSide(deps, current)).card, error: e.userMessage };
  }
}
