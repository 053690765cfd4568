import { Category, Dispute } from '../disputes/dispute';
import { bilanLine } from '../disputes/bilan';
import { Contract } from '../disputes/registry';
import { localDay } from '../local-date';
import { Cents } from '../needs/money';
import { anonymityThreshold } from '../surveys/survey';
import { ConsumptionReport } from './consumption';
import { Forecast, PricedPeriod, contractLastDay, milli, pricedPeriods } from './economics';
import { Period, yearPeriod, yearsWithin } from './periods';

/**
 * The bilan des marchés' indicators (gains achats, consumption against forecast, members and
 * their share, sustainable clauses, disputes, satisfaction), over a window of local days.
 *
 * Savings (gains achats) = (reference price − new price) × forecast volume, per year: with a
 * member's baseline given as what it paid per year for its forecast volume, that is
 * `reference − unit price × volume`. Over a window, each priced period (initial, renewals)
 * counts for the years it covers inside the window (`yearsWithin`).
 */
export type Savings =
  | { calculable: true; cents: Cents; membersCounted: number; membersForecast: number }
  | { calculable: false; reason: string };

/** The window a person chose: a calendar year or the contract's (or all contracts') duration. */
export type Window = Pick<Period, 'key' | 'from' | 'to' | 'label'>;

/** One survey about the contract: its ratings (1–5), its responses, the anonymity threshold it was opened with. */
export interface SurveyAnswers {
  ratings: number[];
  /** Responses received (one person, one response). */
  answers: number;
  threshold: number;
}

/** The surveys about a contract in the window. */
export type SatisfactionInput = SurveyAnswers[];

export interface Satisfaction {
  answers: number;
  threshold: number;
  /** Mean rating to one decimal, null when under the anonymity threshold or no rating. */
  mean: number | null;
  shown: boolean;
}

export interface MemberFigures {
  memberId: string;
  forecastQuantity: string;
  referenceGiven: boolean;
  /** This member's annual savings at the price in force at the window's end; null: no baseline. */
  annualSavingsCents: Cents | null;
  /** Over the window. */
  periodSavingsCents: Cents | null;
  consumedQuantity: string;
  consumedCents: Cents;
  /** The forecast over the periods the supplier reported. */
  forecastReportedQuantity: string;
  /** Consumed / forecast over the reported periods; null without a report or a forecast. */
  consumptionRatio: number | null;
  /** Share of the contract's consumed volume (or of its forecast when nothing is reported). */
  shareOfVolume: number | null;
}

export interface DisputeFigures {
  total: number;
  byCategory: Partial<Record<Category, number>>;
  meanTakeChargeH: number | null;
  meanResolveH: number | null;
  /** Disputes of a category already reported on this contract in the window (the 2nd, 3rd…). */
  recurrent: number;
  penaltiesCents: Cents;
}

export interface ContractReview {
  contractId: string;
  label: string;
  supplier: string;
  window: Window;
  /** Years of the window the contract ran (0 when it did not run then). */
  activeYears: number;
  hasEconomics: boolean;
  unit: string;
  /** The price in force at the window's end (or the last one before it). */
  priceInForce: PricedPeriod | null;
  renewalsInWindow: number;
  annualSavings: Savings;
  periodSavings: Savings;
  members: MemberFigures[];
  membersDeclared: number;
  /** Members with a consumption above 0 in the window. */
  membersUsing: number;
  reportedPeriods: string[];
  consumedQuantity: string;
  consumedCents: Cents;
  forecastReportedQuantity: string;
  consumptionRatio: number | null;
  sustainable: { environmental: boolean; social: boolean };
  disputes: DisputeFigures;
  satisfaction: Satisfaction | null;
}

