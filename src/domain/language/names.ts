import { FILLERS, TYPO_MIN_LENGTH, singular, withinOneEdit, wordsOf } from './words';

/** Something a sentence may name: an instance by its name, a contract by its title or number. */
export interface Named {
  id: string;
  name: string;
  /** Other ways people say it (« copil », a contract's number), each counted as a whole. */
  aliases?: string[];
}

export interface NameMatch {
  /** The best-named ids: one, several that weigh the same (the person chooses), or none. */
  ids: string[];
  /** Indexes of the sentence's words the match used (they are not the request's words). */
  used: Set<number>;
}

/** What people call an instance besides its name, from the words of the name. */
const ALIASES: Array<{ when: string[]; say: string }> = [
  { when: ['pilotage'], say: 'copil' },
  { when: ['copil'], say: 'comite pilotage' },
  { when: ['conference', 'maire'], say: 'cdm' },
  { when: ['conference', 'maire'], say: 'conference maire' },
  { when: ['operationnel'], say: 'comop' },
  { when: ['operationnel'], say: 'coop' },
  { when: ['dg'], say: 'directeur generaux' },
  { when: ['dg'], say: 'codg' },
  { when: ['methode'], say: 'equipe projet' },
];

const contentWordsOf = (text: string) =>
  wordsOf(text)
    .filter((w) => !FILLERS.has(w))
    .map(singular);

/**
 * The same names come with every message (a centrale's instances and contracts): their words are
 * computed once. Bounded: past this many names the memo starts again.
 */
const MEMO_LIMIT = 20_000;
const memo = new Map<string, string[]>();
function contentWords(text: string): string[] {
  let words = memo.get(text);
  if (!words) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    words = contentWordsOf(text);
    memo.set(text, words);
  }
  return words;
}

/** The aliases' words, once. */
const ALIAS_WORDS = ALIASES.map((a) => ({ ...a, words: contentWordsOf(a.say) }));

/**
 * Words every purchase has (« fourniture », « prestation », « marché »…): in a name or a title
 * they weigh this much, so « fournitures de bureau » does not name « Fourniture d’électricité ».
 */
export const GENERIC_PURCHASE_WORDS = new Set(
  [
    'fourniture',
    'prestation',
    'service',
    'travaux',
    'marche',
    'lot',
    'achat',
    'maintenance',
    'location',
    'acquisition',
    'accord',
    'cadre',
    'entretien',
  ].map(singular),
);
const GENERIC_WEIGHT = 0.3;

/** `sameWord` for words already in the singular (the hot loop: one test per word and name word). */
function sameSingular(typed: string, known: string): boolean {
  if (typed === known) return true;
  if (known.length < TYPO_MIN_LENGTH || typed.length < TYPO_MIN_LENGTH - 1) return false;
  if (Math.abs(typed.length - known.length) > 1) return false;
  return withinOneEdit(typed, known);
}

/** How much a word in brackets weighs against a word of the name itself. */
const ASIDE = 0.4;

/** Where each word of `phrase` is in the sentence (-1 when one is missing). */
function findAll(phrase: string[], sentence: string[]): number[] | null {
  const at: number[] = [];
  for (const word of phrase) {
    const i = sentence.findIndex((w, k) => !at.includes(k) && sameSingular(w, word));
    if (i < 0) return null;
    at.push(i);
  }
  return at;
}

/** The words of a number (« 2024-012 » → « 2024 », « 012 ») must follow each other. */
function findRun(phrase: string[], sentence: string[]): number[] | null {
  for (let i = 0; i + phrase.length <= sentence.length; i++)
    if (phrase.every((w, k) => sentence[i + k] === w)) return phrase.map((_, k) => i + k);
  return null;
}

/**
 * The item(s) a sentence names. Each word of a name weighs 1 / (how many names have it): « comité »
 * alone names nothing, « conférence » names the Conférence des Maires, « opérationnel » is shared
 * by every Comité Opérationnel. An alias (« copil » for the Comité de pilotage) weighs a little less
 * than the word itself in a name (« COPIL RReT »), and a number given whole weighs most.
 */
export function matchNames(
  sentence: string[],
  items: Named[],
  opts: { minWeight?: number; generic?: Set<string> } = {},
): NameMatch {
  const minWeight = opts.minWeight ?? 0.5;
  const generic = opts.generic ?? new Set<string>();
  const words = sentence.map(singular);
  const tokensOf = new Map(items.map((i) => [i.id, [...new Set(contentWords(i.name))]]));
  // « Comité de DG (validation) »: the words in brackets say what it does, not what it is called;
  // alone they name it no more than a shared word (« le circuit de validation » names no instance).
  const asides = new Map(
    items.map((i) => [i.id, new Set(contentWords((i.name.match(/\(([^)]*)\)/g) ?? []).join(' ')))]),
  );
  const frequency = new Map<string, number>();
  for (const tokens of tokensOf.values()) for (const t of tokens) frequency.set(t, (frequency.get(t) ?? 0) + 1);

  const scored: Array<{ id: string; weight: number; used: number[] }> = [];
  for (const item of items) {
    const tokens = tokensOf.get(item.id)!;
    let weight = 0;
    const used: number[] = [];
    for (const t of tokens) {
      const at = words.findIndex((w, k) => !used.includes(k) && sameSingular(w, t));
      if (at < 0) continue;
      const kind = asides.get(item.id)!.has(t) ? ASIDE : generic.has(t) ? GENERIC_WEIGHT : 1;
      weight += kind / frequency.get(t)!;
      used.push(at);
    }
    const aliases = [
      ...ALIAS_WORDS.filter((a) => a.when.every((w) => tokens.includes(w))).map((a) => ({
        say: a.say,
        words: a.words,
      })),
      ...(item.aliases ?? []).map((say) => ({ say, words: contentWords(say) })),
    ];
    for (const alias of aliases) {
      const isNumber = /\d/.test(alias.say);
      const at = isNumber ? findRun(wordsOf(alias.say), sentence) : findAll(alias.words, words);
      if (!at || at.some((k) => used.includes(k))) continue;
      weight += isNumber ? 3 : 0.9;
      used.push(...at);
    }
    if (weight >= minWeight) scored.push({ id: item.id, weight, used });
  }
  if (!scored.length) return { ids: [], used: new Set() };
  const best = Math.max(...scored.map((s) => s.weight));
  const top = scored.filter((s) => best - s.weight < 0.01);
  return { ids: top.map((s) => s.id), used: new Set(top.flatMap((s) => s.used)) };
}

/** The words that say « an instance » without naming which (« le comité », « la commission »). */
const INSTANCE_NOUNS = new Set(['comite', 'conference', 'commission', 'copil', 'comop', 'instance', 'codg', 'cdm']);

/** Whether a sentence speaks of an instance at all, named or not. */
export const speaksOfAnInstance = (words: string[]): boolean => words.some((w) => INSTANCE_NOUNS.has(singular(w)));
