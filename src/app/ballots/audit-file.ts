import { toCsv } from '../../domain/csv';
import { localTimestamp } from '../../domain/meetings/zoned-time';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';
import { zoneOfCentrale } from '../time-zone';

/**
 * A ballot's or circuit's audit trail as its exports read it: the owner, who each line names,
 * the lines, the centrale's zone. Null when neither a ballot nor a circuit has that id.
 */
export async function auditTrail(deps: Pick<AppDeps, 'governance' | 'ballots' | 'circuits'>, id: string) {
  const ballot = await deps.ballots.get(id);
  const circuit = ballot ? null : await deps.circuits.get(id);
  const owner = ballot ?? circuit;
  if (!owner) return null;
  const [people, events, timeZone] = await Promise.all([
    deps.governance.listPeople(owner.centraleId),
    deps.ballots.events(id),
    zoneOfCentrale(deps, owner.centraleId),
  ]);
  const nameOf = (k: string) =>
    k === 'systeme' ? 'le bot (automatique)' : (people.find((p) => p.key === k)?.displayName ?? k);
  return { centraleId: owner.centraleId, subject: owner.subject, nameOf, events, timeZone };
}

/** A ballot's or circuit's audit trail as CSV: when, who, what (never a secret ballot's choice). */
export async function auditFile(
  deps: Pick<AppDeps, 'governance' | 'ballots' | 'circuits'>,
  id: string,
): Promise<ServedFile | null> {
  const trail = await auditTrail(deps, id);
  if (!trail) return null;
  const { nameOf, events, timeZone } = trail;
  const body = toCsv(
    ['Date', 'Qui', 'Action', 'Détail'],
    events.map((e) => [localTimestamp(new Date(e.at), timeZone), nameOf(e.by), e.action, e.detail]),
  );
  return { filename: `journal-${id.slice(0, 60)}.csv`, contentType: 'text/csv; charset=utf-8', body };
}
