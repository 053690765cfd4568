import { copyFileSync, mkdirSync, writeFileSync } from 'fs';
import path from 'path';
import { chromium } from 'playwright-core';
import { renderCard, templateNames } from '../../src/teams/card-renderer';
import { projectRoot } from '../../src/project-root';
import { CARD_SAMPLES } from '../../test/cards/samples';
import { TEAMS_DARK, TEAMS_LIGHT } from './teams-host-config';

/**
 * The card gallery: every template of cards/ rendered with its French sample data by the
 * official `adaptivecards` renderer, with Teams-like host configs (light and dark), at the width
 * of a Teams conversation and of a phone, into build/gallery/index.html; then a screenshot of
 * each card by Debian's Chromium (build/gallery/shots). Nothing leaves this machine.
 * Usage: npm run gallery [-- --no-shots]
 */
const OUT = path.join(projectRoot, 'build', 'gallery');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function page(cards: Array<{ name: string; card: unknown }>): string {
  const data = JSON.stringify({ cards, light: TEAMS_LIGHT, dark: TEAMS_DARK }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Galerie des cartes — assistant de gouvernance</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; margin: 24px; background: #F0F0F0; color: #242424; }
  h1 { font-size: 22px; } h2 { font-size: 16px; margin: 32px 0 8px; font-family: monospace; }
  .row { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
  .frame { border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.2); overflow: hidden; }
  .frame.light { background: #fff; } .frame.dark { background: #292929; }
  .label { font-size: 12px; color: #616161; margin-bottom: 4px; }
  nav a { margin-right: 10px; font-size: 13px; }
  .warn { color: #C4314B; font-weight: 600; }
</style>
<script src="adaptivecards.js"></script></head>
<body><h1>Galerie des cartes (${cards.length} modèles)</h1>
<p>Chaque carte est rendue par le moteur officiel <code>adaptivecards</code> avec une configuration proche de Teams, en clair et en sombre, à la largeur d’une conversation Teams (480 px) et d’un téléphone (320 px). Données d’exemple : <code>test/cards/samples.ts</code>.</p>
<nav>${cards.map((c) => `<a href="#${c.name}">${c.name}</a>`).join('')}</nav>
<div id="cards"></div>
<script>
const { cards, light, dark } = ${data};
const root = document.getElementById('cards');
for (const { name, card } of cards) {
  const h = document.createElement('h2'); h.id = name; h.textContent = name; root.appendChild(h);
  const row = document.createElement('div'); row.className = 'row'; root.appendChild(row);
  for (const [theme, config, width] of [['clair', light, 480], ['sombre', dark, 480], ['téléphone', light, 320]]) {
    const box = document.createElement('div');
    const label = document.createElement('div'); label.className = 'label'; label.textContent = theme + ' · ' + width + ' px'; box.appendChild(label);
    const frame = document.createElement('div'); frame.className = 'frame ' + (config === dark ? 'dark' : 'light'); frame.style.width = width + 'px';
    frame.dataset.card = name + '-' + (theme === 'clair' ? 'light' : theme === 'sombre' ? 'dark' : 'phone');
    const ac = new AdaptiveCards.AdaptiveCard();
    ac.hostConfig = new AdaptiveCards.HostConfig(config);
    ac.onExecuteAction = () => {};
    ac.parse(card);
    const el = ac.render();
    frame.appendChild(el); box.appendChild(frame); row.appendChild(box);
  }
}
document.body.dataset.ready = 'true';
</script></body></html>`;
}

async function main() {
  mkdirSync(path.join(OUT, 'shots'), { recursive: true });
  const cards = templateNames().map((name) => ({ name, card: renderCard(name, CARD_SAMPLES[name]!) }));
  copyFileSync(require.resolve('adaptivecards/dist/adaptivecards.js'), path.join(OUT, 'adaptivecards.js'));
  writeFileSync(path.join(OUT, 'index.html'), page(cards));
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
