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
  const head = lines.slice(0, SUMMARY_LINES).join('\n');
  if (text.length <= max && lines.length <= SUMMARY_LINES)
    return { summary: cardText(text), full: cardText(text), long: false };
  let summary = head;
  if (summary.length > max) {
    const cut = summary.slice(0, max + 1);
    const lastSpace = cut.search(/\s\S*$/);
    // On a word boundary, unless a single word runs over most of it (a long link).
    summary = lastSpace > max * 0.5 ? cut.slice(0, lastSpace) : summary.slice(0, max);
  }
  summary = summary.replace(/[\s,;:.…–—-]+$/u, '');
  return { summary: cardText(`${summary}…`), full: cardText(text), long: true };
}
