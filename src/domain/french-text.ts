import { frenchNumber } from './french-format';

/**
 * French wording of counted nouns, ordinals and lists: the one helper every card uses.
 * Gender-neutral forms are written with the median dot, as elsewhere in the project
 * (« présent·e », « présent·es », « organisateur·rice »).
 */

/** French takes the singular below two: « 0 pouvoir », « 1 pouvoir », « 2 pouvoirs ». */
export const isPlural = (n: number): boolean => Math.abs(n) >= 2;

/** The noun (or adjective) agreeing with `n`, without the number. */
export const plural = (n: number, singular: string, pluralForm: string): string =>
  isPlural(n) ? pluralForm : singular;

/** « 1 adhérent sur 5 a répondu », « 3 adhérents sur 5 ont répondu »: the verb agrees too. */
export const answeredOutOf = (n: number, total: number, singular: string, pluralForm: string): string =>
  `${count(n, singular, pluralForm)} sur ${frenchNumber(total)} ${plural(n, 'a', 'ont')} répondu`;

/** « 1 présent·e », « 3 présent·es », « 1 500 habitants » (number as fr-FR writes it). */
export const count = (n: number, singular: string, pluralForm: string): string =>
  `${frenchNumber(n)} ${plural(n, singular, pluralForm)}`;

/** « 1er » / « 1re », « 2e », « 10e ». */
export const ordinal = (n: number, gender: 'm' | 'f' = 'm'): string =>
  n === 1 ? (gender === 'f' ? '1re' : '1er') : `${n}e`;

/** « A », « A et B », « A, B et C » (or « ou »). */
export function frenchList(items: string[], conjunction: 'et' | 'ou' = 'et'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
