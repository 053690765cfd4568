/**
 * What the Teams client does when someone presses a button of a form: it gathers the inputs'
 * values (what the card carries, or what `typed` overrides), checks each input's constraints
 * (isRequired, min/max of Input.Number, regex) and sends the action's data with the values —
 * or sends nothing and shows each failing input's errorMessage. A failing input without an
 * errorMessage is the silence people complain of: the button does nothing and nothing says why.
 */
export interface CardInput {
  id: string;
  type: string;
  value: string;
  isRequired?: boolean;
  min?: number;
  max?: number;
  regex?: string;
  errorMessage?: string;
}

export type Pressed =
  | { sent: true; verb: string; data: Record<string, string> }
  | { sent: false; refused: Array<{ id: string; errorMessage: string | undefined }> };

/** Every input of a card, with the value it shows. */
export function cardInputs(card: unknown): CardInput[] {
  const out: CardInput[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (typeof n.type === 'string' && n.type.startsWith('Input.')) {
      out.push({ ...n, value: n.value === undefined ? '' : String(n.value) });
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** The button titled `title` (an Action.Execute of the card's actions or body). */
function actionOf(card: any, title: string): { verb: string; data?: Record<string, string> } {
  let found: any;
  const walk = (n: any) => {
    if (found) return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.Execute' && n.title === title) found = n;
    else Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`No button « ${title} » on the card`);
  return found;
}

/** Why the client refuses this value, if it does. */
function invalid(input: CardInput, value: string): boolean {
  if (input.isRequired && !value.trim()) return true;
  if (input.type === 'Input.Number') {
    // Teams shows an empty or unreadable number as 0, and checks that 0 against min and max.
    const n = Number(value.trim() || '0');
    if (Number.isNaN(n)) return true;
    if (input.min !== undefined && n < input.min) return true;
    if (input.max !== undefined && n > input.max) return true;
  }
  if (input.regex && value && !new RegExp(`^(?:${input.regex})$`).test(value)) return true;
  return false;
}

/** Presses the button titled `title`, the inputs as the card shows them unless `typed` says otherwise. */
export function press(card: unknown, title: string, typed: Record<string, string> = {}): Pressed {
  const action = actionOf(card, title);
  const values: Record<string, string> = {};
  const refused: Array<{ id: string; errorMessage: string | undefined }> = [];
  for (const input of cardInputs(card)) {
    const value = typed[input.id] ?? input.value;
    if (invalid(input, value)) refused.push({ id: input.id, errorMessage: input.errorMessage });
    values[input.id] = value;
  }
  if (refused.length) return { sent: false, refused };
  return { sent: true, verb: action.verb, data: { ...(action.data ?? {}), ...values } };
}
