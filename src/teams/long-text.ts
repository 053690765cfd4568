import { cardText } from './card-renderer';

/** How much of a long text a card shows before « Voir tout »: about five lines on a phone. */
export const SUMMARY_CHARACTERS = 300;
const SUMMARY_LINES = 5;

/** A text as a card shows it: a summary, the whole text, and whether they differ. */
export interface LongText {
  summary: string;
  full: string;
  /** The summary leaves something out: the card offers « Voir tout » (the whole text, nothing cut). */
  long: boolean;
}

/**
 * Text someone typed, for a card: whole when short; else its first lines up to ~300 characters,
 * ending on a word, then « … », with the whole text behind « Voir tout ». Both safe for a card
 * (`cardText`).
 */
export function longText(raw: string, max = SUMMARY_CHARACTERS): LongText {
  const text = raw.trim();
  const lines = text.split(/\r?\n/);
  if (text.length <= max && lines.length <= SUMMARY_LINES)
    return { summary: cardText(text), full: cardText(text), long: false };
  return {
    summary: cardText(shortened(lines.slice(0, SUMMARY_LINES).join('\n'), max, true)),
    full: cardText(text),
    long: true,
  };
}

/**
 * The start of a text, at most `max` characters ending on a word, then « … » when anything is
 * left out (a title, a choice: where the whole text is one click away, on its own card).
 */
export function shortened(raw: string, max: number, cut = false): string {
  const text = raw.trim();
  if (text.length <= max && !cut) return text;
  let head = text;
  if (head.length > max) {
    const start = head.slice(0, max + 1);
    const lastSpace = start.search(/\s\S*$/);
    // On a word boundary, unless a single word runs over most of it (a long link).
    head = lastSpace > max * 0.5 ? start.slice(0, lastSpace) : head.slice(0, max);
  }
  return `${head.replace(/[\s,;:.…–—-]+$/u, '')}…`;
}
