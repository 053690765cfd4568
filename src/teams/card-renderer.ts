import * as ACData from 'adaptivecards-templating';
import { readFileSync, readdirSync } from 'fs';
import path from 'path';
import { projectRoot } from '../project-root';

export type CardJson = Record<string, unknown> & { type: 'AdaptiveCard' };

export const CARDS_DIR = path.join(projectRoot, 'cards');
/** Parsed templates: the library parses every expression when a Template is built, once per card. */
const cache = new Map<string, ACData.Template>();

export const templateNames = (): string[] =>
  readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();

function template(name: string): ACData.Template {
  if (!cache.has(name))
    cache.set(name, new ACData.Template(JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8'))));
  return cache.get(name)!;
}

export class UnboundTemplateError extends Error {}

/**
 * Renders `cards/<name>.json` with adaptivecards-templating. Fails loudly when an expression of
 * the template is left unbound; data values cannot produce `${` (see `neutralise`).
 */
export function renderCard(name: string, data: Record<string, unknown>): CardJson {
  // expand() is synchronous: one Template instance serves every render.
  const expanded = template(name).expand({ $root: neutralise(data) }) as CardJson;
  const json = JSON.stringify(expanded);
  const unbound = json.match(/\$\{[^}]*\}/);
  if (unbound) throw new UnboundTemplateError(`Card ${name}: unbound ${unbound[0]}`);
  return expanded;
}

/** No value can bring a template expression into a card, whoever typed it (a Teams name…). */
function neutralise(value: unknown): any {
  if (typeof value === 'string') return value.replace(/\$\{/g, '$\u2060{');
  if (Array.isArray(value)) return value.map(neutralise);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutralise(v)]));
  return value;
}

/**
 * Makes text typed by a person safe to show in a card: no Markdown formatting, no links, no
 * forged `<at>` mention, no template expression.
 */
export function cardText(raw: string): string {
  return raw
    .replace(/[\\*_[\]]/g, (ch) => `\\${ch}`)
    .replace(/</g, '‹')
    .replace(/\$\{/g, '$\u2060{')
    .replace(/^(\s*)([-+]|\d+\.)\s/gm, '$1\\$2 ');
}
