import { crc32, inflateSync } from 'zlib';
import { Resvg } from '@resvg/resvg-js';
import { centraleReview, memberReview } from '../../src/domain/bilan/indicators';
import { yearPeriod } from '../../src/domain/bilan/periods';
import { BarChart } from '../../src/app/bilan/ports';
import { consumptionChart, memberSavingsChart, savingsChart } from '../../src/app/bilan/charts';
import { CHART_MIN_TEXT, CHART_WIDTH, chartLayout, chartSvg, createChartRenderer } from '../../src/documents/chart';
import { FONT_FILES } from '../../src/documents/fonts';
import { ellipsis, fontMeasure, wrapText } from '../../src/documents/text-width';
import { inputs } from '../support/bilan-fixture';

/**
 * The bilan's charts as PNG: real PNGs (read back chunk by chunk, their pixels inflated and
 * compared with resvg's own RGBA), 600 px wide; the layout never draws a mark over a value, nor
 * a text past the panel; labels are cut where the font's widths say, with « … »; any text is
 * escaped.
 */
const review = centraleReview(inputs(), yearPeriod(2026), new Date('2026-12-01T12:00:00Z'), 'Europe/Paris');
const names = (id: string) => ({ m1: 'Villeurbanne', m2: 'Bron', m3: 'Vénissieux' })[id] ?? id;
const FIXTURE: Record<string, BarChart> = {
  gains: savingsChart(review),
  consommation: consumptionChart(review, names),
  'consommation-marche': consumptionChart(review.contracts[0]!, names),
  commune: memberSavingsChart(memberReview(review, 'm4'), 'Caluire-et-Cuire'),
};
const renderer = createChartRenderer();

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  palette: number[][];
  /** One palette index per pixel, row by row (filter bytes removed). */
  indices: number[][];
}

/** Reads a PNG as its chunks say (signature, IHDR, PLTE, IDAT…, IEND), checking each CRC. */
function readPng(png: Buffer): Png {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  const chunks: Array<{ type: string; data: Buffer }> = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)) >>> 0);
    chunks.push({ type, data });
    at += 12 + length;
  }
  expect(chunks[0]!.type).toBe('IHDR');
  expect(chunks.at(-1)!.type).toBe('IEND');
  const ihdr = chunks[0]!.data;
  const [width, height] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
  const plte = chunks.find((c) => c.type === 'PLTE')!.data;
  const palette = Array.from({ length: plte.length / 3 }, (_, i) => [...plte.subarray(3 * i, 3 * i + 3)]);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  expect(raw.length).toBe((width + 1) * height);
  const indices = Array.from({ length: height }, (_, y) => {
    if (raw[y * (width + 1)] !== 0) throw new Error(`row ${y}: filter ${raw[y * (width + 1)]}`);
    return [...raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1))];
  });
  return { width, height, bitDepth: ihdr[8]!, colourType: ihdr[9]!, palette, indices };
}

describe('the fixture’s charts as PNG', () => {
  it.each(Object.keys(FIXTURE))(
    '%s: a real indexed PNG, 600 px wide, as high as its layout, under 20 KB',
    async (name) => {
      const chart = FIXTURE[name]!;
      const png = await renderer.png(chart);
      const read = readPng(png);
      const { width, height, bitDepth, colourType } = read;
      expect({ width, height, bitDepth, colourType }).toEqual({
        width: CHART_WIDTH,
        height: chartLayout(chart).height,
        bitDepth: 8,
        colourType: 3,
      });
      expect(read.palette.length).toBeLessThanOrEqual(256);
      expect(read.indices.flat().every((i) => i < read.palette.length)).toBe(true);
      expect(png.length).toBeLessThan(20_000);
    },
  );

  it('the palette keeps the picture: every pixel within a few levels of resvg’s full-colour rendering', async () => {
    const chart = FIXTURE.consommation!;
    const read = readPng(await renderer.png(chart));
    const full = new Resvg(chartSvg(chart), {
      font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold, FONT_FILES.italic], loadSystemFonts: false },
      background: '#FFFFFF',
    }).render();
    // `pixels` copies the picture out of resvg at each read: once.
    const pixels = full.pixels;
    let worst = 0;
    let inked = 0;
    for (let y = 0; y < read.height; y++)
      for (let x = 0; x < read.width; x++) {
        const p = 4 * (y * read.width + x);
        const c = read.palette[read.indices[y]![x]!]!;
        worst = Math.max(worst, ...[0, 1, 2].map((i) => Math.abs(c[i]! - pixels[p + i]!)));
        if (c[0]! < 100) inked++;
      }
    expect(worst).toBeLessThanOrEqual(24);
    // Text and bars are drawn (not a blank panel).
    expect(inked).toBeGreaterThan(5_000);
  });
});

