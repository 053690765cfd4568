import { CentraleReview, ContractReview, MemberReview } from '../../domain/bilan/indicators';
import { count, frenchList } from '../../domain/french-text';
import { deName, frenchNumber } from '../../domain/french-format';
import { formatEuros } from '../../domain/needs/money';
import { BarChart } from './ports';

/**
 * The bilan's charts as figures and French texts (`BarChart`), from the domain's reviews: what
 * reads faster as a picture than as a table — savings per contract, consumption against the
 * forecast. The picture is drawn by the documents layer (`ChartRenderer`); every figure is also
 * in `altText`, in words, for a screen reader and the card's text.
 */

type Bar = BarChart['bars'][number];

/** « 4 500,00 € » (no « HT »: the chart's caption says what the amounts are). */
export const chartEuros = (cents: number): string => formatEuros(cents, ' €');

/** A ratio as a French percent: « 95 % », « 95,3 % », « 102 % » (one decimal at most). */
export function frenchPercent(ratio: number): string {
  return `${frenchNumber(Math.round(ratio * 1000) / 10)} %`;
}

const NOT_CALCULABLE = 'non calculable';

/** A « non calculable » bar: muted, with that text, never drawn as 0 €. */
const notCalculable = (label: string): Bar => ({ label, value: 0, valueText: NOT_CALCULABLE, muted: true });

const savingsBar = (label: string, cents: number | null): Bar =>
  cents === null
    ? notCalculable(label)
    : // A loss (negative savings) has no bar; its amount is written, with its sign.
      { label, value: Math.max(0, cents), valueText: cents < 0 ? `surcoût ${chartEuros(-cents)}` : chartEuros(cents) };

const sentence = (parts: string[]) => parts.filter(Boolean).join(' ');
const line = (label: string, text: string) => `${label} : ${text}.`;

/** A savings chart: one bar per row (« non calculable » muted, with its reason in the words), its caption and its words. */
function savingsBars(p: {
  title: string;
  caption: string;
  /** Said when there is no row. */
  empty: string;
  rows: Array<{ label: string; cents: number | null; reason: string }>;
  totalLine: string;
}): BarChart {
  return {
    title: p.title,
    bars: p.rows.map((r) => savingsBar(r.label, r.cents)),
    caption: p.caption,
    altText: sentence([
      `${p.title}.`,
      p.rows.length ? '' : p.empty,
      ...p.rows.map((r) => line(r.label, r.cents === null ? `${NOT_CALCULABLE} (${r.reason})` : chartEuros(r.cents))),
      p.totalLine,
    ]),
  };
}

/** « Gains achats — 2026 »: one bar per contract that ran in the window, its savings over it. */
export function savingsChart(review: CentraleReview): BarChart {
  const missing = review.activeContracts - review.calculableContracts;
  const total =
    review.savingsCents === null
      ? 'aucun gain calculable'
      : `total ${chartEuros(review.savingsCents)}${missing ? ` (${count(missing, 'marché non calculable', 'marchés non calculables')})` : ''}`;
  return savingsBars({
    title: `Gains achats — ${review.window.label}`,
    caption: `Gains sur ${review.window.label}, par marché, ${total}.`,
    empty: 'Aucun marché sur cette période.',
    rows: review.contracts.map((c) => ({
      label: c.label,
      cents: c.periodSavings.calculable ? c.periodSavings.cents : null,
      reason: c.periodSavings.calculable ? '' : c.periodSavings.reason,
    })),
    totalLine: review.savingsCents === null ? 'Aucun gain calculable.' : `Total : ${chartEuros(review.savingsCents)}.`,
  });
}

/** A commune's savings per contract it is a member of (its own figures only). */
export function memberSavingsChart(review: MemberReview, memberName: string): BarChart {
  const total = review.savingsCents === null ? 'aucun gain calculable' : `total ${chartEuros(review.savingsCents)}`;
  return savingsBars({
    title: `Gains achats ${deName(memberName)} — ${review.window.label}`,
    caption: `Gains sur ${review.window.label}, par marché, ${total}.`,
    empty: 'Aucun marché sur cette période.',
    rows: review.contracts.map((c) => ({
      label: c.label,
      cents: c.figures.periodSavingsCents,
      reason: 'aucun prix de référence donné',
    })),
    totalLine: review.savingsCents === null ? 'Aucun gain calculable.' : `Total : ${chartEuros(review.savingsCents)}.`,
  });
}

