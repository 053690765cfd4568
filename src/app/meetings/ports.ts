import { Answer } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';

export interface MeetingRepository {
  create(sitting: Sitting): Promise<boolean>;
  get(sittingId: string): Promise<Sitting | null>;
  update(sittingId: string, change: (s: Sitting) => Sitting): Promise<Sitting>;
  answersOf(sittingId: string): Promise<Answer[]>;
  answer(sittingId: string, decide: (current: Answer[]) => Answer): Promise<Answer>;
  resetAnswers(sittingId: string): Promise<void>;
  acknowledge(sittingId: string, personKey: string, at: Date): Promise<void>;
  acknowledgements(sittingId: string): Promise<Array<{ personKey: string; firstSeenAt: string }>>;
  upcomingFor(personKey: string, after: Date): Promise<Sitting[]>;
}

/** The cards of sittings, built by the Teams layer (opaque activities here). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MeetingPresenter {}
