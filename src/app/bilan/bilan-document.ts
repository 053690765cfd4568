import { percent, priceText, quantityText, satisfactionText, savingsText } from './bilan-text';
import { createHash } from 'crypto';
import { CentraleReview, ContractReview, Window } from '../../domain/bilan/indicators';
import { localDay } from '../../domain/local-date';
import { count } from '../../domain/french-text';
import { frenchDayOf, frenchNumber } from '../../domain/french-format';
import { CATEGORIES, Category } from '../../domain/disputes/dispute';
import { Member } from '../../domain/governance';
import { localTimestamp } from '../../domain/meetings/zoned-time';
import { formatEuros } from '../../domain/needs/money';
import { DocBlock, DocumentModel } from '../documents/model';
import { AppDeps } from '../ports';
import { consumptionChart, savingsChart } from './charts';
import { BarChart, ChartRenderer } from './ports';
import { BilanData, centraleBilanOf } from './queries';

/**
 * The bilan des marchés as a document of record (PDF): what the centrale's purchasing saved and
 * how its contracts were used over a window, for the Comité de DG, the Conférence des Maires or
 * any instance it is put before. The figures are the domain's (`centraleReview`), the same the
 * cards show; amounts in French (« 8 028,77 € HT »), a savings that cannot be computed says
 * « non calculable » and why, never 0.
 */

type ReviewDeps = Pick<AppDeps, 'governance' | 'disputes' | 'consumption' | 'surveys' | 'clock'>;

/**
 * The two charts of the bilan (`src/app/bilan/charts.ts`, the cards' own): savings per contract
 * over the window (« non calculable » drawn muted), and each contract's consumption against its
 * forecast (the mark at 100 %).
 */
export const bilanCharts = (review: CentraleReview): { savings: BarChart; consumption: BarChart } => ({
  savings: savingsChart(review),
  consumption: consumptionChart(review, (id) => id),
});

export interface BilanDocumentInput {
  data: Pick<BilanData, 'centraleName' | 'timeZone' | 'members'>;
  review: CentraleReview;
  charts: { savings: { chart: BarChart; png: Buffer }; consumption: { chart: BarChart; png: Buffer } };
  generatedAt: Date;
  /** Where it is put before, printed under the title (« Comité de DG — séance du 8 décembre 2026, point 2 »). */
  context?: string;
}

