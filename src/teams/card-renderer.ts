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
 * Cards already rendered, by template and data (most recent last): the same card for the same
 * data is common (the help, a menu, a form shown again) and expanding a template costs more than
 * the rest of such a turn. At most RENDERED_MAX_CHARS of keys and cards (as JSON) are kept; a
 * larger card than RENDERED_MAX_ENTRY is not kept.
 */
const rendered = new Map<string, { card: CardJson; size: number }>();
const RENDERED_MAX_CHARS = 4_000_000;
const RENDERED_MAX_ENTRY = 100_000;
let renderedChars = 0;

/**
 * Renders `cards/<name>.json` with adaptivecards-templating. Fails loudly when an expression of
 * the template is left unbound; data values cannot produce `${` (see `neutralise`). Each call
 * returns a card of its own (a copy of the one kept): callers may mark it (`forEveryone`) or
 * extend it without touching another's.
 */
export function renderCard(name: string, data: Record<string, unknown>): CardJson {
  const key = `${name}\u0000${JSON.stringify(data)}`;
  let kept = rendered.get(key);
  if (kept) {
    rendered.delete(key);
  } else {
    const fresh = expandCard(name, data);
    kept = { card: fresh.card, size: key.length + fresh.chars };
    if (kept.size > RENDERED_MAX_ENTRY) return fresh.card;
    renderedChars += kept.size;
    for (const [old, { size }] of rendered) {
      if (renderedChars <= RENDERED_MAX_CHARS) break;
      rendered.delete(old);
      renderedChars -= size;
    }
  }
  rendered.set(key, kept);
  return copyJson(kept.card) as CardJson;
}

/** A deep copy of JSON data (structuredClone takes ten times as long on a card). */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyJson(v);
    return out;
  }
  return value;
}

function expandCard(name: string, data: Record<string, unknown>): { card: CardJson; chars: number } {
  // expand() is synchronous: one Template instance serves every render.
  const expanded = template(name).expand({ $root: neutralise(data) }) as CardJson;
  const json = JSON.stringify(expanded);
  const unbound = json.match(/\$\{[^}]*\}/);
  if (unbound) throw new UnboundTemplateError(`Card ${name}: unbound ${unbound[0]}`);
  return { card: numbersInNumberInputs(expanded) as CardJson, chars: json.length };
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
