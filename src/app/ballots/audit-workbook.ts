import { localTimestamp } from '../../domain/meetings/zoned-time';
import { XLSX_CONTENT_TYPE } from '../documents/workbook';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';
import { zoneOfCentrale } from '../time-zone';

/** A ballot's or circuit's audit trail as a workbook: the CSV's lines, the date a real date-time (local). */
export async function auditWorkbook(
  deps: Pick<AppDeps, 'governance' | 'ballots' | 'circuits' | 'workbooks' | 'clock'>,
  id: string,
): Promise<ServedFile | null> {
  const ballot = await deps.ballots.get(id);
  const circuit = ballot ? null : await deps.circuits.get(id);
  const owner = ballot ?? circuit;
  if (!owner) return null;
  const [people, centrale, events] = await Promise.all([
    deps.governance.listPeople(owner.centraleId),
    deps.governance.getCentrale(owner.centraleId),
    deps.ballots.events(id),
  ]);
  const nameOf = (k: string) =>
    k === 'systeme' ? 'le bot (automatique)' : (people.find((p) => p.key === k)?.displayName ?? k);
  const timeZone = await zoneOfCentrale(deps, owner.centraleId);
  const subject = ballot ? ballot.subject : circuit!.subject;
  const body = await deps.workbooks.xlsx({
    title: `Journal — ${subject}`,
    creator: centrale?.name ?? 'Centrale d’achat',
    generatedAt: deps.clock.now(),
    sheets: [
      {
        name: 'Journal',
        columns: [
          // The centrale's wall time (Excel keeps no zone): « 2026-12-02 14:05:09 +01:00 » without its offset.
          { header: 'Date', type: 'datetime', width: 20 },
          { header: 'Qui', type: 'text', width: 26 },
          { header: 'Action', type: 'text', width: 24 },
          { header: 'Détail', type: 'text', width: 60 },
        ],
        rows: events.map((e) => [
          localTimestamp(new Date(e.at), timeZone).slice(0, 19),
          nameOf(e.by),
          e.action,
          e.detail,
        ]),
      },
    ],
  });
  return { filename: `journal-${id.slice(0, 60)}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}
