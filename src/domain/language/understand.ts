import { formatEuros } from '../needs/money';
import { frenchClock, frenchDate } from '../meetings/zoned-time';
import { IntentId, matchIntent } from './grammar';
import { GENERIC_PURCHASE_WORDS, Named, matchNames, speaksOfAnInstance } from './names';
import { When, whenOf } from './when';
import { wordsOf } from './words';

/** What the sentence may name, read from the person's centrale (never another's). */
export interface SentenceContext {
  now: Date;
  timeZone: string;
  instances: Named[];
  /** Contracts by their title, with their number as an alias. */
  contracts: Named[];
}

export interface Amount {
  cents: number;
  tax: 'HT' | 'TTC' | null;
}

/** A sentence, understood: what it asks and what it names. Nothing here acts. */
export interface Understanding {
  intent: IntentId | null;
  /** Two requests as likely as each other (« convoquer un vote ? »): the person chooses. */
  ambiguous: IntentId[];
  /** The instance(s) named: one, several alike (the person chooses), none. */
  instanceIds: string[];
  contractIds: string[];
  when: When | null;
  amount: Amount | null;
  /** A year said alone (« le bilan 2025 »). */
  year: number | null;
  /** The sentence speaks of an instance (« le comité »), whether or not one was recognised. */
  namesSomeInstance: boolean;
}

const SPACE = '[\\s\\u00a0\\u202f.]';
const AMOUNT = new RegExp(
  `(\\d{1,3}(?:${SPACE}\\d{3})+|\\d+)(?:,(\\d{1,2}))?${SPACE}*(k)?${SPACE}*(?:€|euros?\\b|eur\\b)${SPACE}*(ht|ttc)?\\b`,
  'i',
);

/** « 12 500 € HT », « 1 200,50 euros TTC », « 3k€ »: integer cents, and the tax basis if said. */
export function amountOf(text: string): { amount: Amount; text: string } | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const units = Number(m[1]!.replace(/[\s\u00a0\u202f.]/g, ''));
  const cents = Math.round((units + Number(`0.${m[2] ?? '0'}`)) * 100) * (m[3] ? 1000 : 1);
  if (!Number.isSafeInteger(cents)) return null;
  const tax = m[4] ? (m[4].toUpperCase() as 'HT' | 'TTC') : null;
  return { amount: { cents, tax }, text: m[0] };
}

/** Removes each of `gone` once from `words` (the words a date or an amount used). */
function without(words: string[], gone: string[]): string[] {
  const left = [...words];
  for (const g of gone) {
    const i = left.indexOf(g);
    if (i >= 0) left.splice(i, 1);
  }
  return left;
}

/**
 * Reads a French sentence: its amount, its date (chrono-node, on the centrale's calendar), the
 * instance and the contract it names (by their words, typos forgiven), then the request its
 * remaining words make (the grammar). The words a name used are not the request's: « Comité de
 * DG (validation) » names an instance and does not ask for the circuit of validation, unless
 * nothing else is asked (« validation » alone).
 */
export function understand(text: string, context: SentenceContext): Understanding {
  const trimmed = text.trim();
  const amount = amountOf(trimmed);
  const rest = amount ? trimmed.replace(amount.text, ' ') : trimmed;
  const when = whenOf(rest, context.now, context.timeZone);
  const all = wordsOf(rest);
  const words = when ? without(all, wordsOf(when.text)) : all;
  // An instance and a contract may share words (« restauration scolaire »): both are read from
  // the same words, and the request is what neither used.
  const instances = matchNames(words, context.instances, { generic: GENERIC_PURCHASE_WORDS });
  const contracts = matchNames(words, context.contracts, { minWeight: 1, generic: GENERIC_PURCHASE_WORDS });
  const request = words.filter((_, i) => !instances.used.has(i) && !contracts.used.has(i));
  let intent = matchIntent(request);
  if (!intent.intent && !intent.ambiguous.length) intent = matchIntent(all);
  if (!intent.intent && !intent.ambiguous.length && /^\?+$/.test(trimmed)) intent = { intent: 'help', ambiguous: [] };
  const year = /(?<![\d-])\b(20\d\d)\b(?![-/.]\d)/.exec(rest);
  return {
    ...intent,
    instanceIds: instances.ids,
    contractIds: contracts.ids,
    when,
    amount: amount?.amount ?? null,
    year: year && !when?.yearSaid ? Number(year[1]) : null,
    namesSomeInstance: instances.ids.length > 0 || speaksOfAnInstance(words),
  };
}

/** « mardi 8 décembre 2026 à 14 h », or the day alone. */
export function whenText(when: When): string {
  return when.time
    ? `${frenchDate(when.date)} à ${frenchClock(when.time.hour, when.time.minute)}`
    : frenchDate(when.date);
}

/** « 12 500,00 € HT » */
export const amountText = (a: Amount): string => `${formatEuros(a.cents, ' €')}${a.tax ? ` ${a.tax}` : ''}`;

/**
 * « J’ai compris : COPIL RReT, mardi 8 décembre 2026 à 14 h. » — what the form was prefilled
 * with, in the person's words, so that they check it before the form's own button.
 */
export function understoodText(parts: Array<string | null | undefined>): string {
  const said = parts.filter((p): p is string => !!p && !!p.trim());
  return said.length ? `J’ai compris : ${said.join(', ')}.` : '';
}
