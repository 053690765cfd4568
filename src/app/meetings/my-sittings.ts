import { Answer } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

/** « Mes convocations »: the sittings to come the actor is convened to, each with their answer. */
export async function mySittings(
  deps: Pick<AppDeps, 'meetings' | 'clock'>,
  actor: Actor,
): Promise<Array<{ sitting: Sitting; answer: Answer | undefined }>> {
  const person = requirePerson(actor);
  const sittings = await deps.meetings.upcomingFor(person.key, deps.clock.now());
  return Promise.all(
    sittings.map(async (sitting) => ({
      sitting,
      answer: (await deps.meetings.answersOf(sitting.id)).find((a) => a.personKey === person.key),
    })),
  );
}
