import { Satisfaction, Savings } from '../../domain/bilan/indicators';
import { PricedPeriod } from '../../domain/bilan/economics';
import { frenchNumber } from '../../domain/french-format';
import { count, isPlural } from '../../domain/french-text';
import { Cents, formatEuros } from '../../domain/needs/money';

/**
 * The bilan des marchés in words, one way everywhere: its cards, its PDF and its workbook say
 * the same figure the same way. Amounts and percents are bound by no-break spaces, so a phone
 * never breaks « 4 000,00 € » across two lines (the PDF's typesetting keeps them as they are).
 */

/** « 4 000,00 € ». */
export const euros = (cents: Cents): string => `${formatEuros(cents, '').replace(/ /g, '\u202f')}\u00a0€`;
/** « 4 000,00 € HT ». */
export const eurosHt = (cents: Cents): string => `${euros(cents)}\u00a0HT`;
/** Savings in euros, « surcoût de 1 234,00 € » when negative (a contract dearer than what it replaced). */
export const savedEuros = (cents: Cents, ht = false): string => {
  const amount = (c: Cents) => (ht ? eurosHt(c) : euros(c));
  return cents < 0 ? `surcoût de ${amount(-cents)}` : amount(cents);
};
/** « 95 % » (a ratio of 0.95), rounded to the unit. */
export const percent = (ratio: number): string => `${frenchNumber(Math.round(ratio * 100))}\u00a0%`;

/**
 * « 1 repas », « 1 200 ramettes », « 12,5 heures »: a one-word unit in small letters agrees with
 * its number (not one ending in s, x, z, nor a symbol such as « MWh »).
 */
export function quantityText(quantity: string, unit: string): string {
  const agreed = /^[a-zà-ÿ]+$/.test(unit) && isPlural(Number(quantity)) && !/[sxz]$/.test(unit) ? `${unit}s` : unit;
  return `${frenchNumber(quantity)}${agreed ? ` ${agreed}` : ''}`;
}

/**
 * The savings, or « non calculable (aucun prix de référence) »: never 0 € for lack of data; with
 * the baseline's coverage when some adhérents gave none (« 2 adhérents sur 3 avec un prix de
 * référence »). `short`: the bare amount or « non calculable », for a table's cell; `ht`: « € HT »,
 * as a document of record says its amounts.
 */
export function savingsText(s: Savings, { short = false, ht = false } = {}): string {
  if (!s.calculable) return short ? 'non calculable' : `non calculable (${s.reason})`;
  const partial =
    !short && s.membersCounted < s.membersForecast
      ? ` (${count(s.membersCounted, 'adhérent', 'adhérents')} sur ${frenchNumber(s.membersForecast)} avec un prix de référence)`
      : '';
  return `${savedEuros(s.cents, ht)}${partial}`;
}

/** « 3,7 / 5 (4 réponses) », « moins de 3 réponses : non publié », « pas d’enquête de satisfaction sur ce marché ». */
export function satisfactionText(s: Satisfaction | null): string {
  if (!s) return 'pas d’enquête de satisfaction sur ce marché';
  if (!s.shown) return `moins de ${frenchNumber(s.threshold)} réponses : non publié`;
  const answers = count(s.answers, 'réponse', 'réponses');
  return s.mean === null ? `aucune note (${answers})` : `${frenchNumber(s.mean)} / 5 (${answers})`;
}

/** Words that end in s or x in the singular: « par repas », « par colis ». */
const INVARIABLE = new Set(['repas', 'colis', 'prix', 'poids', 'fois', 'bois', 'choix', 'cours']);
/**
 * « par repas », « par heure »; a unit typed in the plural (« ramettes », as a need's unit often
 * is) cannot be made singular without a dictionary: « l’unité (ramettes) », never « par ramettes ».
 */
function perUnit(unit: string): string {
  if (!unit) return 'l’unité';
  const plural = /^[a-zà-ÿ]+[sx]$/.test(unit) && !INVARIABLE.has(unit);
  return plural ? `l’unité (${unit})` : `par ${unit}`;
}

/** « 3,10 € HT par repas », « 90 000,00 € HT par an (forfait) », « prix non renseigné ». */
export function priceText(p: Pick<PricedPeriod, 'unitPriceCents' | 'awardedAnnualCents'> | null, unit: string): string {
  if (p?.unitPriceCents != null) return `${eurosHt(p.unitPriceCents)} ${perUnit(unit)}`;
  if (p?.awardedAnnualCents != null) return `${eurosHt(p.awardedAnnualCents)} par an (forfait)`;
  return 'prix non renseigné';
}
