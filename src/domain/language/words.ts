/**
 * The words of a French sentence as the grammar compares them: no accents, no case, elisions
 * split (« l’instance » → « l », « instance »), a plural reduced to its singular, and one typo
 * forgiven on long words.
 */

/** « Réunir » → « reunir »; apostrophes (’ and ') and punctuation separate words. */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** « scrutins » → « scrutin », « bureaux » → « bureau »; short words (« les », « des ») unchanged. */
export function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('aux') && word.length > 4) return `${word.slice(0, -3)}al`;
  if (word.endsWith('eaux')) return word.slice(0, -1);
  if (word.endsWith('s') || word.endsWith('x')) return word.slice(0, -1);
  return word;
}

/** Words below this length must be spelt right: « vote » and « note » stay apart. */
export const TYPO_MIN_LENGTH = 6;

/** At most one insertion, deletion, substitution or swap of two neighbours (Damerau). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < la; i++)
      if (a[i] !== b[i]) {
        if (++diffs > 2) return false;
        if (first < 0) first = i;
      }
    if (diffs === 1) return true;
    // Two neighbours swapped: « convqouer ».
    return diffs === 2 && a[first] === b[first + 1] && a[first + 1] === b[first] && first + 1 < la;
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  let skipped = false;
  while (i < short.length && j < long.length) {
    if (short[i] === long[j]) {
      i++;
      j++;
    } else if (skipped) return false;
    else {
      skipped = true;
      j++;
    }
  }
  return true;
}

/** Whether a word typed is the word the grammar knows (singular, and one typo on long words). */
export function sameWord(typed: string, known: string): boolean {
  const t = singular(typed);
  const k = singular(known);
  if (t === k || typed === known) return true;
  return k.length >= TYPO_MIN_LENGTH && t.length >= TYPO_MIN_LENGTH - 1 && withinOneEdit(t, k);
}

/** The words that carry no meaning of their own for the grammar and the entities. */
export const FILLERS = new Set([
  'a',
  'au',
  'aux',
  'c',
  'ce',
  'cet',
  'cette',
  'd',
  'de',
  'des',
  'du',
  'en',
  'et',
  'j',
  'je',
  'l',
  'la',
  'le',
  'les',
  'm',
  'me',
  'moi',
  'n',
  'ne',
  'nous',
  'on',
  'ou',
  'par',
  'pour',
  'qu',
  'que',
  'qui',
  's',
  'se',
  'sur',
  'svp',
  'stp',
  't',
  'te',
  'toi',
  'tu',
  'un',
  'une',
  'vous',
  'y',
  'il',
  'plait',
  'plaît',
  'avec',
  'dans',
]);
