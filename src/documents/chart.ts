import { Resvg } from '@resvg/resvg-js';
import { BarChart, ChartRenderer } from '../app/bilan/ports';
import { FONT_FILES } from './fonts';
import { blendPalette, hexRgb, indexedPng } from './png-palette';
import { TextMeasure, fontMeasure, wrapText } from './text-width';

/**
 * The bilan's bar charts as PNG, drawn as SVG and rasterised by resvg (no browser, no native
 * build: a prebuilt binary per platform from npm), with DejaVu Sans so « é € » print the same
 * everywhere.
 *
 * Made for a phone: the picture is 600 px wide and a card shows it at the card's width (288 px
 * on a 320 px screen: a scale of 0.48), so no text is drawn under 26 px — 12.5 px there. Each
 * label sits above its bar (on two lines at most, cut with « … » where the font's own widths
 * say it overflows), never beside it, so a long contract name keeps the bar's full width. The
 * value is written right of its bar, and right of the target mark when the mark would cross it:
 * nothing is drawn over a text. The panel is opaque and light, with dark text: the same picture
 * reads in Teams' light and dark themes.
 */
export const CHART_WIDTH = 600;
/** The smallest text drawn, in picture px (the caption, the labels, the values). */
export const CHART_MIN_TEXT = 26;

const PAD = 24;
const INNER = CHART_WIDTH - 2 * PAD;
const TITLE = { size: 30, line: 38, lines: 2 };
const LABEL = { size: CHART_MIN_TEXT, line: 32, lines: 2 };
const VALUE = CHART_MIN_TEXT;
const CAPTION = { size: CHART_MIN_TEXT, line: 32, lines: 4 };
const BAR = 30;
/** Between a bar's end (or the mark) and its value. */
const GAP = 10;
const COLOURS = {
  background: '#FFFFFF',
  border: '#C7C7C7',
  text: '#242424',
  subtle: '#616161',
  bar: '#0F6CBD',
  target: '#242424',
};
/** Every colour drawn, and what it is drawn over (its anti-aliased edges): the PNG's palette. */
const PALETTE = (() => {
  const c = Object.fromEntries(Object.entries(COLOURS).map(([k, v]) => [k, hexRgb(v)])) as Record<
    keyof typeof COLOURS,
    [number, number, number]
  >;
  return blendPalette(Object.values(c), [
    [c.text, c.background],
    [c.subtle, c.background],
    [c.bar, c.background],
    [c.border, c.background],
    [c.target, c.bar],
    [c.background, c.bar],
  ]);
})();

let measures: { regular: TextMeasure; bold: TextMeasure } | null = null;
const measure = () => (measures ??= { regular: fontMeasure(FONT_FILES.regular), bold: fontMeasure(FONT_FILES.bold) });

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const text = (x: number, y: number, size: number, fill: string, s: string, extra = '') =>
  `<text x="${x}" y="${y}" font-size="${size}" fill="${fill}"${extra}>${escape(s)}</text>`;

/** The baseline of a text of `size` px centred in a box from `top`, `height` high. */
const centred = (top: number, height: number, size: number) => Math.round(top + height / 2 + size * 0.36);

/** Where each thing of a chart goes, in picture px: the layout, apart from the SVG it is drawn as. */
export interface ChartLayout {
  height: number;
  title: string[];
  caption: string[];
  bars: Array<{
    labelLines: string[];
    labelTop: number;
    barY: number;
    /** The bar's length (0: none drawn). */
    length: number;
    valueX: number;
    valueWidth: number;
    /** The mark's x (its centre), null: none. */
    targetX: number | null;
  }>;
}