const disputesText = (r: ContractReview): string => {
  const d = r.disputes;
  if (!d.total) return 'aucun';
  const cats = (Object.entries(d.byCategory) as Array<[Category, number]>)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${CATEGORIES[c] ?? c} : ${n}`)
    .join(', ');
  return `${count(d.total, 'litige', 'litiges')} (${cats})${d.recurrent ? `, dont ${count(d.recurrent, 'récurrent', 'récurrents')}` : ''}${d.penaltiesCents ? ` ; pénalités ${formatEuros(d.penaltiesCents)}` : ''}`;
};

const sustainableText = (r: ContractReview): string =>
  [r.sustainable.environmental ? 'environnementale' : '', r.sustainable.social ? 'sociale' : '']
    .filter(Boolean)
    .join(' et ') || 'aucune';

/** One contract's details: its price in force, renewals, savings, consumption, and a row per member. */
function contractBlocks(r: ContractReview, nameOf: (id: string) => string): DocBlock[] {
  const facts: Array<[string, string]> = [
    ['Fournisseur', r.supplier || '—'],
    ['Prix en vigueur', priceText(r.priceInForce, r.unit)],
    [
      'Reconductions sur la période',
      r.renewalsInWindow ? count(r.renewalsInWindow, 'reconduction', 'reconductions') : 'aucune',
    ],
    ['Gains achats annuels', savingsText(r.annualSavings, { ht: true })],
    ['Gains achats sur la période', savingsText(r.periodSavings, { ht: true })],
    [
      'Consommation',
      r.reportedPeriods.length
        ? `${quantityText(r.consumedQuantity, r.unit)} pour ${formatEuros(r.consumedCents)} (${r.reportedPeriods.join(', ')})`
        : 'aucun relevé du fournisseur sur la période',
    ],
    [
      'Consommation / prévision',
      r.consumptionRatio === null
        ? '—'
        : `${percent(r.consumptionRatio)} (prévu ${quantityText(r.forecastReportedQuantity, r.unit)})`,
    ],
    [
      'Adhérents utilisateurs',
      `${frenchNumber(r.membersUsing)} sur ${count(r.membersDeclared, 'déclaré', 'déclarés')}`,
    ],
    ['Clauses durables', sustainableText(r)],
    ['Litiges', disputesText(r)],
    ['Satisfaction', satisfactionText(r.satisfaction)],
  ];
  return [
    { kind: 'heading', level: 2, text: r.label },
    { kind: 'facts', rows: facts },
    {
      kind: 'table',
      columns: [
        { header: 'Adhérent', width: 2.2 },
        { header: 'Volume prévu par an', width: 1.4, align: 'right' },
        { header: 'Consommé', width: 1.3, align: 'right' },
        { header: 'Conso. / prévision', width: 1.1, align: 'right' },
        { header: 'Part du volume', width: 1, align: 'right' },
        { header: 'Gains sur la période', width: 1.6, align: 'right' },
      ],
      rows: r.members.map((m) => [
        nameOf(m.memberId),
        quantityText(m.forecastQuantity, r.unit),
        quantityText(m.consumedQuantity, r.unit),
        m.consumptionRatio === null ? '—' : percent(m.consumptionRatio),
        m.shareOfVolume === null ? '—' : percent(m.shareOfVolume),
        m.periodSavingsCents === null
          ? m.referenceGiven
            ? 'non calculable'
            : 'non calculable (pas de prix de référence)'
          : formatEuros(m.periodSavingsCents),
      ]),
    },
  ];
}

/** The window in words: « du 1er janvier 2026 au 31 décembre 2026 ». */
export const windowSpan = (w: Window) => `du ${frenchDayOf(w.from)} au ${frenchDayOf(w.to)}`;

/** The bilan des marchés of a window as a document model. */
export function bilanDocument(input: BilanDocumentInput): DocumentModel {
  const { review, data } = input;
  const w = review.window;
  const names = new Map<string, string>(data.members.map((m: Member) => [m.id, m.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const active = review.activeContracts;
  const totals: Array<[string, string]> = [
    [
      'Gains achats sur la période',
      review.savingsCents === null
        ? 'non calculable (aucun marché au calcul possible)'
        : formatEuros(review.savingsCents),
    ],
    [
      'Gains achats annuels (prix en vigueur)',
      review.annualSavingsCents === null ? 'non calculable' : formatEuros(review.annualSavingsCents),
    ],
    [
      'Marchés aux gains calculables',
      `${frenchNumber(review.calculableContracts)} sur ${count(active, 'marché', 'marchés')}`,
    ],
    [
      'Part des marchés durables',
      review.sustainableShare === null
        ? '—'
        : `${percent(review.sustainableShare)} (${frenchNumber(review.sustainableContracts)} sur ${count(active, 'marché', 'marchés')})`,
    ],
    [
      'Consommation déclarée par les fournisseurs',
      review.contracts.some((c) => c.reportedPeriods.length)
        ? formatEuros(review.consumedCents)
        : 'aucun relevé des fournisseurs sur la période',
    ],
    ['Litiges', count(review.disputes, 'litige', 'litiges')],
    ['Pénalités appliquées', formatEuros(review.penaltiesCents)],
  ];
  const table: DocBlock = {
    kind: 'table',
    columns: [
      { header: 'Marché', width: 2.6 },
      { header: 'Gains achats', width: 1.5, align: 'right' },
      { header: 'Conso. / prévision', width: 1.1, align: 'right' },
      { header: 'Adhérents utilisateurs', width: 1.1, align: 'right' },
      { header: 'Satisfaction', width: 1.5 },
    ],
    rows: review.contracts.map((r) => [
      `${r.label}\n${r.supplier}`,
      savingsText(r.periodSavings, { short: true }),
      r.consumptionRatio === null ? 'aucun relevé' : percent(r.consumptionRatio),
      `${frenchNumber(r.membersUsing)} / ${frenchNumber(r.membersDeclared)}`,
      satisfactionText(r.satisfaction),
    ]),
  };
  const notCalculable = review.contracts.filter((r) => !r.periodSavings.calculable);
  return {
    title: `Bilan des marchés — ${w.label}`,
    issuer: data.centraleName,
    subtitle: `Période ${windowSpan(w)}${input.context ? ` — ${input.context}` : ''}`,
    blocks: [
      {
        kind: 'paragraph',
        text: `${data.centraleName}, bilan des marchés ${windowSpan(w)} : ${count(active, 'marché', 'marchés')} en cours sur la période. Les gains achats sont la différence entre ce que chaque adhérent payait avant le marché (prix de référence) et le prix du marché, pour le volume prévu ; ils ne sont calculés que lorsque le prix de référence est connu.`,
      },
      { kind: 'heading', text: 'Synthèse' },
      { kind: 'facts', rows: totals },
      {
        kind: 'image',
        png: input.charts.savings.png,
        width: 400,
        alt: input.charts.savings.chart.altText,
        caption: input.charts.savings.chart.caption,
      },
      {
        kind: 'image',
        png: input.charts.consumption.png,
        width: 400,
        alt: input.charts.consumption.chart.altText,
        caption: input.charts.consumption.chart.caption,
      },
      { kind: 'heading', text: 'Par marché' },
      table,
      ...(notCalculable.length
        ? [
            {
              kind: 'paragraph' as const,
              small: true,
              text: `Non calculable : ${notCalculable.map((r) => `${r.label} (${r.periodSavings.calculable ? '' : r.periodSavings.reason})`).join(' ; ')}.`,
            },
          ]
        : []),
      { kind: 'heading', text: 'Détail par marché' },
      ...review.contracts.flatMap((r) => contractBlocks(r, nameOf)),
      {
        kind: 'paragraph',
        text: `Fait le ${frenchDayOf(localDay(input.generatedAt, data.timeZone))}.`,
        align: 'right',
      },
    ],
    footer: `${data.centraleName} — bilan des marchés ${w.label}, généré par le bot le ${localTimestamp(input.generatedAt, data.timeZone)}`,
    generatedAt: input.generatedAt,
  };
}

/** What the model says, without its generation time: the same figures give the same fingerprint. */
export function bilanFingerprint(model: DocumentModel): string {
  const stable = JSON.stringify(
    { ...model, generatedAt: undefined, footer: undefined, blocks: model.blocks },
    (key, value: unknown) => {
      if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer')
        return createHash('sha256')
          .update(Buffer.from((value as { data: number[] }).data))
          .digest('hex');
      return value;
    },
  );
  return createHash('sha256').update(stable).digest('hex');
}

/**
 * The model of the centrale's bilan over a window, its charts drawn: what both the export and a
 * sitting's document are made of. « Fait le » is the centrale's local date of `generatedAt`.
 */
export async function buildBilanDocument(
  deps: ReviewDeps & { charts: ChartRenderer },
  centraleId: string,
  windowKey: string | undefined,
  context?: string,
): Promise<{ model: DocumentModel; review: CentraleReview; data: BilanData; fingerprint: string }> {
  const { data, review } = await centraleBilanOf(deps, centraleId, windowKey);
  const charts = bilanCharts(review);
  const [savings, consumption] = await Promise.all([
    deps.charts.png(charts.savings),
    deps.charts.png(charts.consumption),
  ]);
  const model = bilanDocument({
    data,
    review,
    charts: {
      savings: { chart: charts.savings, png: savings },
      consumption: { chart: charts.consumption, png: consumption },
    },
    generatedAt: deps.clock.now(),
    ...(context ? { context } : {}),
  });
  // The fingerprint leaves « Fait le » aside too: the same figures another day are the same bilan.
  const fingerprint = bilanFingerprint({ ...model, blocks: model.blocks.slice(0, -1) });
  return { model, review, data, fingerprint };
}

/** « bilan-marches-2026 » / « bilan-marches-duree »: the file's name without extension. */
export const bilanBasename = (w: Window) => `bilan-marches-${w.key}`;

/** « Bilan des marchés 2026 »: as cards and journals name it. */
export const bilanLabel = (w: Window) =>
  w.key === 'duree' ? 'Bilan des marchés (durée des marchés)' : `Bilan des marchés ${w.label}`;