interface ConsumptionLine {
  label: string;
  ratio: number | null;
  /** Why there is no ratio: no report in the window, or no forecast. */
  missing: string;
}

const consumptionBar = (l: ConsumptionLine): Bar =>
  l.ratio === null
    ? { label: l.label, value: 0, valueText: l.missing, muted: true, target: null }
    : { label: l.label, value: l.ratio, valueText: frenchPercent(l.ratio), target: 1 };

const isContract = (r: ContractReview | CentraleReview): r is ContractReview => 'contractId' in r;

/**
 * Consumed against forecast over the periods the supplier reported: per member for a contract
 * (`names` gives a member's name), per contract for the centrale. The bar is the ratio, the
 * mark the forecast (100 %).
 */
export function consumptionChart(
  review: ContractReview | CentraleReview,
  names: (memberId: string) => string,
): BarChart {
  const title = isContract(review)
    ? `Consommation — ${review.label} — ${review.window.label}`
    : `Consommation des marchés — ${review.window.label}`;
  const lines: ConsumptionLine[] = isContract(review)
    ? review.members.map((m) => ({
        label: names(m.memberId),
        ratio: m.consumptionRatio,
        missing: review.reportedPeriods.length ? 'sans prévision' : 'aucun relevé',
      }))
    : review.contracts.map((c) => ({
        label: c.label,
        ratio: c.consumptionRatio,
        missing: c.reportedPeriods.length ? 'sans prévision' : 'aucun relevé',
      }));
  const periods = isContract(review)
    ? review.reportedPeriods
    : [...new Set(review.contracts.flatMap((c) => c.reportedPeriods))];
  const reported = periods.length ? ` (${frenchList(periods)})` : '';
  return {
    title,
    bars: lines.map(consumptionBar),
    caption: `Barre : consommé ; trait : prévision sur les périodes déclarées${reported} = 100 %.`,
    altText: sentence([
      `${title}, consommé par rapport à la prévision sur les périodes déclarées${reported}.`,
      lines.length ? '' : 'Rien à montrer sur cette période.',
      ...lines.map((l) => line(l.label, l.ratio === null ? l.missing : `${frenchPercent(l.ratio)} de la prévision`)),
    ]),
  };
}

/** One contract's savings per member over the window (`names` gives a member's name). */
export function contractSavingsChart(review: ContractReview, names: (memberId: string) => string): BarChart {
  const total = review.periodSavings.calculable
    ? `total ${chartEuros(review.periodSavings.cents)}`
    : `${NOT_CALCULABLE} (${review.periodSavings.reason})`;
  return savingsBars({
    title: `Gains achats — ${review.label} — ${review.window.label}`,
    caption: `Gains sur ${review.window.label}, par adhérent, ${total}.`,
    empty: 'Aucun adhérent sur ce marché.',
    rows: review.members.map((m) => ({
      label: names(m.memberId),
      cents: m.periodSavingsCents,
      reason: 'aucun prix de référence donné',
    })),
    totalLine: review.periodSavings.calculable
      ? `Total : ${chartEuros(review.periodSavings.cents)}.`
      : `Total ${NOT_CALCULABLE}.`,
  });
}

/** A commune's consumption against its forecast, per contract it is a member of. */
export function memberConsumptionChart(review: MemberReview, memberName: string): BarChart {
  const title = `Consommation ${deName(memberName)} — ${review.window.label}`;
  const lines: ConsumptionLine[] = review.contracts.map((c) => ({
    label: c.label,
    ratio: c.figures.consumptionRatio,
    missing: Number(c.figures.forecastQuantity) > 0 ? 'aucun relevé' : 'sans prévision',
  }));
  return {
    title,
    bars: lines.map(consumptionBar),
    caption: 'Barre : consommé ; trait : prévision sur les périodes déclarées = 100 %.',
    altText: sentence([
      `${title}, consommé par rapport à la prévision sur les périodes déclarées.`,
      lines.length ? '' : 'Rien à montrer sur cette période.',
      ...lines.map((l) => line(l.label, l.ratio === null ? l.missing : `${frenchPercent(l.ratio)} de la prévision`)),
    ]),
  };
}
