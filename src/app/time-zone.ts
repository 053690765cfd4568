import { DEFAULT_TIME_ZONE } from '../domain/local-date';
import { Actor } from './identify-actor';
import { AppDeps } from './ports';

/** The time zone of the actor's centrale: the dates they see and the rules they trigger. */
export const zoneOf = (actor: Pick<Actor, 'centrale'>): string => actor.centrale?.timeZone ?? DEFAULT_TIME_ZONE;

/** The time zone of a record's centrale (a job has no actor: the record names its centrale). */
export async function zoneOfCentrale(deps: Pick<AppDeps, 'governance'>, centraleId: string): Promise<string> {
  return (await deps.governance.getCentrale(centraleId))?.timeZone ?? DEFAULT_TIME_ZONE;
}
