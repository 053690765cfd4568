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
  return numbersInNumberInputs(expanded) as CardJson;
}

/**
 * An `Input.Number`'s value is a number in the schema: templating gives the string the view
 * passed (« 12 »), which the official renderer shows empty and then refuses to send. Numeric
 * strings become numbers; an empty one leaves the input empty.
 */
function numbersInNumberInputs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(numbersInNumberInputs);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = numbersInNumberInputs(v);
  if (out.type === 'Input.Number' && typeof out.value === 'string') {
    const n = Number(out.value.replace(',', '.'));
    if (out.value.trim() === '' || !Number.isFinite(n)) delete out.value;
    else out.value = n;
  }
  return out;
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
