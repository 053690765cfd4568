import { readFileSync } from 'fs';
import { Browser, chromium } from 'playwright-core';
import { renderCard, templateNames } from '../src/teams/card-renderer';
import { TEAMS_LIGHT } from '../scripts/gallery/teams-host-config';
import { CARD_SAMPLES } from '../test/cards/samples';

/** The width of a phone in portrait (the narrowest Teams shows a card at). */
export const PHONE_WIDTH = 320;
/** One phone screen: the send button must be within it, nothing to scroll past. */
export const PHONE_SCREEN = 900;

export interface FormHeight {
  name: string;
  /** The card's whole height as first shown, px. */
  height: number;
  /** From the card's top to the bottom of its first button (the one that sends), px. */
  toSubmit: number;
  submit: string;
  /** The inputs of the card the send button does not send (pressed as the form is first shown). */
  notSent: string[];
}

/**
 * The renderer brings no style: without one, Chromium draws inputs at its own small default size.
 * Teams (Fluent UI) draws every input, list and button 32 px high and a multi-line text box
 * about four lines high (80 px); the measure uses the same sizes.
 */
const TEAMS_INPUT_SIZES = `
  * { box-sizing: border-box; }
  input, select, button { min-height: 32px; font: 14px "Segoe UI", system-ui, sans-serif; }
  input[type=checkbox], input[type=radio] { min-height: 0; }
  textarea { height: 80px; font: 14px "Segoe UI", system-ui, sans-serif; }
`;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const formNames = (): string[] => templateNames().filter((n) => n.endsWith('.form'));

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/**
 * Renders each form (with its sample data of test/cards/samples.ts) with the official
 * `adaptivecards` renderer and Teams' light host config at 320 px, as Teams shows it first (no
 * section opened), and measures it.
 */
export async function measureForms(browser: Browser, names = formNames()): Promise<FormHeight[]> {
  const ctx = await browser.newContext({ viewport: { width: 400, height: 1000 } });
  await ctx.route('**/*', (r) => (r.request().url().startsWith('about:') ? r.continue() : r.abort()));
  const page = await ctx.newPage();
  try {
    await page.setContent(
      `<!doctype html><html lang="fr"><head><style>${TEAMS_INPUT_SIZES}</style></head><body style="margin:0"></body></html>`,
    );
    await page.addScriptTag({ content: readFileSync(require.resolve('adaptivecards/dist/adaptivecards.js'), 'utf8') });
    const out: FormHeight[] = [];
    for (const name of names) {
      const card = renderCard(name, CARD_SAMPLES[name]!) as unknown as { actions: Array<{ title: string }> };
      const submit = card.actions[0]!.title;
      const measured = await page.evaluate(
        ({ card, config, width, submit }) => {
          // In the page (no DOM types in this project's compilation).
          const w = globalThis as any;
          const document = w.document;
          const AC = w.AdaptiveCards;
          document.body.innerHTML = '';
          const frame = document.createElement('div');
          frame.style.width = `${width}px`;
          document.body.appendChild(frame);
          const ac = new AC.AdaptiveCard();
          ac.hostConfig = new AC.HostConfig(config);
          let sent: Record<string, unknown> | null = null;
          ac.onExecuteAction = (action: any) => {
            sent = action.data ?? {};
          };
          ac.parse(card);
          frame.appendChild(ac.render());
          const top = frame.getBoundingClientRect().top;
          const buttons = [...frame.querySelectorAll('button')].filter((b: any) => b.textContent?.trim() === submit);
          const button = buttons.at(-1);
          // A person first completes what the form requires (an empty required text, a number).
          for (const input of ac.getAllInputs() as any[]) {
            if (input.isValid() && !(input.isRequired && !input.value)) continue;
            const el = input.renderedInputControlElement;
            if (el) el.value = input.min !== undefined ? String(input.min) : 'x';
          }
          button?.click();
          // The renderer sends an input that has a value; an empty one is left out (the server reads it as empty).
          const inputs: any[] = ac.getAllInputs();
          const filled = inputs.filter((i) => i.value !== undefined && i.value !== '').map((i) => i.id as string);
          const refused = inputs.filter((i) => !i.isValid()).map((i) => `${i.id} refusé`);
          return {
            notSent: sent ? filled.filter((id) => !(id in sent!)) : refused.length ? refused : ['(rien envoyé)'],
            height: Math.round(frame.getBoundingClientRect().height),
            toSubmit: button ? Math.round(button.getBoundingClientRect().bottom - top) : -1,
          };
        },
        { card, config: TEAMS_LIGHT, width: PHONE_WIDTH, submit },
      );
      out.push({ name, submit, ...measured });
    }
    return out;
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  (async () => {
    const browser = await launch();
    try {
      for (const f of await measureForms(browser))
        console.log(
          `${f.name.padEnd(22)} ${String(f.height).padStart(5)} px  bouton « ${f.submit} » à ${f.toSubmit} px`,
        );
    } finally {
      await browser.close();
    }
  })();
}
