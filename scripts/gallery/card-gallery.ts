import { copyFileSync, mkdirSync, writeFileSync } from 'fs';
import path from 'path';
import { chromium } from 'playwright-core';
import { renderCard, templateNames } from '../../src/teams/card-renderer';
import { projectRoot } from '../../src/project-root';
import { CARD_SAMPLES } from '../../test/cards/samples';
import { galleryPage } from './gallery-page';

/**
 * The card gallery: every template of cards/ rendered with its French sample data by the
 * official `adaptivecards` renderer, with Teams-like host configs (light and dark), at the width
 * of a Teams conversation and of a phone, into build/gallery/index.html; then a screenshot of
 * each card by Debian's Chromium (build/gallery/shots). Nothing leaves this machine.
 * Usage: npm run gallery [-- --no-shots]
 */
const OUT = path.join(projectRoot, 'build', 'gallery');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main() {
  mkdirSync(path.join(OUT, 'shots'), { recursive: true });
  const cards = templateNames().map((name) => ({ name, card: renderCard(name, CARD_SAMPLES[name]!) }));
  copyFileSync(require.resolve('adaptivecards/dist/adaptivecards.js'), path.join(OUT, 'adaptivecards.js'));
  writeFileSync(path.join(OUT, 'index.html'), galleryPage(cards));
  console.log(`gallery: ${path.join(OUT, 'index.html')} (${cards.length} templates)`);
  if (process.argv.includes('--no-shots')) return;

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
    await ctx.route('**/*', (r) => (r.request().url().startsWith('file://') ? r.continue() : r.abort()));
    const tab = await ctx.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(`file://${path.join(OUT, 'index.html')}`);
    await tab.waitForSelector('body[data-ready="true"]');
    if (errors.length) throw new Error(`the gallery page failed: ${errors.join('; ')}`);
    const frames = tab.locator('[data-card]');
    const n = await frames.count();
    const overflowing: string[] = [];
    for (let i = 0; i < n; i++) {
      const frame = frames.nth(i);
      const id = (await frame.getAttribute('data-card'))!;
      await frame.screenshot({ path: path.join(OUT, 'shots', `${id}.png`) });
      // Text wider than its card (cut off in Teams) shows as horizontal overflow.
      if (await frame.evaluate((el) => el.scrollWidth > el.clientWidth + 1)) overflowing.push(id);
    }
    console.log(`gallery: ${n} screenshots in ${path.join(OUT, 'shots')}`);
    if (overflowing.length) console.log(`gallery: wider than their frame: ${overflowing.join(', ')}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
