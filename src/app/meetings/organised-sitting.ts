import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Instance, Person } from '../../domain/governance';
import { Sitting } from '../../domain/meetings/sitting';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { Answering } from './ports';

const UNKNOWN = 'Cette séance est introuvable dans votre centrale.';

/** A sitting of the person's centrale, or the French « introuvable » (another centrale's is not shown). */
export async function sittingOfCentrale(
  deps: Pick<AppDeps, 'meetings'>,
  person: Person,
  sittingId: string,
): Promise<Sitting> {
  const s = await deps.meetings.get(sittingId);
  if (!s || s.centraleId !== person.centraleId) throw new DomainError(ErrorCode.UnknownSitting, UNKNOWN);
  return s;
}

/** The sitting of the person's centrale with its answers, read together for their answer (see `answering`). */
export async function answeringOf(
  deps: Pick<AppDeps, 'meetings'>,
  person: Person,
  sittingId: string,
): Promise<Answering> {
  const read = await deps.meetings.answering(sittingId, person.key);
  if (!read || read.sitting.centraleId !== person.centraleId) throw new DomainError(ErrorCode.UnknownSitting, UNKNOWN);
  return read;
}

/**
 * The organisers' check on a sitting already read: its instance's organisers only (the rule of
 * `meeting.convene`). An instance that has disappeared leaves only the refusal.
 */
export async function assertOrganiser(
  deps: Pick<AppDeps, 'governance'>,
  person: Person,
  s: Sitting,
): Promise<Instance | null> {
  const instance = await deps.governance.getInstance(s.centraleId, s.instanceId);
  authorize(person, 'meeting.convene', { instance: instance ?? undefined });
  return instance;
}

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
    throw new DomainError(ErrorCode.UnknownSitting, UNKNOWN);
  }
  authorize(person, 'meeting.convene', { instance });
  return { person, current, instance };
}
