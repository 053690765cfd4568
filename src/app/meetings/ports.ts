import { Person } from '../../domain/governance';
import { Answer } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { OwnedDocumentRef } from '../documents/ports';

/** A sitting read with its answers, for one member's answer (see `MeetingRepository.answering`). */
export interface Answering {
  sitting: Sitting;
  answers: Answer[];
  /** The member's first sight of the convocation is already recorded (proof of notice). */
  seen: boolean;
}

export interface MeetingRepository {
  create(sitting: Sitting): Promise<boolean>;
  get(sittingId: string): Promise<Sitting | null>;
  update(sittingId: string, change: (s: Sitting) => Sitting): Promise<Sitting>;
  answersOf(sittingId: string): Promise<Answer[]>;
  /** The sitting, its answers and whether `personKey` saw it, read together (null: no such sitting). */
  answering(sittingId: string, personKey: string): Promise<Answering | null>;
  /** One member's answer decided on the latest answers; `from` (what `answering` read) is tried first. */
  answer(sittingId: string, decide: (current: Answer[]) => Answer, from?: Answering): Promise<Answer>;
  /** All the answers of a sitting rewritten under one etag (proxies carried or revoked); `change` may throw. */
  updateAnswers(sittingId: string, change: (current: Answer[]) => Answer[]): Promise<Answer[]>;
  /** The sittings of an instance, by start. */
  ofInstance(centraleId: string, instanceId: string): Promise<Sitting[]>;
  resetAnswers(sittingId: string): Promise<void>;
  acknowledge(sittingId: string, personKey: string, at: Date): Promise<void>;
  acknowledgements(sittingId: string): Promise<Array<{ personKey: string; firstSeenAt: string }>>;
  upcomingFor(centraleId: string, personKey: string, after: Date): Promise<Sitting[]>;
}

/** An activity the delivery path posts, opaque here. */
export type NoticeCard = Record<string, unknown>;

/** Which notice a member's own convocation card is sent with (it sets the card's headline). */
export type ConvocationNotice = 'convocation' | 'revision' | 'reminder';

/**
 * The cards of sittings, built by the Teams layer. The use cases read what a card shows (the
 * people, the answers) and pass it in, so a presenter never reads a repository.
 */
export interface MeetingPresenter {
  /**
   * A member's own card: their answer buttons and the proxy holders they may choose; `documents`,
   * the sitting's kept documents it opens (the convocation's PDF).
   */
  personalConvocation(
    notice: ConvocationNotice,
    sitting: Sitting,
    people: Person[],
    memberKey: string,
    documents?: OwnedDocumentRef[],
  ): NoticeCard;
  /** The channel's card: the members mentioned, the counts of the answers so far, the documents. */
  channelConvocation(sitting: Sitting, people: Person[], answers: Answer[], documents?: OwnedDocumentRef[]): NoticeCard;
  /** A convocation card of an earlier version, once the sitting was changed: where the new one is. */
  replacedConvocation(sitting: Sitting, people: Person[]): NoticeCard;
  /** The cancellation, the same card for every member and the channel. */
  cancellation(sitting: Sitting, people: Person[]): NoticeCard;
  /** The relevé de décisions as posted. */
  /** `documents`: the relevé's procès-verbal and feuille d'émargement, for the card's buttons. */
  minutes(sitting: Sitting, people: Person[], documents: OwnedDocumentRef[]): NoticeCard;
  /** Runs `refresh` of a shared card off the turn, coalesced with the other requests for it in this process. */
  refreshShared(cardId: string, refresh: () => Promise<void>): void;
}

/** Which of a sitting's notices an e-mail carries (the cancellation too). */
export type SittingMailKind = ConvocationNotice | 'cancellation';

export interface SittingMailContext {
  centraleName: string;
  /** The instance's notice period in jours francs, and its legal source (null: its own rules). */
  requiredDays: number;
  noticeSource: string | null;
  /** The convocation's PDF attached to the message (its file name), if one is. */
  attachedFile?: string | null;
}

/** The e-mail's words for a sitting's notice, built by src/mail (the app adds the calendar and the link). */
export interface MeetingMailPresenter {
  sittingMail(
    kind: SittingMailKind,
    sitting: Sitting,
    people: Person[],
    context: SittingMailContext,
  ): { subject: string; text: string; html: string };
}

/** What the meetings use cases need of the presenters (tests give only this one; no `mail`: no e-mail). */
export interface MeetingPresenters {
  presenters: { meetings: MeetingPresenter; mail?: MeetingMailPresenter };
}
