import { localTimestamp } from '../../domain/meetings/zoned-time';
import { XLSX_CONTENT_TYPE } from '../documents/workbook';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';
import { auditTrail } from './audit-file';

/** A ballot's or circuit's audit trail as a workbook: the CSV's lines, the date a real date-time (local). */
export async function auditWorkbook(
  deps: Pick<AppDeps, 'governance' | 'ballots' | 'circuits' | 'workbooks' | 'clock'>,
  id: string,
): Promise<ServedFile | null> {
  const trail = await auditTrail(deps, id);
  if (!trail) return null;
  const { nameOf, events, timeZone, subject } = trail;
  const centrale = await deps.governance.getCentrale(trail.centraleId);
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
