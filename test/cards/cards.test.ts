import { readFileSync, readdirSync } from 'fs';
import path from 'path';
import { CARDS_DIR, UnboundTemplateError, cardText, renderCard, templateNames } from '../../src/teams/card-renderer';
import { buildRouters } from '../../src/teams/routes';
import { CARD_SAMPLES } from './samples';

const TEAMS_DIR = path.join(__dirname, '..', '..', 'src', 'teams');

// The UMD build: adaptivecards' lib/ is ESM that Node cannot load (docs/stack.md).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

function parseWarnings(card: unknown): string[] {
  const ctx = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, ctx);
  return Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message as string);
}

describe('card templates', () => {
  it('has sample data for every template, and no sample without a template', () => {
    expect(Object.keys(CARD_SAMPLES).sort()).toEqual(templateNames());
  });

  it.each(templateNames())('%s renders as a valid Adaptive Card 1.5 under 28 KB', (name) => {
    const card = renderCard(name, CARD_SAMPLES[name]!);
    expect(Number(card.version)).toBeLessThanOrEqual(1.5);
    expect(parseWarnings(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toMatch(/\$\{/);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
  });

  it('fails loudly when a template field is left unbound', () => {
    expect(() => renderCard('message', { title: 'x' })).toThrow(UnboundTemplateError);
  });

  it('shows text people typed without formatting, links, mentions or template expressions', () => {
    const typed = '**urgent** [clic](https://evil.example) <at>Maire</at> ${secret}\n- liste';
    const card = renderCard('message', { title: 'T', text: cardText(typed), facts: [], hint: '', color: 'Default' });
    const shown = JSON.stringify(card);
    expect(shown).not.toContain('**urgent**');
    expect(shown).not.toContain('[clic]');
    expect(shown).not.toContain('<at>');
    expect(parseWarnings(card)).toEqual([]);
  });
});

describe('forms', () => {
  const forms = templateNames().filter((n) => n.endsWith('.form'));

  it.each(forms)('%s has « Annuler », going back to the card it replaced without sending what was typed', (name) => {
    const card = renderCard(name, CARD_SAMPLES[name]!) as unknown as { actions: Array<Record<string, unknown>> };
    const cancel = card.actions.find((a) => a.title === 'Annuler');
    expect(cancel).toMatchObject({ type: 'Action.Execute', verb: 'card.back', associatedInputs: 'none' });
    expect(cancel!.data).toEqual({ back: CARD_SAMPLES[name]!.back });
  });
});

describe('card verbs', () => {
  const verbsInCards = () => {
    const found = new Set<string>();
    for (const name of templateNames()) {
      const raw = readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8');
      for (const m of raw.matchAll(/"verb":\s*"([^"$]+)"/g)) found.add(m[1]!);
    }
    for (const sample of Object.values(CARD_SAMPLES)) if (typeof sample.verb === 'string') found.add(sample.verb);
    // Verbs the Teams code puts into cards (a form's submit verb, a card's refresh action).
    for (const file of readdirSync(TEAMS_DIR, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'))) {
      for (const line of readFileSync(path.join(TEAMS_DIR, file), 'utf8')
        .split('\n')
        .filter((l) => /verb:/i.test(l))) {
        for (const m of line.matchAll(/'([a-z]+(?:\.[a-z]+)+)'/g)) found.add(m[1]!);
      }
    }
    return [...found].sort();
  };

  it('every verb a card can send has a handler, and every handler is reachable from a card', () => {
    expect(buildRouters().verbs.verbs()).toEqual(verbsInCards());
  });
});
