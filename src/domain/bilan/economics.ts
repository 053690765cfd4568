import { Cents } from '../needs/money';

/**
 * What a contract costs and what it replaced, the base of the bilan des marchés.
 *
 * The price is either a unit price (per `unit`: « repas », « ramette »…) or, for a contract
 * awarded as a whole (forfait), an annual amount. Renewals (reconductions) extend the contract
 * past its first end, each at the price it was renewed at (a revision), or the price before it.
 */
export interface ContractEconomics {
  /** The unit the volumes and the unit price are counted in. */
  unit: string;
  /** Awarded unit price HT, in cents; null when the contract was awarded as an amount. */
  unitPriceCents: Cents | null;
  /** Awarded amount HT per year, in cents, when there is no unit price (forfait). */
  awardedAnnualCents: Cents | null;
  /** Each renewal, in order: it runs from the day after the previous end to `to`. */
  renewals: Renewal[];
  /** Clauses of the contract (CCP L2111-2, L2112-2): what the share of « marchés durables » counts. */
  sustainable: { environmental: boolean; social: boolean };
  /** The members' forecast and baseline, one line per member (from their needs, or typed). */
  forecasts: Forecast[];
  /** The needs campaign the forecasts were taken from, if any. */
  campaignId: string | null;
}

export interface Renewal {
  /** Last day of the renewed period (YYYY-MM-DD). */
  to: string;
  /** The price it was renewed at; null: unchanged. */
  unitPriceCents: Cents | null;
  awardedAnnualCents: Cents | null;
}

/**
 * One member's forecast volume per year and its baseline: what it paid a year before the
 * contract (the « Prix actuel (€ HT par an) » and « Fournisseur actuel » of its need). No
 * baseline (null) makes this member's savings « non calculable », never 0.
 */
export interface Forecast {
  memberId: string;
  /** Forecast volume per year in `unit`, a normalised decimal ("1200", "12.5"). */
  annualQuantity: string;
  referenceAnnualCents: Cents | null;
  referenceSupplier: string;
  /** The need it came from, when taken from a campaign. */
  needId: string | null;
}

/** One priced stretch of a contract: the initial period, then each renewal. */
export interface PricedPeriod {
  from: string;
  to: string;
  unitPriceCents: Cents | null;
  awardedAnnualCents: Cents | null;
  /** 0 for the initial period, n for the n-th renewal. */
  renewal: number;
}

const dayAfter = (iso: string): string => {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
};

/** The contract's periods, initial then renewed, each with the price in force. */
export function pricedPeriods(
  contract: { startDate: string; endDate: string },
  economics: Pick<ContractEconomics, 'unitPriceCents' | 'awardedAnnualCents' | 'renewals'>,
): PricedPeriod[] {
  const periods: PricedPeriod[] = [
    {
      from: contract.startDate,
      to: contract.endDate,
      unitPriceCents: economics.unitPriceCents,
      awardedAnnualCents: economics.awardedAnnualCents,
      renewal: 0,
    },
  ];
  economics.renewals.forEach((r, i) => {
    const previous = periods[periods.length - 1]!;
    periods.push({
      from: dayAfter(previous.to),
      to: r.to,
      unitPriceCents: r.unitPriceCents ?? previous.unitPriceCents,
      awardedAnnualCents: r.awardedAnnualCents ?? previous.awardedAnnualCents,
      renewal: i + 1,
    });
  });
  return periods;
}

/** The last day of the contract, renewals included. */
export const contractLastDay = (
  contract: { startDate: string; endDate: string },
  economics: Pick<ContractEconomics, 'renewals'> | undefined,
): string => economics?.renewals.at(-1)?.to ?? contract.endDate;

/** Thousandths of a normalised decimal quantity ("12.5" → 12500): exact sums. */
export const milli = (quantity: string | number): number => Math.round(Number(quantity) * 1000);

/** The checks a contract's economics must pass; French messages, one per problem. */
export function economicsErrors(
  contract: { startDate: string; endDate: string; memberIds: string[] },
  e: ContractEconomics,
): string[] {
  const errors: string[] = [];
  if (!e.unit.trim()) errors.push('Indiquez l’unité des volumes (par exemple « repas »).');
  if (e.unitPriceCents === null && e.awardedAnnualCents === null)
    errors.push('Indiquez le prix unitaire attribué ou le montant annuel attribué.');
  if (e.unitPriceCents !== null && e.awardedAnnualCents !== null)
    errors.push('Indiquez soit un prix unitaire, soit un montant annuel, pas les deux.');
  if ((e.unitPriceCents ?? 0) < 0 || (e.awardedAnnualCents ?? 0) < 0) errors.push('Un prix ne peut pas être négatif.');
  let previousEnd = contract.endDate;
  e.renewals.forEach((r, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.to) || r.to <= previousEnd)
      errors.push(`La reconduction ${i + 1} doit finir après le ${previousEnd.split('-').reverse().join('/')}.`);
    previousEnd = r.to;
  });
  const seen = new Set<string>();
  for (const f of e.forecasts) {
    if (seen.has(f.memberId)) errors.push('Un adhérent a deux prévisions : gardez-en une.');
    seen.add(f.memberId);
    if (!contract.memberIds.includes(f.memberId))
      errors.push('Une prévision porte sur un adhérent qui n’utilise pas ce marché.');
    if (!(Number(f.annualQuantity) >= 0)) errors.push('Un volume prévu doit être un nombre positif.');
    if (f.referenceAnnualCents !== null && f.referenceAnnualCents < 0)
      errors.push('Un prix de référence ne peut pas être négatif.');
  }
  return [...new Set(errors)];
}
