import { readFileSync, readdirSync } from 'fs';
import path from 'path';
import { CARDS_DIR, UnboundTemplateError, cardText, renderCard, templateNames } from '../../src/teams/card-renderer';
import { buildRouters } from '../../src/teams/routes';
import { TEAMS_DARK, TEAMS_LIGHT } from '../../scripts/gallery/teams-host-config';
import { CARD_SAMPLES } from './samples';
import { frenchNumber } from '../../src/domain/french-format';

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

  it('gives every number input a number as its value: a string (« 12 ») shows empty in the official renderer and blocks sending', () => {
    const strings: string[] = [];
    for (const name of templateNames()) {
      const walk = (n: any): void => {
        if (Array.isArray(n)) return n.forEach(walk);
        if (!n || typeof n !== 'object') return;
        if (n.type === 'Input.Number' && n.value !== undefined && typeof n.value !== 'number')
          strings.push(`${name}: ${n.id} = ${JSON.stringify(n.value)}`);
        Object.values(n).forEach(walk);
      };
      walk(renderCard(name, CARD_SAMPLES[name]!));
    }
    expect(strings).toEqual([]);
    // And the renderer itself reads the default back: the need form's duration is 12, sendable as it comes.
    const card = new AC.AdaptiveCard();
    card.parse(renderCard('need.form', CARD_SAMPLES['need.form']!));
    const duration = card.getAllInputs().find((i: any) => i.id === 'duration');
    expect(duration.defaultValue).toBe(Number(CARD_SAMPLES['need.form']!.duration));
  });

  it('gives every constrained input an errorMessage in French, or Teams refuses to send the form without a word', () => {
    const silent: string[] = [];
    for (const name of templateNames()) {
      const walk = (n: any): void => {
        if (Array.isArray(n)) return n.forEach(walk);
        if (!n || typeof n !== 'object') return;
        const constrained = n.isRequired || n.min !== undefined || n.max !== undefined || n.regex !== undefined;
        if (String(n.type).startsWith('Input.') && constrained && !/^[A-ZÉÀ].{10,}[.!?]$/.test(n.errorMessage ?? ''))
          silent.push(`${name}: ${n.id}`);
        Object.values(n).forEach(walk);
      };
      walk(JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8')));
    }
    expect(silent).toEqual([]);
  });

  it('states the limit of every text input (« 4 000 caractères au plus »), with a French errorMessage', () => {
    const unstated: string[] = [];
    for (const name of templateNames()) {
      const walk = (n: any): void => {
        if (Array.isArray(n)) return n.forEach(walk);
        if (!n || typeof n !== 'object') return;
        if (n.type === 'Input.Text') {
          // Free text (a hundred characters or more) says how much; a code or an amount need not.
          const limit = typeof n.maxLength === 'number' ? `${frenchNumber(n.maxLength)} caractères au plus` : null;
          const stated = limit && (n.maxLength < 100 || `${n.label ?? ''} ${n.placeholder ?? ''}`.includes(limit));
          if (!stated || !/^[A-ZÉÀ«].{10,}[.!?]$/.test(n.errorMessage ?? '')) unstated.push(`${name}: ${n.id}`);
        }
        Object.values(n).forEach(walk);
      };
      walk(JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8')));
    }
    expect(unstated).toEqual([]);
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

describe('status colours (RGAA 3.2: text contrast of 4.5:1 at least)', () => {
  // The hosts a card meets: Teams' light and dark themes (the gallery's host configs) and the
  // Adaptive Cards defaults (other hosts, the Agents Playground).
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x! + 0.05) / (y! + 0.05);
  };
  const AC_DEFAULT = {
    backgroundColor: '#FFFFFF',
    good: '#028A02',
    warning: '#E69500',
    attention: '#CC3300',
    accent: '#2E89FC',
  };
  const hosts = [
    ...[TEAMS_LIGHT, TEAMS_DARK].flatMap((config, n) =>
      (['default', 'emphasis'] as const).map((style) => {
        const s = config.containerStyles[style];
        const fg = s.foregroundColors;
        return {
          name: `Teams ${n ? 'dark' : 'light'} ${style}`,
          backgroundColor: s.backgroundColor,
          good: fg.good.default,
          warning: fg.warning.default,
          attention: fg.attention.default,
          accent: fg.accent.default,
        };
      }),
    ),
    { name: 'Adaptive Cards default', ...AC_DEFAULT },
  ];
  const colourNames = () => {
    const used = new Set<string>();
    const sources = [
      ...templateNames().map((n) => readFileSync(path.join(CARDS_DIR, `${n}.json`), 'utf8')),
      ...readdirSync(TEAMS_DIR, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(path.join(TEAMS_DIR, f), 'utf8')),
      JSON.stringify(CARD_SAMPLES),
    ];
    for (const text of sources)
      for (const m of text.matchAll(/['"](Good|Warning|Attention|Accent)['"]/g)) used.add(m[1]!);
    return [...used].sort();
  };

  it('uses only colours readable on every host: Good and Attention, never Warning (yellow) nor Accent', () => {
    expect(colourNames()).toEqual(['Attention', 'Good']);
  });

  it.each(hosts)('Good and Attention reach 4.5:1 on $name', (host) => {
    expect(contrast(host.good, host.backgroundColor)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(host.attention, host.backgroundColor)).toBeGreaterThanOrEqual(4.5);
  });

  it('would not with Warning or Accent on the Adaptive Cards defaults (why they are not used)', () => {
    expect(contrast(AC_DEFAULT.warning, AC_DEFAULT.backgroundColor)).toBeLessThan(4.5);
    expect(contrast(AC_DEFAULT.accent, AC_DEFAULT.backgroundColor)).toBeLessThan(4.5);
  });
});
