import { Ballot } from '../../domain/ballots/ballot';
import { Circuit } from '../../domain/ballots/circuit';
import { Vote } from '../../domain/ballots/voting';
import { Person } from '../../domain/governance';

/** One line of a ballot's or circuit's audit trail. A secret ballot's lines never carry the choice. */
export interface AuditEvent {
  at: string;
  by: string;
  action:
    | 'ouverture'
    | 'vote'
    | 'changement'
    | 'cloture'
    | 'annulation'
    | 'rappel'
    | 'etape'
    | 'commentaire'
    | 'accuse'
    | 'circuit';
  detail: string;
}

export interface BallotRepository {
  create(ballot: Ballot): Promise<boolean>;
  get(ballotId: string): Promise<Ballot | null>;
  /** The ballots of a centrale the person organises or votes in, closing after `closingAfter`, soonest first. */
  involving(centraleId: string, personKey: string, closingAfter: Date): Promise<Ballot[]>;
  /** Read-modify-write under the etag; `change` may run more than once and may throw. */
  update(ballotId: string, change: (b: Ballot) => Ballot): Promise<Ballot>;
  /**
   * A voter's vote, one document per voter: `decide` sees their current vote and returns the
   * new one, or null for no change. Written under that document's etag, retried on conflict.
   */
  vote(
    ballotId: string,
    voterKey: string,
    decide: (previous: Vote | null) => Vote | null,
  ): Promise<{ vote: Vote | null; previous: Vote | null }>;
  votes(ballotId: string): Promise<Vote[]>;
  /**
   * The votes written since `sinceTs` (the database's write time, in seconds, included; all when
   * null), with the latest write time among them (null when none).
   */
  votesSince(ballotId: string, sinceTs: number | null): Promise<{ votes: Vote[]; lastTs: number | null }>;
  /** One voter's vote (a point read). */
  voteOf(ballotId: string, voterKey: string): Promise<Vote | null>;
  /**
   * Adds a line to the audit trail. With `actId` (what the act is: « accuse:1:<person> »…), the
   * same act written twice — a repeated click, a retried job, two concurrent turns — is kept once.
   */
  addEvent(partition: string, event: AuditEvent, actId?: string): Promise<void>;
  events(partition: string): Promise<AuditEvent[]>;
}

export interface CircuitRepository {
  create(circuit: Circuit): Promise<boolean>;
  get(circuitId: string): Promise<Circuit | null>;
  update(circuitId: string, change: (c: Circuit) => Circuit): Promise<Circuit>;
  /** The centrale's `limit` most recently launched circuits, the latest first. */
  recentOf(centraleId: string, limit: number): Promise<Circuit[]>;
}

/** The cards of ballots and circuits, built by the Teams layer (opaque activities here). */
export interface BallotPresenter {
  /** A voter's own card: the choices, their vote, the tally (of `votes`) if they may see it. */
  personal(b: Ballot, voterKey: string, people: Person[], banner?: string, votes?: Vote[]): Record<string, unknown>;
  /** The channel's card: participation, and the tally where allowed. */
  shared(b: Ballot, people: Person[], votes: Vote[]): Record<string, unknown>;
  result(b: Ballot, people: Person[]): Record<string, unknown>;
  /** An avis or information stage, for the instance's members. */
  stage(c: Circuit, index: number, people: Person[]): Record<string, unknown>;
  /** The owner's one card: where the circuit stands. */
  circuitStatus(c: Circuit, people: Person[]): Record<string, unknown>;
  /**
   * Runs `refresh` of a shared card (the channel's tally) coalesced with the other requests for
   * the same card in this process, off the turn: a burst of votes costs a few card updates.
   */
  refreshShared(cardId: string, refresh: () => Promise<void>): void;
}

/** What the use cases that post ballot and circuit cards need of `AppDeps.presenters`. */
/** Which of a ballot's notices an e-mail carries. */
export type BallotMailKind = 'opening' | 'reminder';

/** The e-mail's words for a ballot's notice (src/mail); a named ballot's carry PERSONAL_LINK to vote. */
export interface BallotMailPresenter {
  ballotMail(
    kind: BallotMailKind,
    ballot: Ballot,
    context: { centraleName: string },
  ): { subject: string; text: string; html: string };
}

export type BallotPresenters = { presenters: { ballots: BallotPresenter; mail?: BallotMailPresenter } };
