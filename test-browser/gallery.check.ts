import { expect } from '@jest/globals';
import { copyFileSync, mkdirSync, writeFileSync } from 'fs';
import path from 'path';
import { Browser, Page, chromium } from 'playwright-core';
import { galleryPage } from '../scripts/gallery/gallery-page';
import { renderCard, templateNames } from '../src/teams/card-renderer';
import { TEAMS_DARK, TEAMS_LIGHT } from '../scripts/gallery/teams-host-config';
import { CARD_SAMPLES } from '../test/cards/samples';

/**
 * Every card template, with its sample data, rendered by the official `adaptivecards` renderer
 * with the gallery's Teams host configs, light and dark, at a phone's 320 px, in one Chromium page:
 * axe-core finds no WCAG 2 A/AA violation (colour contrast first), and nothing is wider than the
 * card nor cut off.
 */
// Page-side code (run by Chromium) sees the DOM; this project compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
type HTMLElement = any;
declare const window: any;
declare const document: any;
declare function getComputedStyle(el: unknown): any;
/* eslint-enable @typescript-eslint/no-explicit-any */
const OUT = path.join(__dirname, '..', 'build', 'gallery-check');
const PHONE = 320;
let browser: Browser;
let page: Page;
const names = templateNames();

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const cards = names.map((name) => ({ name, card: renderCard(name, CARD_SAMPLES[name]!) }));
  copyFileSync(require.resolve('adaptivecards/dist/adaptivecards.js'), path.join(OUT, 'adaptivecards.js'));
  writeFileSync(
    path.join(OUT, 'index.html'),
    galleryPage(cards, [
      ['téléphone clair', 'light', PHONE, 'light'],
      ['téléphone sombre', 'dark', PHONE, 'dark'],
    ]),
  );
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.route('**/*', (r) => (r.request().url().startsWith('file://') ? r.continue() : r.abort()));
  page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`file://${path.join(OUT, 'index.html')}`);
  await page.waitForSelector('body[data-ready="true"]');
  if (errors.length) throw new Error(`the gallery page failed: ${errors.join('; ')}`);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

test('every template is on the page, light and dark, at 320 px', async () => {
  const ids = await page.locator('[data-card]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.card));
  expect(ids).toEqual(names.flatMap((n) => [`${n}-light`, `${n}-dark`]));
});

test('axe-core: no WCAG 2 A/AA violation on any card (colour contrast included)', async () => {
  const found = await page.evaluate(async () => {
    const axe = window.axe;
    const result = await axe.run('#cards', {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    const cardOf = (target: string) =>
      (document.querySelector(target)?.closest('[data-card]') as HTMLElement | null)?.dataset.card;
    // The contrast rule really looked at text on every card (not skipped, not left undecided).
    const checked = new Set<string | undefined>();
    for (const r of result.passes)
      if (r.id === 'color-contrast') for (const node of r.nodes) checked.add(cardOf(node.target[0]));
    const undecided = result.incomplete
      .filter(
        (r: { id: string; nodes: Array<{ target: string[]; any: Array<{ message: string }> }> }) =>
          r.id === 'color-contrast',
      )
      .flatMap((r: { id: string; nodes: Array<{ target: string[]; any: Array<{ message: string }> }> }) =>
        r.nodes.map(
          (n: { target: string[]; any: Array<{ message: string }> }) => `${cardOf(n.target[0])} · ${n.any[0]?.message}`,
        ),
      );
    const out: string[] = [];
    for (const v of result.violations)
      for (const node of v.nodes) {
        const el = document.querySelector(node.target[0]);
        const card = (el?.closest('[data-card]') as HTMLElement | null)?.dataset.card ?? '(page)';
        const text = (el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
        const why = (node.any[0]?.message ?? node.failureSummary ?? '').split('\n')[0];
        out.push(`${card} · ${v.id} · « ${text} » · ${why}`);
      }
    const cards = Array.from(document.querySelectorAll('[data-card]')).map((e: HTMLElement) => e.dataset.card);
    return { out, unchecked: cards.filter((c) => !checked.has(c)), undecided };
  });
  if (found.out.length) console.log(`axe: ${found.out.length} violations\n${found.out.join('\n')}`);
  expect(found.out).toEqual([]);
  expect(found.unchecked).toEqual([]);
  expect(found.undecided).toEqual([]);
}, 60_000);

test('no card is wider than 320 px, and no text is cut off', async () => {
  const found = await page.locator('[data-card]').evaluateAll((frames) => {
    const out: string[] = [];
    for (const frame of frames as HTMLElement[]) {
      const card = frame.dataset.card!;
      const right = frame.getBoundingClientRect().right;
      const root = frame.querySelector('.ac-adaptiveCard') as HTMLElement;
      if (frame.scrollWidth > frame.clientWidth + 1 || root.scrollWidth > root.clientWidth + 1)
        out.push(`${card} · scrollWidth ${root.scrollWidth} > ${root.clientWidth}`);
      for (const el of Array.from(frame.querySelectorAll('*')) as HTMLElement[]) {
        const box = (el as HTMLElement).getBoundingClientRect();
        const style = getComputedStyle(el);
        if (box.width === 0 || style.visibility === 'hidden') continue;
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
        if (box.right > right + 1)
          out.push(`${card} · beyond the right edge by ${Math.round(box.right - right)} px · « ${text} »`);
        else if (
          el.children.length === 0 &&
          text &&
          el.scrollWidth > el.clientWidth + 1 &&
          style.overflowX !== 'visible'
        )
          out.push(`${card} · text cut (${el.scrollWidth} > ${el.clientWidth} px) · « ${text} »`);
      }
    }
    return out;
  });
  if (found.length) console.log(`overflow: ${found.length}\n${found.join('\n')}`);
  expect(found).toEqual([]);
});

/** WCAG 2 contrast ratio of two #RRGGBB colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

test('the host configs are Teams-like, and every text colour a card uses reads at 4.5:1 on its background', () => {
  expect(TEAMS_DARK.containerStyles.default.backgroundColor).toBe('#292929');
  expect(TEAMS_DARK.containerStyles.default.foregroundColors.default.default).toBe('#FFFFFF');
  expect(TEAMS_LIGHT.containerStyles.default.backgroundColor).toBe('#FFFFFF');
  const weak: string[] = [];
  for (const [theme, config] of Object.entries({ light: TEAMS_LIGHT, dark: TEAMS_DARK }))
    for (const style of ['default', 'emphasis'] as const) {
      const { backgroundColor, foregroundColors } = config.containerStyles[style];
      for (const colour of ['default', 'good', 'attention', 'warning', 'accent'] as const)
        for (const shade of ['default', 'subtle'] as const) {
          const fg = foregroundColors[colour][shade];
          const ratio = contrast(fg, backgroundColor);
          if (ratio < 4.5)
            weak.push(`${theme} ${style} ${colour}/${shade} ${fg} on ${backgroundColor}: ${ratio.toFixed(2)}`);
        }
    }
  expect(weak).toEqual([]);
});