describe('the layout reads on a phone', () => {
  const m = fontMeasure(FONT_FILES.bold);
  const ratios = [0, 0.05, 0.5, 0.9, 0.95, 0.97, 0.99, 1, 1.01, 1.02, 1.1, 1.5, 3];
  const chart: BarChart = {
    title: 'Consommation',
    bars: ratios.map((r) => ({ label: `r ${r}`, value: r, valueText: `${Math.round(r * 100)} %`, target: 1 })),
    caption: 'trait : prévision',
    altText: '',
  };

  it('the target mark never crosses a value, and every value ends inside the panel', () => {
    const layout = chartLayout(chart);
    layout.bars.forEach((b, i) => {
      const right = b.valueX + b.valueWidth;
      expect(b.valueWidth).toBeCloseTo(m.width(chart.bars[i]!.valueText, CHART_MIN_TEXT), 5);
      if (b.targetX !== null) expect(b.targetX + 4 < b.valueX || b.targetX - 4 > right).toBe(true);
      expect(b.valueX).toBeGreaterThanOrEqual(24 + b.length);
      expect(right).toBeLessThanOrEqual(CHART_WIDTH - 24);
    });
  });

  it('a long amount leaves room for itself; a muted bar has no bar at all', () => {
    const layout = chartLayout({
      title: 'Gains',
      bars: [
        { label: 'a', value: 123_456_789_00, valueText: '123 456 789,00 €' },
        { label: 'b', value: 0, valueText: 'non calculable', muted: true },
      ],
      caption: '',
      altText: '',
    });
    expect(layout.bars[0]!.valueX + layout.bars[0]!.valueWidth).toBeLessThanOrEqual(CHART_WIDTH - 24);
    expect(layout.bars[1]!.length).toBe(0);
  });

  it('long labels take two lines at most, cut with « … » where the font says, not at a count of characters', () => {
    const regular = fontMeasure(FONT_FILES.regular);
    const wide = wrapText(regular, 'WWWWW '.repeat(30), 26, 552, 2);
    const narrow = wrapText(regular, 'iiiii '.repeat(60), 26, 552, 2);
    for (const lines of [wide, narrow]) {
      expect(lines).toHaveLength(2);
      expect(lines[1]!.endsWith('…')).toBe(true);
      for (const l of lines) expect(regular.width(l, 26)).toBeLessThanOrEqual(552);
    }
    // A line of i holds far more characters than a line of W.
    expect(narrow[0]!.length).toBeGreaterThan(2 * wide[0]!.length);
    expect(ellipsis(regular, 'court', 26, 552)).toBe('court');
    const layout = chartLayout({ ...chart, bars: [{ label: 'Marché '.repeat(40), value: 1, valueText: '1 %' }] });
    expect(layout.bars[0]!.labelLines).toHaveLength(2);
  });

  it('a number, « € », « % » and « : » stay on the line of what they belong to', () => {
    const regular = fontMeasure(FONT_FILES.regular);
    const lines = wrapText(regular, 'Gains sur 2026, par marché, total 8 028,77 € (1 marché) : fin', 26, 420, 4);
    expect(lines.some((l) => l.includes('8 028,77 €'))).toBe(true);
    expect(lines.every((l) => !l.startsWith(':') && !l.startsWith('€'))).toBe(true);
  });
});

describe('escaping', () => {
  it('« <, &, », quotes in a label, title or caption: the SVG stays valid and the PNG is drawn', async () => {
    const chart: BarChart = {
      title: 'Gains <script>alert(1)</script> & « co »',
      bars: [
        { label: 'Lot <1> & "2" — « Écoles »', value: 100, valueText: '1,00 € & plus' },
        { label: 'L’été < hiver', value: 0, valueText: 'non calculable', muted: true },
      ],
      caption: 'a < b & c > d « fin »',
      altText: '',
    };
    const svg = chartSvg(chart);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('Lot &lt;1&gt; &amp; &quot;2&quot; — « Écoles »');
    // resvg parses the SVG as XML: a stray « < » or « & » would throw here.
    const read = readPng(await renderer.png(chart));
    expect(read.width).toBe(CHART_WIDTH);
  });

  it('a chart with no bar says so', () => {
    const svg = chartSvg({ title: 'Gains achats — 2030', bars: [], caption: '', altText: '' });
    expect(svg).toContain('Aucune donnée sur cette période.');
  });
});
