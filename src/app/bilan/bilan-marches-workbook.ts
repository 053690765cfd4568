import { reportsIn } from '../../domain/bilan/indicators';
import { ContractReviewInput, CentraleReview } from '../../domain/bilan/indicators';
import { localDay } from '../../domain/local-date';
import { localTimestamp } from '../../domain/meetings/zoned-time';
import { WorkbookModel, XLSX_CONTENT_TYPE } from '../documents/workbook';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';
import { BilanData } from './queries';
import { bilanBasename } from './bilan-document';
import { centraleBilanOf } from './queries';
import { satisfactionText } from './bilan-text';

const yesNo = (b: boolean) => (b ? 'oui' : 'non');

/**
 * The bilan des marchés as a workbook, for whoever works the figures further: « Marchés » (one
 * row per contract that ran in the window: its savings in euros — empty when « non calculable »,
 * with the reason beside —, its consumption against the forecast as a percentage…), « Adhérents »
 * (per contract and member) and « Consommation » (the suppliers' reported lines, per period).
 */
export function bilanMarchesWorkbookModel(
  data: Pick<BilanData, 'centraleName' | 'timeZone' | 'members'>,
  review: CentraleReview,
  inputs: ContractReviewInput[],
  generatedAt: Date,
): WorkbookModel {
  const w = review.window;
  const names = new Map(data.members.map((m) => [m.id, m.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const contractOf = new Map(inputs.map((i) => [i.contract.id, i.contract]));
  const shown = new Set(review.contracts.map((r) => r.contractId));
  const reportLines = inputs
    .filter((i) => shown.has(i.contract.id))
    .flatMap((i) =>
      reportsIn(
        i.reports.filter((r) => r.contractId === i.contract.id),
        w,
      ).flatMap((r) =>
        r.lines.map((l) => [
          `${i.contract.number} — ${i.contract.title}`,
          r.label,
          r.from,
          r.to,
          nameOf(l.memberId),
          l.quantity,
          i.contract.economics?.unit ?? '',
          l.amountCents,
          localTimestamp(new Date(r.importedAt), data.timeZone).slice(0, 19),
          r.source,
        ]),
      ),
    );
  return {
    title: `Bilan des marchés — ${w.label}`,
    creator: data.centraleName,
    generatedAt,
    sheets: [
      {
        name: 'Marchés',
        columns: [
          { header: 'Numéro', type: 'text', width: 12 },
          { header: 'Marché', type: 'text', width: 34 },
          { header: 'Fournisseur', type: 'text', width: 24 },
          { header: 'Début', type: 'date' },
          { header: 'Fin (reconductions comprises)', type: 'date', width: 16 },
          { header: 'Gains achats sur la période', type: 'euros', width: 20 },
          { header: 'Gains achats annuels', type: 'euros', width: 18 },
          { header: 'Calcul des gains', type: 'text', width: 34 },
          { header: 'Reconductions sur la période', type: 'integer', width: 14 },
          { header: 'Unité', type: 'text', width: 12 },
          { header: 'Consommé', type: 'decimal' },
          { header: 'Prévu sur les périodes rapportées', type: 'decimal', width: 18 },
          { header: 'Consommation / prévision', type: 'percent', width: 14 },
          { header: 'Montant consommé', type: 'euros' },
          { header: 'Adhérents déclarés', type: 'integer' },
          { header: 'Adhérents utilisateurs', type: 'integer' },
          { header: 'Clause environnementale', type: 'text', width: 14 },
          { header: 'Clause sociale', type: 'text', width: 12 },
          { header: 'Litiges', type: 'integer', width: 10 },
          { header: 'Pénalités', type: 'euros', width: 14 },
          { header: 'Satisfaction', type: 'text', width: 28 },
        ],
        rows: review.contracts.map((r) => {
          const c = contractOf.get(r.contractId);
          const last = c?.economics?.renewals.at(-1)?.to ?? c?.endDate ?? null;
          return [
            c?.number ?? '',
            c?.title ?? r.label,
            r.supplier,
            c?.startDate ?? null,
            last,
            r.periodSavings.calculable ? r.periodSavings.cents : null,
            r.annualSavings.calculable ? r.annualSavings.cents : null,
            r.periodSavings.calculable ? 'calculé' : `non calculable : ${r.periodSavings.reason}`,
            r.renewalsInWindow,
            r.unit,
            r.consumedQuantity,
            r.forecastReportedQuantity,
            r.consumptionRatio,
            r.consumedCents,
            r.membersDeclared,
            r.membersUsing,
            yesNo(r.sustainable.environmental),
            yesNo(r.sustainable.social),
            r.disputes.total,
            r.disputes.penaltiesCents,
            satisfactionText(r.satisfaction),
          ];
        }),
      },
      {
        name: 'Adhérents',
        columns: [
          { header: 'Marché', type: 'text', width: 34 },
          { header: 'Adhérent', type: 'text', width: 26 },
          { header: 'Volume prévu par an', type: 'decimal', width: 16 },
          { header: 'Prix de référence fourni', type: 'text', width: 14 },
          { header: 'Gains achats annuels', type: 'euros' },
          { header: 'Gains achats sur la période', type: 'euros', width: 20 },
          { header: 'Consommé', type: 'decimal' },
          { header: 'Montant consommé', type: 'euros' },
          { header: 'Prévu sur les périodes rapportées', type: 'decimal', width: 18 },
          { header: 'Consommation / prévision', type: 'percent', width: 14 },
          { header: 'Part du volume', type: 'percent', width: 12 },
        ],
        rows: review.contracts.flatMap((r) =>
          r.members.map((m) => [
            r.label,
            nameOf(m.memberId),
            m.forecastQuantity,
            yesNo(m.referenceGiven),
            m.annualSavingsCents,
            m.periodSavingsCents,
            m.consumedQuantity,
            m.consumedCents,
            m.forecastReportedQuantity,
            m.consumptionRatio,
            m.shareOfVolume,
          ]),
        ),
      },
      {
        name: 'Consommation',
        columns: [
          { header: 'Marché', type: 'text', width: 34 },
          { header: 'Période', type: 'text', width: 20 },
          { header: 'Du', type: 'date' },
          { header: 'Au', type: 'date' },
          { header: 'Adhérent', type: 'text', width: 26 },
          { header: 'Quantité', type: 'decimal' },
          { header: 'Unité', type: 'text', width: 12 },
          { header: 'Montant', type: 'euros' },
          { header: 'Importé le', type: 'datetime' },
          { header: 'Fichier', type: 'text', width: 24 },
        ],
        rows: reportLines,
      },
    ],
  };
}

/** The workbook of the centrale's bilan over a window (`null` when the centrale is gone). */
export async function bilanMarchesWorkbook(
  deps: Pick<AppDeps, 'governance' | 'disputes' | 'consumption' | 'surveys' | 'clock' | 'workbooks'>,
  centraleId: string,
  windowKey: string,
): Promise<ServedFile | null> {
  const centrale = await deps.governance.getCentrale(centraleId);
  if (!centrale) return null;
  const { data, review, inputs } = await centraleBilanOf(deps, centraleId, windowKey);
  const now = deps.clock.now();
  const body = await deps.workbooks.xlsx(bilanMarchesWorkbookModel(data, review, inputs, now));
  return {
    filename: `${bilanBasename(review.window)}-${localDay(now, data.timeZone)}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    body,
  };
}
