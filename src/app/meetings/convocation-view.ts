import { sittingDocuments } from './sitting-documents';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError, isDomainError } from '../../domain/errors';
import { Person } from '../../domain/governance';
import { Answer, AnswerChannel, AttendanceChoice } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { answerSitting, revokeSittingProxy } from './answer-sitting';
import { proxyNoteOf } from './proxy-runs';
import { refreshChannelLater } from './channel-card';
import { answeringOf, sittingOfCentrale } from './organised-sitting';
import { MeetingPresenters } from './ports';
import { OwnedDocumentRef } from '../documents/ports';

/** What a member sees on a convocation card: their own answer (and, in a channel, everyone's counts). */
export interface ConvocationView {
  sitting: Sitting;
  people: Person[];
  answers: Answer[];
  memberKey: string;
  /** A refusal of their answer, shown on their card (« La séance a commencé… »). */
  error: string;
  /** What their proxy covers (« Pouvoir valable pour cette séance et les 2 suivantes… »), if they gave one. */
  proxyNote: string;
  /** A banner over their card (« Pouvoir révoqué… »). */
  banner?: string;
  /** The sitting's kept documents (the convocation's PDF, version by version). */
  documents?: OwnedDocumentRef[];
}

/** The member's view; `known`, the sitting's answers when the turn already has them. */
async function viewOf(
  deps: Pick<AppDeps, 'governance' | 'meetings'>,
  sitting: Sitting,
  memberKey: string,
  error = '',
  known?: Answer[],
): Promise<ConvocationView> {
  const documents = sittingDocuments(sitting);
  const [people, answers] = await Promise.all([
    deps.governance.listPeople(sitting.centraleId),
    known ?? deps.meetings.answersOf(sitting.id),
  ]);
  const proxyNote = await proxyNoteOf(
    deps,
    sitting,
    answers.find((a) => a.personKey === memberKey),
  );
  return { sitting, people, answers, memberKey, error, proxyNote, documents };
}

/**
 * Teams refreshes the card as a member displays it: their view, and the first time they saw
 * it for the proof of notice. In a channel, the card is for its members only.
 */
export async function viewConvocation(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  input: { sittingId: string; inChannel: boolean },
): Promise<ConvocationView> {
  const person = requirePerson(actor);
  const s = await sittingOfCentrale(deps, person, input.sittingId);
  const convened = s.memberKeys.includes(person.key);
  if (convened) await deps.meetings.acknowledge(s.id, person.key, deps.clock.now());
  if (!convened && input.inChannel) {
    throw new DomainError(
      ErrorCode.NotConvened,
      'Vous n’êtes pas convoqué·e à cette séance : les réponses sont réservées à ses membres.',
    );
  }
  // Outside a channel, a convocation is shown to those convened and to the organiser who sent it.
  if (!convened && s.organiserKey !== person.key) {
    throw new DomainError(
      ErrorCode.NotConvened,
      'Vous n’êtes pas convoqué·e à cette séance. Tapez « mes convocations » pour voir les vôtres.',
    );
  }
  return viewOf(deps, s, person.key);
}

/**
 * A member answers on their card: the answer is kept, the channel's card will show the new
 * counts (rebuilt off the turn, coalesced with the other answers), and they see their view
 * again. A refusal of a member's answer shows on their card; anyone else gets the refusal
 * itself. The sitting and its answers are read once, together, and the view shows the answers
 * as written.
 */
export async function answerConvocation(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> & MeetingPresenters,
  actor: Actor,
  input: {
    sittingId: string;
    choice: AttendanceChoice;
    proxyHolderKey?: string;
    proxySittings?: number;
    substituteName?: string;
    via?: AnswerChannel;
  },
): Promise<ConvocationView> {
  const person = requirePerson(actor);
  const read = await answeringOf(deps, person, input.sittingId);
  const s = read.sitting;
  let answers: Answer[];
  try {
    ({ answers } = await answerSitting(deps, actor, input, read));
  } catch (e) {
    if (!isDomainError(e) || !s.memberKeys.includes(person.key)) throw e;
    return viewOf(deps, s, person.key, e.userMessage);
  }
  refreshChannelLater(deps, s, person.tenantId);
  return viewOf(deps, s, person.key, '', answers);
}

/** « Révoquer mon pouvoir »: the giver's card again, without it (a refusal on the card). */
export async function revokeProxyFromCard(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> & MeetingPresenters,
  actor: Actor,
  sittingId: string,
): Promise<ConvocationView> {
  const person = requirePerson(actor);
  const s = await sittingOfCentrale(deps, person, sittingId);
  try {
    await revokeSittingProxy(deps, actor, sittingId);
  } catch (e) {
    if (!isDomainError(e) || !s.memberKeys.includes(person.key)) throw e;
    return viewOf(deps, s, person.key, e.userMessage);
  }
  refreshChannelLater(deps, s, person.tenantId);
  return {
    ...(await viewOf(deps, s, person.key)),
    banner: 'Pouvoir révoqué : pour cette séance et les suivantes. Donnez votre réponse.',
  };
}
