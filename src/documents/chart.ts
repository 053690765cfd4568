import { Resvg } from '@resvg/resvg-js';
import { BarChart, ChartRenderer } from '../app/bilan/ports';
import { FONT_FILES } from './fonts';

/**
 * The bilan's bar charts as PNG, drawn as SVG and rasterised by resvg (no browser, no native
 * build: a prebuilt binary per platform from npm), with DejaVu Sans so « é € » print the same
 * everywhere.
 *
 * Made for a phone: the picture is 600 px wide and a card shows it at the card's width (about
 * 290 px on a 320 px screen), so text is drawn at 28 px to read at 13–14 px there. Each label sits
 * above its bar, never beside it, so a long contract name keeps the bar's full width. The
 * background is opaque and light, with dark text: the same picture reads in Teams' light and
 * dark themes.
 */
const WIDTH = 600;
const PAD = 24;
const LABEL = 28;
const VALUE = 26;
const BAR = 26;
const ROW = LABEL + 10 + BAR + 22;
const COLOURS = {
  background: '#ffffff',
  border: '#d1d1d1',
  text: '#242424',
  subtle: '#616161',
  bar: '#0f6cbd',
  muted: '#a19f9d',
  target: '#242424',
};

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Cut to what fits one line at `size` px (DejaVu's average advance is about 0.6 em), with an ellipsis. */
export function fitText(s: string, size: number, width: number): string {
  const max = Math.floor(width / (size * 0.6));
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

export function chartSvg(chart: BarChart): string {
  const inner = WIDTH - 2 * PAD;
  const top = PAD + LABEL + 16;
  const height = top + chart.bars.length * ROW + (chart.caption ? VALUE + 10 : 0) + PAD;
  const max = Math.max(1, ...chart.bars.flatMap((b) => [b.value, b.target ?? 0]));
  // The value is written right of the bar when it fits, else inside it.
  const valueWidth = (s: string) => s.length * VALUE * 0.6;
  const parts: string[] = [
    `<rect x="1" y="1" width="${WIDTH - 2}" height="${height - 2}" rx="12" fill="${COLOURS.background}" stroke="${COLOURS.border}" stroke-width="2"/>`,
    `<text x="${PAD}" y="${PAD + LABEL}" font-size="${LABEL}" font-weight="bold" fill="${COLOURS.text}">${escape(fitText(chart.title, LABEL, inner))}</text>`,
  ];
  chart.bars.forEach((b, i) => {
    const y = top + i * ROW;
    parts.push(
      `<text x="${PAD}" y="${y + LABEL}" font-size="${LABEL}" fill="${COLOURS.text}">${escape(fitText(b.label, LABEL, inner))}</text>`,
    );
    const barY = y + LABEL + 10;
    const text = b.valueText;
    const room = inner - valueWidth(text) - 12;
    const length = b.value > 0 ? Math.max(6, Math.round((b.value / max) * room)) : 0;
    if (length > 0)
      parts.push(
        `<rect x="${PAD}" y="${barY}" width="${length}" height="${BAR}" rx="4" fill="${b.muted ? COLOURS.muted : COLOURS.bar}"/>`,
      );
    parts.push(
      `<text x="${PAD + length + (length ? 10 : 0)}" y="${barY + BAR - 4}" font-size="${VALUE}" fill="${b.muted ? COLOURS.subtle : COLOURS.text}">${escape(text)}</text>`,
    );
    if (b.target !== undefined && b.target !== null && b.target > 0) {
      const x = PAD + Math.round((b.target / max) * room);
      parts.push(`<rect x="${x - 2}" y="${barY - 6}" width="4" height="${BAR + 12}" fill="${COLOURS.target}"/>`);
    }
  });
  if (chart.caption)
    parts.push(
      `<text x="${PAD}" y="${height - PAD}" font-size="${VALUE - 4}" fill="${COLOURS.subtle}">${escape(fitText(chart.caption, VALUE - 4, inner))}</text>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans">${parts.join('')}</svg>`;
}

export function createChartRenderer(): ChartRenderer {
  return {
    async png(chart) {
      const svg = new Resvg(chartSvg(chart), {
        font: {
          fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
          loadSystemFonts: false,
          defaultFontFamily: 'DejaVu Sans',
        },
        background: COLOURS.background,
      });
      return Buffer.from(svg.render().asPng());
    },
  };
}
