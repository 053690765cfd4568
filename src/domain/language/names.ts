import { FILLERS, sameWord, singular, wordsOf } from './words';

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

const contentWords = (text: string) =>
  wordsOf(text)
    .filter((w) => !FILLERS.has(w))
    .map(singular);

/** How much a word in brackets weighs against a word of the name itself. */
const ASIDE = 0.4;

/** Where each word of `phrase` is in the sentence (-1 when one is missing). */
function findAll(phrase: string[], sentence: string[]): number[] | null {
  const at: number[] = [];
  for (const word of phrase) {
    const i = sentence.findIndex((w, k) => !at.includes(k) && sameWord(w, word));
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
export function matchNames(sentence: string[], items: Named[], opts: { minWeight?: number } = {}): NameMatch {
  const minWeight = opts.minWeight ?? 0.5;
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
      const at = words.findIndex((w, k) => !used.includes(k) && sameWord(w, t));
      if (at < 0) continue;
      weight += (asides.get(item.id)!.has(t) ? ASIDE : 1) / frequency.get(t)!;
      used.push(at);
    }
    const aliases = [
      ...ALIASES.filter((a) => a.when.every((w) => tokens.includes(w))).map((a) => a.say),
      ...(item.aliases ?? []),
    ];
    for (const alias of aliases) {
      const phrase = contentWords(alias);
      const isNumber = /\d/.test(alias);
      const at = isNumber ? findRun(wordsOf(alias), sentence) : findAll(phrase, words);
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
