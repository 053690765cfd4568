import { BilanLine } from '../../domain/disputes/bilan';
import { CATEGORIES, Category, DisputeStatus, STATUS_LABELS } from '../../domain/disputes/dispute';
import { BILAN_ENDED_WITHIN_MS, bilanOfTotals } from '../../domain/disputes/totals';
import { localDay } from '../../domain/local-date';
import { WorkbookColumn, WorkbookSheet, XLSX_CONTENT_TYPE } from '../documents/workbook';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';
import { zoneOfCentrale } from '../time-zone';

const STATUSES = Object.keys(STATUS_LABELS) as DisputeStatus[];
const CATEGORY_KEYS = Object.keys(CATEGORIES) as Category[];

/** One sheet of the bilan: a line per contract (or supplier), its counts by category and status, its means. */
function bilanSheet(name: string, first: string, lines: BilanLine[]): WorkbookSheet {
  const columns: WorkbookColumn[] = [
    { header: first, type: 'text', width: 40 },
    { header: 'Litiges', type: 'integer', width: 10 },
    ...CATEGORY_KEYS.map((c): WorkbookColumn => ({ header: CATEGORIES[c], type: 'integer', width: 14 })),
    ...STATUSES.map((s): WorkbookColumn => ({ header: STATUS_LABELS[s].split(' (')[0]!, type: 'integer', width: 14 })),
    { header: 'Prise en charge moyenne (h)', type: 'decimal', width: 16 },
    { header: 'Résolution moyenne (h)', type: 'decimal', width: 16 },
    { header: 'En retard', type: 'integer', width: 10 },
  ];
  return {
    name,
    columns,
    rows: lines.map((l) => [
      l.label,
      l.total,
      ...CATEGORY_KEYS.map((c) => l.byCategory[c] ?? 0),
      ...STATUSES.map((s) => l.byStatus[s] ?? 0),
      l.meanTakeChargeH,
      l.meanResolveH,
      l.overdue,
    ]),
  };
}

/**
 * The disputes' bilan as a workbook (the `bilan` card's figures): sheets « Par contrat » and
 * « Par fournisseur » — the contracts in force or ended within the year — and « Par catégorie »
 * over every dispute. For the whole centrale, as the card shows it to any of its people.
 */
export async function bilanWorkbook(
  deps: Pick<AppDeps, 'disputes' | 'governance' | 'workbooks' | 'clock' | 'disputeDelaysH'>,
  centraleId: string,
): Promise<ServedFile | null> {
  const centrale = await deps.governance.getCentrale(centraleId);
  if (!centrale) return null;
  const now = deps.clock.now();
  const timeZone = await zoneOfCentrale(deps, centraleId);
  const [files, contracts] = await Promise.all([
    deps.disputes.listFiles(centraleId),
    deps.disputes.listContractsEndingFrom(
      centraleId,
      localDay(new Date(now.getTime() - BILAN_ENDED_WITHIN_MS), timeZone),
    ),
  ]);
  const totals = await Promise.all(
    files.map((f) => deps.disputes.fileTotals(f.id, centraleId, now, deps.disputeDelaysH)),
  );
  const b = bilanOfTotals(totals, contracts, now, deps.disputeDelaysH);
  const body = await deps.workbooks.xlsx({
    title: 'Bilan des litiges',
    creator: centrale.name,
    generatedAt: now,
    sheets: [
      bilanSheet('Par contrat', 'Contrat', b.perContract),
      bilanSheet('Par fournisseur', 'Fournisseur', b.perSupplier),
      {
        name: 'Par catégorie',
        columns: [
          { header: 'Catégorie', type: 'text', width: 30 },
          { header: 'Litiges', type: 'integer', width: 10 },
        ],
        rows: CATEGORY_KEYS.map((c) => [CATEGORIES[c], b.summary.byCategory[c] ?? 0]),
      },
    ],
  });
  return { filename: `bilan-litiges-${localDay(now, timeZone)}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}
