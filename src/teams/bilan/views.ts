import {
  euros,
  eurosHt,
  percent,
  priceText,
  quantityText,
  satisfactionText,
  savedEuros,
  savingsText,
} from '../../app/bilan/bilan-text';
import { CentraleBilanView, ContractBilanView, MemberBilanView } from '../../app/bilan/queries';
import { PricedPeriod, pricedPeriods } from '../../domain/bilan/economics';
import { ContractReview, MemberFigures, Savings, Window } from '../../domain/bilan/indicators';
import { CATEGORIES, Category } from '../../domain/disputes/dispute';
import { frenchDayOf, frenchNumber } from '../../domain/french-format';
import { count, plural } from '../../domain/french-text';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { messageCard } from '../replies';
import { hoursText } from '../disputes/bilan-view';

/**
 * The bilan des marchés' cards: the centrale's (one row per contract), one contract's, and a
 * commune's own (« ce que votre commune a économisé »). Every figure comes computed from
 * `app/bilan/queries.ts`; here it is only written in French.
 */

/** A chart image a card shows (a signed PNG link), with its text for screen readers. */
export interface ChartImage {
  url: string;
  altText: string;
}

/** What the routes add to a card beyond the review: charts, the import link, per-year savings. */
export interface CardExtras {
  charts?: ChartImage[];
  /** The consumption import page for this contract (empty: no button). */
  importUrl?: string;
  /** Over « durée du marché », the savings of each year of the window. */
  perYear?: Array<{ window: Window; savings: Savings }>;
}

/** At most this many rows on a card: 28 KB is Teams' limit. */
export const MAX_ROWS = 25;

/** « en 2026 », « sur la durée du marché », « sur toute la durée des marchés ». */
export const inWindow = (w: Window): string =>
  /^\d{4}$/.test(w.key) ? `en ${w.label}` : w.label.startsWith('durée') ? `sur la ${w.label}` : `sur ${w.label}`;
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const consumptionText = (r: ContractReview) =>
  r.consumptionRatio !== null
    ? `${percent(r.consumptionRatio)} de la prévision`
    : r.reportedPeriods.length
      ? 'pas de volume prévu'
      : 'aucun relevé de consommation';

const usingText = (r: ContractReview) =>
  r.reportedPeriods.length
    ? `${count(r.membersUsing, 'adhérent', 'adhérents')} sur ${frenchNumber(r.membersDeclared)}`
    : `${count(r.membersDeclared, 'adhérent déclaré', 'adhérents déclarés')} (aucun relevé)`;

/** The windows offered, and the one shown if it is not among them (a year typed): the picker never shows blank. */
const windowChoices = (windows: Window[], shown: Window) =>
  [...windows, ...(windows.some((w) => w.key === shown.key) ? [] : [shown])].map((w) => ({
    title: capitalised(w.label),
    value: w.key,
  }));

const chartsOf = (extras: CardExtras) =>
  (extras.charts ?? []).map((c) => ({ url: c.url, altText: cardText(c.altText) }));

const tooMany = (shown: number, total: number, noun: [string, string]) =>
  total > shown ? `${frenchNumber(shown)} ${noun[1]} affichés sur ${frenchNumber(total)}.` : '';

