import { expect } from '@jest/globals';
import { copyFileSync, mkdirSync, writeFileSync } from 'fs';
import path from 'path';
import { Browser, Page, chromium } from 'playwright-core';
import { galleryPage } from '../scripts/gallery/gallery-page';
import { centraleReview, memberReview } from '../src/domain/bilan/indicators';
import { yearPeriod } from '../src/domain/bilan/periods';
import {
  consumptionChart,
  contractSavingsChart,
  memberConsumptionChart,
  memberSavingsChart,
  savingsChart,
} from '../src/app/bilan/charts';
import { BarChart } from '../src/app/bilan/ports';
import { CHART_MIN_TEXT, chartPng } from '../src/documents/chart';
import { inputs } from '../test/support/bilan-fixture';

/**
 * The bilan's charts as Teams shows them on a phone: each chart's PNG in an Adaptive Card (an
 * `Image` at its default size, as a card puts it, with its altText), rendered by the official
 * `adaptivecards` renderer with Teams' phone host configs, light and dark, at 320 px in
 * Chromium. The picture is shown whole at the card's width (not cut, not past the screen), and
 * at that width its smallest text is still 12 CSS px. Screenshots: build/charts/*.png.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type HTMLElement = any;
declare const document: any;
declare function getComputedStyle(el: unknown): any;
/* eslint-enable @typescript-eslint/no-explicit-any */
const OUT = path.join(__dirname, '..', 'build', 'charts');
const PHONE = 320;
const review = centraleReview(inputs(), yearPeriod(2026), new Date('2026-12-01T12:00:00Z'), 'Europe/Paris');
const NAMES: Record<string, string> = {
  m1: 'Ville de Villeurbanne',
  m2: 'Ville de Bron',
  m3: 'Ville de Vénissieux',
  m4: 'Ville de Caluire-et-Cuire',
  m5: 'CCAS de Saint-Priest',
};
const names = (id: string) => NAMES[id] ?? id;
const CHARTS: Record<string, BarChart> = {
  'gains-centrale': savingsChart(review),
  'consommation-centrale': consumptionChart(review, names),
  'gains-marche': contractSavingsChart(review.contracts[0]!, names),
  'consommation-marche': consumptionChart(review.contracts[0]!, names),
  'gains-commune': memberSavingsChart(memberReview(review, 'm4'), NAMES.m4!),
  'consommation-commune': memberConsumptionChart(memberReview(review, 'm4'), NAMES.m4!),
};
const card = (name: string, chart: BarChart) => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Bilan des marchés', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'Image', url: `${name}.png`, altText: chart.altText, spacing: 'Medium' },
  ],
});
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  for (const [name, chart] of Object.entries(CHARTS)) writeFileSync(path.join(OUT, `${name}.png`), chartPng(chart));
  copyFileSync(require.resolve('adaptivecards/dist/adaptivecards.js'), path.join(OUT, 'adaptivecards.js'));
  writeFileSync(
    path.join(OUT, 'index.html'),
    galleryPage(
      Object.entries(CHARTS).map(([name, chart]) => ({ name, card: card(name, chart) })),
      [
        ['téléphone clair', 'light', PHONE, 'light'],
        ['téléphone sombre', 'dark', PHONE, 'dark'],
      ],
    ),
  );
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  // A phone: 320 CSS px wide, two device pixels per CSS pixel.
  const ctx = await browser.newContext({ viewport: { width: PHONE + 48, height: 800 }, deviceScaleFactor: 2 });
  await ctx.route('**/*', (r) => (r.request().url().startsWith('file://') ? r.continue() : r.abort()));
  page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`file://${path.join(OUT, 'index.html')}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => Array.from(document.images as HTMLElement[]).every((i) => i.complete));
  if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

test('each chart, light and dark, at 320 px: screenshots in build/charts/', async () => {
  const frames = page.locator('[data-card]');
  const ids = await frames.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.card as string));
  expect(ids).toEqual(Object.keys(CHARTS).flatMap((n) => [`${n}-light`, `${n}-dark`]));
  for (const [i, id] of ids.entries()) await frames.nth(i).screenshot({ path: path.join(OUT, `carte-${id}.png`) });
});

test('each picture is shown whole at the card’s width, inside the screen, its smallest text ≥ 12 CSS px', async () => {
  const measured = await page.locator('[data-card]').evaluateAll((frames) =>
    (frames as HTMLElement[]).map((frame) => {
      const img = frame.querySelector('img');
      const box = img.getBoundingClientRect();
      const content = img.parentElement.closest('.ac-container, .ac-adaptiveCard').getBoundingClientRect();
      const style = getComputedStyle(frame.querySelector('.ac-adaptiveCard'));
      const inner =
        frame.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return {
        id: frame.dataset.card,
        alt: img.alt.length > 0,
        complete: img.complete,
        natural: img.naturalWidth,
        naturalHeight: img.naturalHeight,
        width: box.width,
        height: box.height,
        left: box.left - frame.getBoundingClientRect().left,
        right: box.right,
        frameRight: frame.getBoundingClientRect().right,
        frameWidth: frame.getBoundingClientRect().width,
        inner,
        contentWidth: content.width,
      };
    }),
  );
  for (const m of measured) {
    const where = `${m.id}: ${JSON.stringify(m)}`;
    expect([where, m.complete, m.alt, m.natural]).toEqual([where, true, true, 600]);
    // At the card's width (its padding aside), the whole picture, in proportion: nothing cut.
    expect([where, Math.abs(m.width - m.inner) <= 1]).toEqual([where, true]);
    expect([where, Math.abs(m.height / m.width - m.naturalHeight / m.natural) < 0.01]).toEqual([where, true]);
    expect([where, m.left >= 0 && m.right <= m.frameRight && m.frameWidth === PHONE]).toEqual([where, true]);
    // The chart's smallest text, as drawn at that width.
    const textPx = (CHART_MIN_TEXT * m.width) / m.natural;
    expect([where, textPx >= 12]).toEqual([where, true]);
  }
  console.log(
    measured
      .map(
        (m) =>
          `${m.id}: ${m.width}×${Math.round(m.height)} px, texte ≥ ${((CHART_MIN_TEXT * m.width) / m.natural).toFixed(1)} px`,
      )
      .join('\n'),
  );
});
