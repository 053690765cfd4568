import { DomainError } from '../../domain/errors';
import { Instance, Person } from '../../domain/governance';
import { Sitting } from '../../domain/meetings/sitting';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

/** A sitting of the actor's centrale that the actor organises (change, cancel, relevé). */
export async function organisedSitting(
  deps: Pick<AppDeps, 'governance' | 'meetings'>,
  actor: Actor,
  sittingId: string,
): Promise<{ person: Person; current: Sitting; instance: Instance }> {
  const person = requirePerson(actor);
  const current = await deps.meetings.get(sittingId);
  const instance = current && (await deps.governance.getInstance(current.centraleId, current.instanceId));
  if (!current || !instance || current.centraleId !== person.centraleId) {
    throw new DomainError('unknown-sitting', 'Cette séance est introuvable dans votre centrale.');
  }
  authorize(person, 'meeting.convene', { instance });
  return { person, current, instance };
}