/** The centrale's bilan over a window: totals, then one row per contract with a button to its card. */
export function centraleBilanCard(view: CentraleBilanView, extras: CardExtras = {}): CardJson {
  const { data, windows, review: r } = view;
  const when = inWindow(r.window);
  const disputes = r.disputes ? count(r.disputes, 'litige', 'litiges') : 'aucun litige';
  const totals = [
    {
      title: `Gains achats ${when}`,
      value:
        r.savingsCents === null
          ? 'non calculable (aucun marché avec un prix de référence)'
          : savedEuros(r.savingsCents),
    },
    ...(r.window.key === 'duree' && r.annualSavingsCents !== null
      ? [{ title: 'Gains achats par an (prix en vigueur)', value: savedEuros(r.annualSavingsCents) }]
      : []),
    ...(extras.perYear ?? []).map((y) => ({
      title: `Gains achats en ${y.window.label}`,
      value: savingsText(y.savings),
    })),
    {
      title: 'Marchés calculables',
      value: r.calculableContracts
        ? `${count(r.calculableContracts, 'marché', 'marchés')} sur ${frenchNumber(r.activeContracts)} ${plural(r.calculableContracts, 'calculable', 'calculables')}`
        : `aucun marché calculable sur ${frenchNumber(r.activeContracts)}`,
    },
    {
      title: 'Marchés durables',
      value: `${frenchNumber(r.sustainableContracts)} sur ${frenchNumber(r.activeContracts)}${r.sustainableShare === null ? '' : ` (${percent(r.sustainableShare)})`}`,
    },
    {
      title: 'Consommation relevée',
      value: r.contracts.some((c) => c.reportedPeriods.length)
        ? eurosHt(r.consumedCents)
        : 'aucun relevé de consommation',
    },
    {
      title: 'Litiges',
      value: r.penaltiesCents ? `${disputes}, pénalités ${euros(r.penaltiesCents)}` : `${disputes}, aucune pénalité`,
    },
  ];
  const rows = r.contracts.slice(0, MAX_ROWS).map((c) => ({
    contractId: c.contractId,
    title: cardText(c.label),
    supplier: cardText(c.supplier),
    facts: [
      { title: 'Gains achats', value: savingsText(c.periodSavings) },
      { title: 'Consommation', value: consumptionText(c) },
      { title: 'Adhérents', value: usingText(c) },
      { title: 'Satisfaction', value: satisfactionText(c.satisfaction) },
    ],
  }));
  const using = new Set(data.contracts.flatMap((c) => c.memberIds));
  const communes = data.members
    .filter((m) => using.has(m.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .map((m) => ({ title: cardText(m.name), value: m.id }));
  return renderCard('bilan.centrale', {
    title: `Bilan des marchés ${when}`,
    centrale: cardText(data.centraleName),
    summary: data.contracts.length
      ? r.activeContracts
        ? r.window.key === 'duree'
          ? `${count(r.activeContracts, 'marché', 'marchés')} ${when}.`
          : `${count(r.activeContracts, 'marché en cours', 'marchés en cours')} ${when}.`
        : `Aucun marché ne court ${when} : choisissez une autre période.`
      : 'Aucun marché enregistré pour l’instant : la Direction Achats les saisit avec « dossiers ».',
    hasWindows: windows.length > 0,
    windows: windowChoices(windows, r.window),
    windowKey: r.window.key,
    hasTotals: r.activeContracts > 0,
    totals,
    hasCharts: (extras.charts ?? []).length > 0,
    charts: chartsOf(extras),
    hasContracts: rows.length > 0,
    contracts: rows,
    more: tooMany(rows.length, r.contracts.length, ['marché', 'marchés']),
    // Each commune's own card (« ce que la commune a économisé »), with the window chosen above.
    hasCommunes: communes.length > 0,
    communes,
    firstCommune: communes[0]?.value ?? '',
  });
}

/** « Attribué du 1er janvier 2025 au 31 décembre 2025 à 3,00 € HT par repas », « Reconduit jusqu’au … ». */
function priceLines(view: ContractBilanView): string[] {
  const contract = view.data.contracts.find((c) => c.id === view.review.contractId)!;
  const e = contract.economics;
  if (!e) return ['Prix et volumes du marché non renseignés.'];
  const price = (p: PricedPeriod) => priceText(p, e.unit);
  return pricedPeriods(contract, e).map((p) =>
    p.renewal === 0
      ? `Attribué du ${frenchDayOf(p.from)} au ${frenchDayOf(p.to)} à ${price(p)}.`
      : `Reconduit jusqu’au ${frenchDayOf(p.to)} à ${price(p)}.`,
  );
}

const memberSavingsText = (f: MemberFigures) =>
  f.periodSavingsCents !== null
    ? euros(f.periodSavingsCents)
    : f.referenceGiven
      ? 'non calculables'
      : 'non calculables : pas de prix de référence';

const memberRatioText = (f: MemberFigures) =>
  f.consumptionRatio === null ? 'aucun relevé' : `${percent(f.consumptionRatio)} de la prévision`;

function disputeLines(r: ContractReview): string {
  const d = r.disputes;
  if (!d.total) return `Aucun litige ${inWindow(r.window)}.`;
  const byCategory = Object.entries(d.byCategory)
    .map(([c, n]) => `${CATEGORIES[c as Category]} : ${n}`)
    .join(', ');
  return [
    `${count(d.total, 'litige', 'litiges')} (${byCategory})`,
    d.recurrent ? count(d.recurrent, 'récurrent', 'récurrents') : 'aucun récurrent',
    d.penaltiesCents ? `pénalités ${eurosHt(d.penaltiesCents)}` : 'aucune pénalité',
    // A delay only once a dispute was taken in charge (resolved): no « — » to read.
    ...(d.meanTakeChargeH === null ? [] : [`prise en charge moyenne ${hoursText(d.meanTakeChargeH)}`]),
    ...(d.meanResolveH === null ? [] : [`résolution moyenne ${hoursText(d.meanResolveH)}`]),
  ].join(' · ');
}

/** One contract's bilan over a window: prices and renewals, savings, members, clauses, disputes, satisfaction. */
export function contractBilanCard(view: ContractBilanView, extras: CardExtras = {}): CardJson {
  const { data, windows, review: r } = view;
  const when = inWindow(r.window);
  const nameOf = (memberId: string) => data.members.find((m) => m.id === memberId)?.name ?? memberId;
  const contract = data.contracts.find((c) => c.id === r.contractId)!;
  const forecasts = contract.economics?.forecasts ?? [];
  const withReference = forecasts.filter((f) => f.referenceAnnualCents !== null).length;
  const members = r.members.slice(0, MAX_ROWS).map((f) => ({
    name: cardText(nameOf(f.memberId)),
    detail: [
      `prévu ${quantityText(f.forecastQuantity, r.unit)} par an`,
      r.reportedPeriods.length
        ? `consommé ${quantityText(f.consumedQuantity, r.unit)} (${memberRatioText(f)})`
        : 'aucun relevé de consommation',
      ...(f.shareOfVolume === null ? [] : [`${percent(f.shareOfVolume)} du volume`]),
      `gains ${memberSavingsText(f)}`,
    ].join(' · '),
  }));
  const clauses = [
    ...(r.sustainable.environmental ? ['environnementale'] : []),
    ...(r.sustainable.social ? ['sociale'] : []),
  ];
  const facts = [
    ...(r.priceInForce && contract.economics
      ? [
          {
            title: 'Prix en vigueur',
            value:
              r.priceInForce.unitPriceCents !== null
                ? `${eurosHt(r.priceInForce.unitPriceCents)} par ${r.unit}`
                : `${eurosHt(r.priceInForce.awardedAnnualCents ?? 0)} par an (forfait)`,
          },
        ]
      : []),
    {
      title: 'Prix de référence',
      value: forecasts.length
        ? `donné par ${frenchNumber(withReference)} ${plural(withReference, 'adhérent', 'adhérents')} sur ${frenchNumber(forecasts.length)}`
        : 'aucune prévision des adhérents',
    },
    { title: `Gains achats ${when}`, value: savingsText(r.periodSavings) },
    ...(r.window.key === 'duree' || r.activeYears < 1
      ? [{ title: 'Gains achats par an (prix en vigueur)', value: savingsText(r.annualSavings) }]
      : []),
    ...(extras.perYear ?? []).map((y) => ({
      title: `Gains achats en ${y.window.label}`,
      value: savingsText(y.savings),
    })),
    {
      title: 'Consommation',
      value: r.reportedPeriods.length
        ? `${quantityText(r.consumedQuantity, r.unit)}, ${eurosHt(r.consumedCents)} (${consumptionText(r)})`
        : 'aucun relevé de consommation',
    },
    { title: 'Adhérents', value: usingText(r) },
    {
      title: 'Clauses durables',
      value: clauses.length ? `clause ${clauses.join(' et clause ')}` : 'aucune clause environnementale ni sociale',
    },
    { title: 'Satisfaction', value: satisfactionText(r.satisfaction) },
  ];
  return renderCard('bilan.contract', {
    title: cardText(r.label),
    supplier: cardText(`Titulaire : ${r.supplier}`),
    period: `Bilan ${when}${r.reportedPeriods.length ? ` · relevés : ${r.reportedPeriods.join(', ')}` : ''}`,
    contractId: r.contractId,
    windows: windowChoices(windows, r.window),
    windowKey: r.window.key,
    prices: priceLines(view).map((text) => ({ text })),
    facts,
    hasMembers: members.length > 0,
    members,
    more: tooMany(members.length, r.members.length, ['adhérent', 'adhérents']),
    disputes: disputeLines(r),
    hasCharts: (extras.charts ?? []).length > 0,
    charts: chartsOf(extras),
    hasImport: Boolean(extras.importUrl),
    importUrl: extras.importUrl ?? '',
  });
}

/**
 * A commune's own figures: per contract and in total. Nothing of another commune: only its own
 * `MemberFigures` and the contracts' labels.
 */
export function memberBilanCard(
  view: MemberBilanView,
  opts: { own: boolean; seesCentrale?: boolean; extras?: CardExtras },
): CardJson {
  const { windows, member, review: r } = view;
  const when = inWindow(r.window);
  // The name is on the card's second line; a name needs an article (« la Ville de … », « le CCAS … »): « La commune ».
  const subject = opts.own ? 'Votre commune' : 'La commune';
  const headline = !r.contracts.length
    ? `${subject} n’utilise aucun marché de la centrale ${when}.`
    : r.savingsCents === null
      ? `Ce que ${opts.own ? 'votre' : 'la'} commune a économisé ${when} : non calculable (aucun prix de référence).`
      : r.savingsCents < 0
        ? `${subject} a payé ${euros(-r.savingsCents)} de plus que ses prix de référence ${when}.`
        : `${subject} a économisé ${euros(r.savingsCents)} ${when}.`;
  const note =
    r.savingsCents !== null && r.notCalculable
      ? `Sans compter ${count(r.notCalculable, 'marché', 'marchés')} non ${plural(r.notCalculable, 'calculable', 'calculables')} faute de prix de référence.`
      : '';
  const rows = r.contracts.slice(0, MAX_ROWS).map((c) => ({
    title: cardText(c.label),
    facts: [
      { title: 'Prévu', value: `${quantityText(c.figures.forecastQuantity, c.unit)} par an` },
      ...(c.reportedPeriods.length
        ? [
            {
              title: 'Consommé',
              value: `${quantityText(c.figures.consumedQuantity, c.unit)}, ${eurosHt(c.figures.consumedCents)}`,
            },
            { title: 'Par rapport à la prévision', value: memberRatioText(c.figures) },
          ]
        : [{ title: 'Consommé', value: 'aucun relevé de consommation' }]),
      { title: 'Économies', value: memberSavingsText(c.figures) },
    ],
  }));
  return renderCard('bilan.member', {
    title: `Ce que ${opts.own ? 'votre' : 'cette'} commune a économisé`,
    member: cardText(member.name),
    headline,
    note,
    memberId: opts.own ? '' : member.id,
    hasWindows: windows.length > 0,
    windows: windowChoices(windows, r.window),
    windowKey: r.window.key,
    hasContracts: rows.length > 0,
    contracts: rows,
    more: tooMany(rows.length, r.contracts.length, ['marché', 'marchés']),
    hasCharts: (opts.extras?.charts ?? []).length > 0,
    charts: chartsOf(opts.extras ?? {}),
    toCentrale: !opts.own || opts.seesCentrale === true,
  });
}

/** The refusal of the bilan des marchés to someone who has no part in it, with the way on. */
export function notForYouCard(text: string): CardJson {
  const card = messageCard({ title: 'Action impossible', text, hint: 'Rien n’a été modifié.', tone: 'attention' });
  return {
    ...card,
    actions: [
      { type: 'Action.Execute', title: 'Bilan des litiges', verb: 'disputes.bilan', data: {} },
      { type: 'Action.Execute', title: 'Que puis-je faire ?', verb: 'help.show', data: {} },
    ],
  };
}