export function chartLayout(chart: BarChart): ChartLayout {
  const m = measure();
  const title = wrapText(m.bold, chart.title, TITLE.size, INNER, TITLE.lines);
  const caption = chart.caption ? wrapText(m.regular, chart.caption, CAPTION.size, INNER, CAPTION.lines) : [];
  // A value is bold, a muted one (« non calculable ») oblique: as wide as the regular face.
  const valueWidth = (b: BarChart['bars'][number]) => (b.muted ? m.regular : m.bold).width(b.valueText, VALUE);
  // One scale for every bar: the longest bar (or mark) still leaves room for the widest value.
  const widest = Math.max(0, ...chart.bars.filter((b) => !b.muted).map(valueWidth));
  const room = Math.max(INNER * 0.4, INNER - widest - GAP - 4);
  const max = Math.max(1e-9, ...chart.bars.flatMap((b) => [b.value, b.target ?? 0]));
  let y = PAD + title.length * TITLE.line + 16;
  const bars = chart.bars.map((b) => {
    const labelLines = wrapText(m.regular, b.label, LABEL.size, INNER, LABEL.lines);
    const labelTop = y;
    const barY = y + labelLines.length * LABEL.line + 12;
    y = barY + BAR + 24;
    const length = !b.muted && b.value > 0 ? Math.max(4, Math.round((b.value / max) * room)) : 0;
    const targetX = b.target != null && b.target > 0 ? PAD + Math.round((b.target / max) * room) : null;
    const w = valueWidth(b);
    let valueX = PAD + (length ? length + GAP : 8);
    // The mark would cross the value: the value goes right of the mark.
    if (targetX !== null && targetX + 4 >= valueX - 2 && targetX - 4 <= valueX + w + 2)
      valueX = Math.max(PAD + length, targetX + 3) + GAP;
    return { labelLines, labelTop, barY, length, valueX: Math.round(valueX), valueWidth: w, targetX };
  });
  if (!chart.bars.length) y += LABEL.line + 8;
  const height = Math.round(y + (caption.length ? caption.length * CAPTION.line : 0) + PAD - 8);
  return { height, title, caption, bars };
}

export function chartSvg(chart: BarChart): string {
  const layout = chartLayout(chart);
  const { height } = layout;
  const parts: string[] = [
    `<rect x="1" y="1" width="${CHART_WIDTH - 2}" height="${height - 2}" fill="${COLOURS.background}" stroke="${COLOURS.border}" stroke-width="2"/>`,
    ...layout.title.map((l, i) =>
      text(
        PAD,
        PAD + i * TITLE.line + Math.round(TITLE.size * 0.85),
        TITLE.size,
        COLOURS.text,
        l,
        ' font-weight="bold"',
      ),
    ),
  ];
  if (!chart.bars.length)
    parts.push(
      text(
        PAD,
        PAD + layout.title.length * TITLE.line + 16 + LABEL.size,
        LABEL.size,
        COLOURS.subtle,
        'Aucune donnée sur cette période.',
      ),
    );
  chart.bars.forEach((b, i) => {
    const at = layout.bars[i]!;
    at.labelLines.forEach((l, j) =>
      parts.push(text(PAD, at.labelTop + j * LABEL.line + Math.round(LABEL.size * 0.85), LABEL.size, COLOURS.text, l)),
    );
    // The axis the bars start from.
    parts.push(`<rect x="${PAD - 2}" y="${at.barY - 4}" width="2" height="${BAR + 8}" fill="${COLOURS.border}"/>`);
    if (at.length)
      parts.push(`<rect x="${PAD}" y="${at.barY}" width="${at.length}" height="${BAR}" rx="3" fill="${COLOURS.bar}"/>`);
    if (at.targetX !== null)
      parts.push(
        `<rect x="${at.targetX - 4}" y="${at.barY - 6}" width="8" height="${BAR + 12}" fill="${COLOURS.background}"/>`,
        `<rect x="${at.targetX - 2}" y="${at.barY - 6}" width="4" height="${BAR + 12}" fill="${COLOURS.target}"/>`,
      );
    parts.push(
      text(
        at.valueX,
        centred(at.barY, BAR, VALUE),
        VALUE,
        b.muted ? COLOURS.subtle : COLOURS.text,
        b.valueText,
        b.muted ? ' font-style="italic"' : ' font-weight="bold"',
      ),
    );
  });
  const captionTop = height - PAD + 8 - layout.caption.length * CAPTION.line;
  layout.caption.forEach((l, i) =>
    parts.push(
      text(PAD, captionTop + i * CAPTION.line + Math.round(CAPTION.size * 0.85), CAPTION.size, COLOURS.subtle, l),
    ),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="DejaVu Sans">${parts.join('')}</svg>`;
}

/** The chart as an indexed PNG (its few colours and their blends), 600 px wide. */
export function chartPng(chart: BarChart): Buffer {
  const svg = new Resvg(chartSvg(chart), {
    font: {
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold, FONT_FILES.italic],
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
    },
    background: COLOURS.background,
    shapeRendering: 2,
    textRendering: 1,
  });
  const image = svg.render();
  return indexedPng(image.pixels, image.width, image.height, PALETTE);
}

export function createChartRenderer(): ChartRenderer {
  return {
    async png(chart) {
      return chartPng(chart);
    },
  };
}
