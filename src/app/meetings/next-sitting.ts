import { isOrganiser } from '../../domain/governance';
import { nextSittingsFrom, sittingsToCome } from '../../domain/meetings/next-sitting';
import { Sitting } from '../../domain/meetings/sitting';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

/**
 * « quorum ? »: what the person may be told of the next sitting. An organiser: the next sitting
 * of the instances they organise (of the one the sentence named, if it named one), its forecast
 * theirs to see. Anyone else (or an organiser whose instances meet no more): the sittings they
 * are convened to — their own convocation, never the forecast.
 */
export type QuorumQuestion =
  | { kind: 'organised'; sitting: Sitting }
  | { kind: 'convened'; sittings: Sitting[] }
  | { kind: 'none'; organiser: boolean; instanceName: string | null };

export async function quorumQuestion(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  instanceId: string | undefined,
): Promise<QuorumQuestion> {
  const person = requirePerson(actor);
  const now = deps.clock.now();
  const instances = await deps.governance.listInstances(person.centraleId);
  const named = instanceId ? instances.find((i) => i.id === instanceId) : undefined;
  const organised = instances.filter((i) => isOrganiser(i, person.key) && (!instanceId || i.id === instanceId));
  if (organised.length > 0) {
    const all = (await Promise.all(organised.map((i) => deps.meetings.ofInstance(person.centraleId, i.id)))).flat();
    const next = sittingsToCome(all, now)[0];
    if (next) return { kind: 'organised', sitting: next };
  }
  const convened = sittingsToCome(
    await deps.meetings.upcomingFor(person.centraleId, person.key, nextSittingsFrom(now)),
    now,
  ).filter((s) => !instanceId || s.instanceId === instanceId);
  if (convened.length > 0) return { kind: 'convened', sittings: convened };
  return { kind: 'none', organiser: organised.length > 0, instanceName: named?.name ?? null };
}
