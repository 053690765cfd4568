import PDFDocument from 'pdfkit';

/**
 * How wide a text is drawn in a TrueType font, from the font's own advance widths as pdfkit
 * (its fontkit) reads them: enough to cut a label where it really overflows, not at a guessed
 * count of characters.
 */
export interface TextMeasure {
  /** Width in px of `text` at `size` px. */
  width(text: string, size: number): number;
}

export function fontMeasure(file: string): TextMeasure {
  // A document never written: only its font metrics are used.
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.font(file);
  const cache = new Map<string, number>();
  return {
    width(text, size) {
      let perPoint = cache.get(text);
      if (perPoint === undefined) cache.set(text, (perPoint = doc.fontSize(1).widthOfString(text)));
      return perPoint * size;
    },
  };
}

/**
 * `text` in lines no wider than `width`, broken between words (a word longer than a line is
 * cut); past `maxLines`, the last line ends with an ellipsis that fits.
 */
export function wrapText(measure: TextMeasure, text: string, size: number, width: number, maxLines: number): string[] {
  const fits = (s: string) => measure.width(s, size) <= width;
  const words = unbreakable(text.split(/\s+/).filter(Boolean));
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const tried = current ? `${current} ${word}` : word;
    if (fits(tried)) {
      current = tried;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    // A word wider than a line: cut it where it overflows.
    while (!fits(current)) {
      let n = current.length - 1;
      while (n > 1 && !fits(current.slice(0, n))) n--;
      lines.push(current.slice(0, n));
      current = current.slice(n);
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = ellipsis(measure, `${kept[maxLines - 1]} ${lines[maxLines]}`, size, width);
  return kept;
}

/**
 * Words joined where French never breaks a line: inside a number (« 8 028,77 »), before a unit
 * or a high punctuation mark (« € », « % », « : », « ; », « ? », « ! », « » »), after « « ».
 */
function unbreakable(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const prev = out.at(-1);
    const glued =
      prev !== undefined && ((/\d$/.test(prev) && /^\d/.test(w)) || /^[€%:;?!»]/.test(w) || /«$/.test(prev));
    if (glued) out[out.length - 1] = `${prev} ${w}`;
    else out.push(w);
  }
  return out;
}

/** `text` on one line of `width`, cut with « … » when it is wider. */
export function ellipsis(measure: TextMeasure, text: string, size: number, width: number): string {
  if (measure.width(text, size) <= width) return text;
  let n = text.length;
  while (n > 1 && measure.width(`${text.slice(0, n).trimEnd()}…`, size) > width) n--;
  return `${text.slice(0, n).trimEnd()}…`;
}
