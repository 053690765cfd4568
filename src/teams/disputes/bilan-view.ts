import { DisputeBilanView } from '../../app/disputes/queries';
import { BilanLine } from '../../domain/disputes/bilan';
import { CATEGORIES, Category, Dispute, STATUS_LABELS } from '../../domain/disputes/dispute';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { count } from '../../domain/french-text';

/** A mean duration (also on the bilan des marchés), kept to the tenth of an hour: minutes under an hour (0 is under 3 min), hours, then days. */
export const hoursText = (h: number | null) =>
  h === null
    ? '—'
    : h === 0
      ? 'moins de 3 min'
      : h < 1
        ? `${Math.round(h * 60)} min`
        : h < 48
          ? `${String(h).replace('.', ',')} h`
          : `${String(Math.round((h / 24) * 10) / 10).replace('.', ',')} j`;
const lineDetail = (l: BilanLine) =>
  [
    count(l.total, 'litige', 'litiges'),
    Object.entries(l.byCategory)
      .map(([c, n]) => `${CATEGORIES[c as Category]} ${n}`)
      .join(', '),
    Object.entries(l.byStatus)
      .map(([s, n]) => `${STATUS_LABELS[s as Dispute['status']].split(' (')[0]} ${n}`)
      .join(', '),
    `prise en charge moyenne ${hoursText(l.meanTakeChargeH)}`,
    `résolution moyenne ${hoursText(l.meanResolveH)}`,
    `${l.overdue} en retard`,
  ].join(' · ');

/** The bilan per contract and per supplier, with a bar chart by category. */
export function bilanCard({ bilan: b, summary }: DisputeBilanView): CardJson {
  const byCategory = (Object.keys(CATEGORIES) as Category[])
    .map((c) => ({ c, n: summary.byCategory[c] ?? 0 }))
    .filter((x) => x.n > 0);
  const max = Math.max(1, ...byCategory.map((x) => x.n));
  return renderCard('dispute.bilan', {
    summary: summary.total
      ? `${count(summary.total, 'litige', 'litiges')}, ${count(summary.resolved, 'résolu', 'résolus')}.`
      : 'Aucun litige signalé pour l’instant.',
    // A heading only over lines to show.
    hasChart: byCategory.length > 0,
    hasContracts: b.perContract.length > 0,
    hasSuppliers: b.perSupplier.length > 0,
    chart: byCategory.map((x) => ({
      label: CATEGORIES[x.c],
      value: String(x.n),
      bar: `${Math.max(4, Math.round((x.n / max) * 120))}px`,
    })),
    perContract: b.perContract.map((l) => ({ title: cardText(l.label), detail: cardText(lineDetail(l)) })),
    perSupplier: b.perSupplier.map((l) => ({ title: cardText(l.label), detail: cardText(lineDetail(l)) })),
  });
}