const fromMilli = (m: number) => (Math.round(m) / 1000).toString();
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The windows a contract can be looked at over: each calendar year it runs, then its whole duration. */
export function contractWindows(contract: Contract): Window[] {
  const last = contractLastDay(contract, contract.economics);
  const years: Window[] = [];
  for (let y = Number(contract.startDate.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) years.push(yearPeriod(y));
  return [...years, { key: 'duree', from: contract.startDate, to: last, label: 'durée du marché' }];
}

/** A member's cost per year for its forecast volume, in cents, at one priced period. */
function memberCost(p: PricedPeriod, f: Forecast, forecasts: Forecast[]): number | null {
  if (p.unitPriceCents !== null) return Math.round((p.unitPriceCents * milli(f.annualQuantity)) / 1000);
  if (p.awardedAnnualCents === null) return null;
  const all = sum(forecasts.map((x) => milli(x.annualQuantity)));
  return all ? Math.round((p.awardedAnnualCents * milli(f.annualQuantity)) / all) : null;
}

/** Annual savings over one priced period; « non calculable » with its reason, never 0 for lack of data. */
export function annualSavings(p: PricedPeriod, forecasts: Forecast[]): Savings {
  if (!forecasts.length) return { calculable: false, reason: 'aucun volume prévu' };
  const withReference = forecasts.filter((f) => f.referenceAnnualCents !== null);
  if (!withReference.length) return { calculable: false, reason: 'aucun prix de référence' };
  // A contract awarded as a whole is compared with the whole baseline: every member's is needed.
  if (p.unitPriceCents === null && withReference.length < forecasts.length)
    return { calculable: false, reason: 'prix de référence manquant pour un adhérent (marché forfaitaire)' };
  const costs = withReference.map((f) => memberCost(p, f, forecasts));
  if (costs.some((c) => c === null)) return { calculable: false, reason: 'aucun prix attribué' };
  return {
    calculable: true,
    cents: sum(withReference.map((f, i) => f.referenceAnnualCents! - costs[i]!)),
    membersCounted: withReference.length,
    membersForecast: forecasts.length,
  };
}

function windowSavings(periods: PricedPeriod[], forecasts: Forecast[], window: Window): Savings {
  const inWindow = periods.filter((p) => yearsWithin(p, window) > 0);
  if (!inWindow.length) return { calculable: false, reason: 'le marché ne court pas sur cette période' };
  const annual = inWindow.map((p) => annualSavings(p, forecasts));
  const failed = annual.find((a) => !a.calculable);
  if (failed) return failed;
  const calculable = annual as Array<Extract<Savings, { calculable: true }>>;
  return {
    calculable: true,
    cents: Math.round(sum(calculable.map((a, i) => a.cents * yearsWithin(inWindow[i]!, window)))),
    membersCounted: calculable[0]!.membersCounted,
    membersForecast: calculable[0]!.membersForecast,
  };
}

/** The price in force at the window's end, or the last one that started before it. */
function inForce(periods: PricedPeriod[], window: Window): PricedPeriod | null {
  return [...periods].reverse().find((p) => p.from <= window.to) ?? null;
}

/**
 * The reports that fall in a window: those sharing days with it. A report's period may start
 * before the contract (« 2026-T1 » for a contract from 15 March): it counts whole, for what it
 * reports was ordered on the contract; a year window never cuts a report, whose periods lie
 * within calendar years.
 */
export const reportsIn = (reports: ConsumptionReport[], window: Pick<Window, 'from' | 'to'>) =>
  reports.filter((r) => r.from <= window.to && r.to >= window.from).sort((a, b) => a.from.localeCompare(b.from));

/**
 * Satisfaction from the surveys about a contract. Each survey counts only once its own answers
 * reach its own anonymity threshold: adding a survey of one answer to one already published would
 * otherwise move the mean by that one person's rating, and tell it.
 */
export function satisfactionOf(surveys: SatisfactionInput | null): Satisfaction | null {
  if (!surveys?.length) return null;
  const published = surveys.filter((s) => s.answers >= anonymityThreshold(s.threshold));
  const threshold = Math.max(...surveys.map((s) => anonymityThreshold(s.threshold)));
  if (!published.length) return { answers: sum(surveys.map((s) => s.answers)), threshold, shown: false, mean: null };
  const ratings = published.flatMap((s) => s.ratings).filter((r) => r >= 1 && r <= 5);
  return {
    answers: sum(published.map((s) => s.answers)),
    threshold,
    shown: true,
    mean: ratings.length ? Math.round((sum(ratings) / ratings.length) * 10) / 10 : null,
  };
}

/** Disputes of the contract whose facts fall in the window (local days), with recurrence and penalties. */
export function disputeFigures(disputes: Dispute[], window: Window, now: Date, timeZone: string): DisputeFigures {
  const inWindow = disputes
    .filter((d) => {
      const day = d.factsDate || localDay(new Date(d.createdAt), timeZone);
      return day >= window.from && day <= window.to;
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const line = bilanLine('', '', inWindow, now, {});
  const perCategory = Object.values(line.byCategory) as number[];
  return {
    total: line.total,
    byCategory: line.byCategory,
    meanTakeChargeH: line.meanTakeChargeH,
    meanResolveH: line.meanResolveH,
    recurrent: sum(perCategory.map((n) => Math.max(0, n - 1))),
    penaltiesCents: sum(inWindow.map((d) => d.penaltyCents ?? 0)),
  };
}

export interface ContractReviewInput {
  contract: Contract;
  reports: ConsumptionReport[];
  disputes: Dispute[];
  satisfaction: SatisfactionInput | null;
}

/** One contract's bilan over a window. */
export function contractReview(
  input: ContractReviewInput,
  window: Window,
  now: Date,
  timeZone: string,
): ContractReview {
  const { contract, reports } = input;
  const e = contract.economics;
  const periods = e ? pricedPeriods(contract, e) : [];
  const active = { from: contract.startDate, to: contractLastDay(contract, e) };
  const forecasts = e?.forecasts ?? [];
  const inWindow = reportsIn(
    reports.filter((r) => r.contractId === contract.id),
    window,
  );
  const none: Savings = { calculable: false, reason: 'prix et volumes du marché non renseignés' };
  const force = inForce(periods, window);
  const consumedOf = (memberId: string | null) =>
    sum(
      inWindow.flatMap((r) =>
        r.lines.filter((l) => memberId === null || l.memberId === memberId).map((l) => milli(l.quantity)),
      ),
    );
  const centsOf = (memberId: string | null) =>
    sum(
      inWindow.flatMap((r) =>
        r.lines.filter((l) => memberId === null || l.memberId === memberId).map((l) => l.amountCents),
      ),
    );
  // The forecast over what was reported: each report's range, as far as the contract ran then.
  const reportedYears = sum(inWindow.map((r) => yearsWithin(r, active)));
  const forecastReported = (f: Forecast) => milli(f.annualQuantity) * reportedYears;
  const consumedAll = consumedOf(null);
  const forecastAll = sum(forecasts.map(forecastReported));
  const forecastTotal = sum(forecasts.map((f) => milli(f.annualQuantity)));
  const memberIds = [...new Set([...contract.memberIds, ...inWindow.flatMap((r) => r.lines.map((l) => l.memberId))])];
  const members: MemberFigures[] = memberIds.map((memberId) => {
    const f = forecasts.find((x) => x.memberId === memberId);
    const consumed = consumedOf(memberId);
    const reportedForecast = f ? forecastReported(f) : 0;
    const costAt = (p: PricedPeriod) => (f ? memberCost(p, f, forecasts) : null);
    const memberSavings = (p: PricedPeriod) => {
      const cost = costAt(p);
      return f && f.referenceAnnualCents !== null && cost !== null ? f.referenceAnnualCents - cost : null;
    };
    const periodParts = periods.filter((p) => yearsWithin(p, window) > 0).map((p) => ({ p, s: memberSavings(p) }));
    return {
      memberId,
      forecastQuantity: f ? fromMilli(milli(f.annualQuantity)) : '0',
      referenceGiven: f?.referenceAnnualCents != null,
      annualSavingsCents: force ? memberSavings(force) : null,
      periodSavingsCents:
        periodParts.length && periodParts.every((x) => x.s !== null)
          ? Math.round(sum(periodParts.map((x) => x.s! * yearsWithin(x.p, window))))
          : null,
      consumedQuantity: fromMilli(consumed),
      consumedCents: centsOf(memberId),
      forecastReportedQuantity: fromMilli(reportedForecast),
      consumptionRatio: inWindow.length && reportedForecast > 0 ? consumed / reportedForecast : null,
      shareOfVolume:
        consumedAll > 0
          ? consumed / consumedAll
          : forecastTotal > 0 && f
            ? milli(f.annualQuantity) / forecastTotal
            : null,
    };
  });
  return {
    contractId: contract.id,
    label: `${contract.number} — ${contract.title}`,
    supplier: contract.supplier,
    window,
    activeYears: yearsWithin(active, window),
    hasEconomics: Boolean(e),
    unit: e?.unit ?? '',
    priceInForce: force,
    renewalsInWindow: periods.filter((p) => p.renewal > 0 && yearsWithin(p, window) > 0).length,
    annualSavings: e && force ? annualSavings(force, forecasts) : none,
    periodSavings: e ? windowSavings(periods, forecasts, window) : none,
    members,
    membersDeclared: contract.memberIds.length,
    membersUsing: members.filter((m) => Number(m.consumedQuantity) > 0).length,
    reportedPeriods: inWindow.map((r) => r.label),
    consumedQuantity: fromMilli(consumedAll),
    consumedCents: centsOf(null),
    forecastReportedQuantity: fromMilli(forecastAll),
    consumptionRatio: inWindow.length && forecastAll > 0 ? consumedAll / forecastAll : null,
    sustainable: e?.sustainable ?? { environmental: false, social: false },
    disputes: disputeFigures(input.disputes, window, now, timeZone),
    satisfaction: satisfactionOf(input.satisfaction),
  };
}

export interface CentraleReview {
  window: Window;
  contracts: ContractReview[];
  /** Σ of the calculable contracts' savings over the window; null when none is calculable. */
  savingsCents: Cents | null;
  annualSavingsCents: Cents | null;
  calculableContracts: number;
  /** Contracts that ran in the window. */
  activeContracts: number;
  /** Of those, with an environmental or a social clause. */
  sustainableContracts: number;
  sustainableShare: number | null;
  consumedCents: Cents;
  disputes: number;
  penaltiesCents: Cents;
}

/** The windows for the whole centrale: each calendar year a contract ran, then all of them. */
export function centraleWindows(contracts: Contract[]): Window[] {
  if (!contracts.length) return [];
  const first = contracts.map((c) => c.startDate).sort()[0]!;
  const last = contracts
    .map((c) => contractLastDay(c, c.economics))
    .sort()
    .at(-1)!;
  const years: Window[] = [];
  for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) years.push(yearPeriod(y));
  return [...years, { key: 'duree', from: first, to: last, label: 'toute la durée des marchés' }];
}

/** The centrale's bilan: each contract that ran in the window, and the totals. */
export function centraleReview(
  inputs: ContractReviewInput[],
  window: Window,
  now: Date,
  timeZone: string,
): CentraleReview {
  const contracts = inputs.map((i) => contractReview(i, window, now, timeZone)).filter((r) => r.activeYears > 0);
  const calculable = contracts.filter((r) => r.periodSavings.calculable);
  const annual = contracts.filter((r) => r.annualSavings.calculable);
  const sustainable = contracts.filter((r) => r.sustainable.environmental || r.sustainable.social).length;
  const cents = (s: Savings) => (s.calculable ? s.cents : 0);
  return {
    window,
    contracts,
    savingsCents: calculable.length ? sum(calculable.map((r) => cents(r.periodSavings))) : null,
    annualSavingsCents: annual.length ? sum(annual.map((r) => cents(r.annualSavings))) : null,
    calculableContracts: calculable.length,
    activeContracts: contracts.length,
    sustainableContracts: sustainable,
    sustainableShare: contracts.length ? sustainable / contracts.length : null,
    consumedCents: sum(contracts.map((r) => r.consumedCents)),
    disputes: sum(contracts.map((r) => r.disputes.total)),
    penaltiesCents: sum(contracts.map((r) => r.disputes.penaltiesCents)),
  };
}

export interface MemberReview {
  memberId: string;
  window: Window;
  contracts: Array<{
    contractId: string;
    label: string;
    unit: string;
    figures: MemberFigures;
    /** The periods the supplier reported in the window (none: nothing to say of consumption). */
    reportedPeriods: string[];
  }>;
  /** Σ of this member's calculable savings over the window; null when none is calculable. */
  savingsCents: Cents | null;
  /** Contracts whose savings could not be computed for this member (no baseline). */
  notCalculable: number;
}

/** What one commune saved and used: its own figures only, never another member's. */
export function memberReview(centrale: CentraleReview, memberId: string): MemberReview {
  const contracts = centrale.contracts
    .map((r) => ({ r, figures: r.members.find((m) => m.memberId === memberId) }))
    .filter((x): x is { r: ContractReview; figures: MemberFigures } => Boolean(x.figures))
    .map(({ r, figures }) => ({
      contractId: r.contractId,
      label: r.label,
      unit: r.unit,
      figures,
      reportedPeriods: r.reportedPeriods,
    }));
  const known = contracts.filter((c) => c.figures.periodSavingsCents !== null);
  return {
    memberId,
    window: centrale.window,
    contracts,
    savingsCents: known.length ? sum(known.map((c) => c.figures.periodSavingsCents!)) : null,
    notCalculable: contracts.length - known.length,
  };
}
