import { TEAMS_DARK, TEAMS_LIGHT, TEAMS_PHONE_DARK, TEAMS_PHONE_LIGHT } from './teams-host-config';

export type GalleryCard = { name: string; card: unknown };
export type Variant = [label: string, theme: 'light' | 'dark', width: number, id: string];

const REVIEW: Variant[] = [
  ['clair', 'light', 480, 'light'],
  ['sombre', 'dark', 480, 'dark'],
  ['téléphone', 'light', 320, 'phone'],
];

/**
 * The gallery page: every card, each in the given variants (by default light and dark at 480 px
 * and a phone at 320 px with the phone's host config), rendered in the browser by
 * `adaptivecards.js` (next to the page).
 * Each card's frame carries data-card="<template>-<id>".
 */
export function galleryPage(cards: GalleryCard[], variants: Variant[] = REVIEW): string {
  const data = JSON.stringify({
    cards,
    configs: { light: TEAMS_LIGHT, dark: TEAMS_DARK, phoneLight: TEAMS_PHONE_LIGHT, phoneDark: TEAMS_PHONE_DARK },
    variants,
  }).replace(/</g, '\\u003c');
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
<body><main><h1>Galerie des cartes (${cards.length} modèles)</h1>
<p>Chaque carte est rendue par le moteur officiel <code>adaptivecards</code> avec une configuration proche de Teams, en clair et en sombre, à la largeur d’une conversation Teams (480 px) et d’un téléphone (320 px). Données d’exemple : <code>test/cards/samples.ts</code>.</p>
<nav>${cards.map((c) => `<a href="#${c.name}">${c.name}</a>`).join('')}</nav>
<div id="cards"></div>
<script>
const { cards, configs, variants } = ${data};
const root = document.getElementById('cards');
for (const { name, card } of cards) {
  const h = document.createElement('h2'); h.id = name; h.textContent = name; root.appendChild(h);
  const row = document.createElement('div'); row.className = 'row'; root.appendChild(row);
  for (const [caption, theme, width, id] of variants) {
    // A phone's width: the phone's host config (buttons stacked).
    const config = width <= 360 ? configs[theme === 'dark' ? 'phoneDark' : 'phoneLight'] : configs[theme];
    const box = document.createElement('div');
    const label = document.createElement('div'); label.className = 'label'; label.textContent = caption + ' · ' + width + ' px'; box.appendChild(label);
    const frame = document.createElement('div'); frame.className = 'frame ' + theme; frame.style.width = width + 'px';
    frame.dataset.card = name + '-' + id;
    const ac = new AdaptiveCards.AdaptiveCard();
    ac.hostConfig = new AdaptiveCards.HostConfig(config);
    ac.onExecuteAction = () => {};
    ac.parse(card);
    const el = ac.render();
    frame.appendChild(el); box.appendChild(frame); row.appendChild(box);
  }
}
document.body.dataset.ready = 'true';
</script></main></body></html>`;
}
