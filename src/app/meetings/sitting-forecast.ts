import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Person } from '../../domain/governance';
import { Answer, QuorumForecast, forecastQuorum } from '../../domain/meetings/attendance';
import { Sitting, SittingActions, sittingActions } from '../../domain/meetings/sitting';
import { authorize, can } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { sittingOfCentrale } from './organised-sitting';

/** The organiser's card: the quorum forecast, who has not answered (by name), the history. */
export interface SittingForecast {
  sitting: Sitting;
  people: Person[];
  forecast: QuorumForecast;
  /** The answers given so far (the suppléant·es named, by whom). */
  answers: Answer[];
  /** The buttons the card may offer now. */
  actions: SittingActions;
}

/** The forecast of a sitting already checked (by the caller) against the actor's rights. */
export async function forecastFor(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  sitting: Sitting,
  answers?: Answer[],
): Promise<SittingForecast> {
  const people = await deps.governance.listPeople(sitting.centraleId);
  const given = answers ?? (await deps.meetings.answersOf(sitting.id));
  return {
    sitting,
    people,
    forecast: forecastQuorum(sitting.quorum, sitting.memberKeys, given),
    answers: given,
    actions: sittingActions(sitting, deps.clock.now()),
  };
}

/** « Prévision du quorum »: for the instance's organisers and the administrators. */
export async function sittingForecast(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  sittingId: string,
): Promise<SittingForecast> {
  const person = requirePerson(actor);
  const sitting = await sittingOfCentrale(deps, person, sittingId);
  const instance = await deps.governance.getInstance(sitting.centraleId, sitting.instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownSitting, 'Cette séance est introuvable dans votre centrale.');
  authorize(person, 'meeting.forecast.view', { instance });
  return forecastFor(deps, sitting);
}

/**
 * The forecast as a channel shows it: each organiser sees their own card there, the others the
 * members' view. `forecast` is null for a person of the centrale who may not see it;
 * `managerKeys` are those who may (the instance's organisers, and the actor if an administrator).
 */
export interface ChannelForecast {
  sitting: Sitting;
  people: Person[];
  forecast: SittingForecast | null;
  managerKeys: string[];
}

export async function channelForecast(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  sittingId: string,
): Promise<ChannelForecast> {
  const person = requirePerson(actor);
  const sitting = await sittingOfCentrale(deps, person, sittingId);
  const instance = await deps.governance.getInstance(sitting.centraleId, sitting.instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownSitting, 'Cette séance est introuvable dans votre centrale.');
  const mayView = can(person, 'meeting.forecast.view', { instance });
  const forecast = mayView ? await forecastFor(deps, sitting) : null;
  const people = forecast?.people ?? (await deps.governance.listPeople(sitting.centraleId));
  const organisers = instance.members.filter((m) => m.organiser).map((m) => m.personKey);
  return {
    sitting,
    people,
    forecast,
    managerKeys: mayView && !organisers.includes(person.key) ? [...organisers, person.key] : organisers,
  };
}
