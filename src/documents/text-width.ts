import { readFileSync } from 'fs';

/**
 * How wide a text is drawn in a TrueType font, from the font's own advance widths (its `cmap`
 * and `hmtx` tables): enough to cut a label where it really overflows, not at a guessed count of
 * characters. Kerning is left out, so a measure errs a little wide — on the side of fitting.
 */
export interface TextMeasure {
  /** Width in px of `text` at `size` px. */
  width(text: string, size: number): number;
}

export function fontMeasure(file: string): TextMeasure {
  const font = readFileSync(file);
  const tables = new Map<string, number>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    tables.set(font.toString('latin1', at, at + 4), font.readUInt32BE(at + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${file}: no ${tag} table`);
    return at;
  };
  const unitsPerEm = font.readUInt16BE(table('head') + 18);
  const metrics = font.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const advance = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, metrics - 1));

  // The Unicode BMP subtable (platform 3, encoding 1), format 4: segments of code points.
  const cmap = table('cmap');
  let sub = -1;
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const at = cmap + 4 + i * 8;
    if (font.readUInt16BE(at) === 3 && font.readUInt16BE(at + 2) === 1) sub = cmap + font.readUInt32BE(at + 4);
  }
  if (sub < 0 || font.readUInt16BE(sub) !== 4) throw new Error(`${file}: no Unicode cmap (format 4)`);
  const segments = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const offsets = deltas + 2 * segments;
  const glyphOf = (code: number): number => {
    for (let i = 0; i < segments; i++) {
      if (font.readUInt16BE(ends + 2 * i) < code) continue;
      const start = font.readUInt16BE(starts + 2 * i);
      if (start > code) return 0;
      const delta = font.readInt16BE(deltas + 2 * i);
      const offset = font.readUInt16BE(offsets + 2 * i);
      if (!offset) return (code + delta) & 0xffff;
      const g = font.readUInt16BE(offsets + 2 * i + offset + 2 * (code - start));
      return g ? (g + delta) & 0xffff : 0;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  const units = (code: number) => {
    let w = cache.get(code);
    if (w === undefined) cache.set(code, (w = advance(code > 0xffff ? 0 : glyphOf(code))));
    return w;
  };
  return {
    width(text, size) {
      let sum = 0;
      for (const ch of text) sum += units(ch.codePointAt(0)!);
      return (sum * size) / unitsPerEm;
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
