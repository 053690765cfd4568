import { isOrganiser } from '../../domain/governance';
import { Answer } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { ORGANISED_SITTINGS_RECENT_MS } from '../../domain/listing-windows';

/** « Mes convocations »: the sittings to come the actor is convened to, each with their answer. */
export async function mySittings(
  deps: Pick<AppDeps, 'meetings' | 'clock'>,
  actor: Actor,
): Promise<Array<{ sitting: Sitting; answer: Answer | undefined }>> {
  const person = requirePerson(actor);
  const sittings = await deps.meetings.upcomingFor(person.centraleId, person.key, deps.clock.now());
  return Promise.all(
    sittings.map(async (sitting) => ({
      sitting,
      answer: (await deps.meetings.answersOf(sitting.id)).find((a) => a.personKey === person.key),
    })),
  );
}

/**
 * « Mes séances »: the sittings of the instances the actor organises, upcoming and recent (the
 * last 45 days), soonest first then the latest held — each a way back to its forecast card.
 */
export async function organisedSittings(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
): Promise<Sitting[]> {
  const person = requirePerson(actor);
  const instances = (await deps.governance.listInstances(person.centraleId)).filter((i) => isOrganiser(i, person.key));
  const now = deps.clock.now().getTime();
  const all = (await Promise.all(instances.map((i) => deps.meetings.ofInstance(person.centraleId, i.id)))).flat();
  const upcoming = all.filter((s) => Date.parse(s.startsAt) >= now);
  const recent = all.filter(
    (s) => Date.parse(s.startsAt) < now && Date.parse(s.startsAt) >= now - ORGANISED_SITTINGS_RECENT_MS,
  );
  return [
    ...upcoming.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    ...recent.sort((a, b) => b.startsAt.localeCompare(a.startsAt)),
  ];
}
