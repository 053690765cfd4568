import { circuitsInProgress } from '../../domain/ballots/circuit-progress';
import { Circuit } from '../../domain/ballots/circuit';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

/** How many of a centrale's latest circuits « où en est le circuit ? » looks at. */
export const RECENT_CIRCUITS = 20;

/**
 * « où en est le circuit ? »: the centrale's circuits in progress, and its latest one. Seen by
 * the same people as a circuit's card (`circuitOf`): the people of the centrale.
 */
export async function centraleCircuits(
  deps: Pick<AppDeps, 'circuits'>,
  actor: Actor,
): Promise<{ running: Circuit[]; latest: Circuit | null }> {
  const person = requirePerson(actor);
  const recent = (await deps.circuits.recentOf(person.centraleId, RECENT_CIRCUITS)).filter(
    (c) => c.centraleId === person.centraleId,
  );
  return circuitsInProgress(recent);
}
