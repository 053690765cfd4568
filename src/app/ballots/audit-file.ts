import { toCsv } from '../../domain/csv';
import { localTimestamp } from '../../domain/meetings/zoned-time';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';
import { zoneOfCentrale } from '../time-zone';

/** A ballot's or circuit's audit trail as CSV: when, who, what (never a secret ballot's choice). */
export async function auditFile(
  deps: Pick<AppDeps, 'governance' | 'ballots' | 'circuits'>,
  id: string,
): Promise<ServedFile | null> {
  const ballot = await deps.ballots.get(id);
  const circuit = ballot ? null : await deps.circuits.get(id);
  const owner = ballot ?? circuit;
  if (!owner) return null;
  const people = await deps.governance.listPeople(owner.centraleId);
  const nameOf = (k: string) =>
    k === 'systeme' ? 'le bot (automatique)' : (people.find((p) => p.key === k)?.displayName ?? k);
  const events = await deps.ballots.events(id);
  const timeZone = await zoneOfCentrale(deps, owner.centraleId);
  const body = toCsv(
    ['Date', 'Qui', 'Action', 'Détail'],
    events.map((e) => [localTimestamp(new Date(e.at), timeZone), nameOf(e.by), e.action, e.detail]),
  );
  return { filename: `journal-${id.slice(0, 60)}.csv`, contentType: 'text/csv; charset=utf-8', body };
}
