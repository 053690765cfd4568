import { ErrorCode } from '../domain/error-codes';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { CardJson } from './card-renderer';
import { Turn } from './turn';

/** Said where a card sends data of the wrong shape and the schema gives no message of its own. */
export const INVALID_CARD_DATA =
  'Les données envoyées par la carte ne sont pas valides (carte périmée ou modifiée) : rouvrez la carte, ou retapez la commande, puis recommencez.';

const AGAIN = 'rouvrez la carte, ou retapez la commande (« aide » les liste), puis recommencez.';

/**
 * What is wrong with a card action (`adaptiveCard/action` invoke value) that cannot reach a verb,
 * in French, or null when it is well formed: such a turn is invalid data, not a fault.
 */
export function malformedCardAction(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return `La carte a envoyé des données illisibles (pas de formulaire) : ${AGAIN}`;
  const action = (value as { action?: unknown }).action;
  if (!action || typeof action !== 'object') return `La carte n’a indiqué aucune action : ${AGAIN}`;
  const type = (action as { type?: unknown }).type;
  if (type !== 'Action.Execute')
    return `La carte a envoyé une action ${typeof type === 'string' ? `« ${type.slice(0, 40)} »` : 'sans type'} là où un bouton Action.Execute est attendu : ${AGAIN}`;
  return null;
}

type VerbHandler<T> = (turn: Turn, data: T) => Promise<CardJson>;

/** A button to the card a person came from (a management card): its title, verb and data. */
export interface BackLink {
  title: string;
  verb: string;
  data: Record<string, string>;
}

/** Where a refusal of the verb leads back to, from the data the card sent (null: nowhere known). */
export type BackOf = (data: Record<string, unknown>) => BackLink | null;

/**
 * The card `verb` shows, with the id fields it needs copied from the data the refused card sent:
 * `backTo('Revenir à la prévision du quorum', 'meeting.forecast', 'sittingId')`.
 */
export const backTo =
  (title: string, verb: string, ...fields: string[]): BackOf =>
  (data) => {
    const picked: Record<string, string> = {};
    for (const f of fields) {
      const v = data[f];
      if (typeof v !== 'string' || v === '' || v.length > 300) return null;
      picked[f] = v;
    }
    return { title, verb, data: picked };
  };

/**
 * A form sent back when text typed into it is over its limit: what was typed (every text the
 * card sent) and, per field, what to shorten. Nothing is stored, nothing typed is lost.
 */
export interface Resend {
  /** The text fields the form shows a message under (or in its one message). */
  fields: readonly string[] | ((field: string) => boolean);
  card: (turn: Turn, typed: Record<string, string>, tooLong: Record<string, string>) => Promise<CardJson>;
}

interface VerbRoute {
  schema: z.ZodType;
  handler: VerbHandler<never>;
  back?: BackOf;
  resend?: Resend;
}

/** Over-long text sent back on a form, at most (the card stays well under Teams' message size). */
const MAX_ECHOED = 20_000;

/** The fields refused only for being too long, with the message of each; null if anything else is wrong. */
function tooLongFields(issues: z.core.$ZodIssue[]): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.length === 1 ? issue.path[0] : undefined;
    if (issue.code !== 'too_big' || issue.origin !== 'string' || typeof field !== 'string') return null;
    fields[field] ??= issue.message;
  }
  return issues.length ? fields : null;
}

/**
 * Card actions (Action.Execute verbs). Each verb has one zod schema; the handler gets parsed
 * data and returns the card that replaces the one clicked.
 */
export class VerbRouter {
  private readonly routes = new Map<string, VerbRoute>();

  /**
   * `back`: where a refusal of this verb leads (the management card the button was on).
   * `resend`: the form again, with what was typed, when text is over its limit (a form's verb).
   */
  add<S extends z.ZodType>(
    verb: string,
    schema: S,
    handler: VerbHandler<z.infer<S>>,
    back?: BackOf,
    resend?: Resend,
  ): this {
    if (this.routes.has(verb)) throw new Error(`verb ${verb} registered twice`);
    this.routes.set(verb, { schema, handler: handler as VerbHandler<never>, back, resend });
    return this;
  }

  /** The button back to the card a refused action came from, if the verb has one. */
  backOf(verb: unknown, data: unknown): BackLink | null {
    const route = typeof verb === 'string' ? this.routes.get(verb) : undefined;
    if (!route?.back || !data || typeof data !== 'object' || Array.isArray(data)) return null;
    return route.back(data as Record<string, unknown>);
  }

  verbs(): string[] {
    return [...this.routes.keys()].sort();
  }

  async dispatch(turn: Turn, verb: unknown, data: unknown): Promise<CardJson> {
    if (typeof verb !== 'string')
      throw new DomainError(ErrorCode.InvalidData, `La carte n’a pas indiqué d’action valide : ${AGAIN}`);
    if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data)))
      throw new DomainError(ErrorCode.InvalidData, `Les données de la carte ne sont pas un formulaire : ${AGAIN}`);
    const route = this.routes.get(verb);
    if (!route) {
      throw new DomainError(
        ErrorCode.UnknownVerb,
        'Cette action n’est pas reconnue. La carte est peut-être ancienne : tapez « aide ».',
      );
    }
    const parsed = route.schema.safeParse(data ?? {}, { error: () => INVALID_CARD_DATA });
    if (!parsed.success) {
      const tooLong = route.resend ? tooLongFields(parsed.error.issues) : null;
      const fields: Resend['fields'] = route.resend?.fields ?? [];
      const shown = (f: string) => (typeof fields === 'function' ? fields(f) : fields.includes(f));
      const typed: Record<string, string> = Object.fromEntries(
        Object.entries((data ?? {}) as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === 'string',
        ),
      );
      // Typed text comes back on the form; text far beyond any form's limit only gets the message.
      const echoed = Object.keys(tooLong ?? {}).reduce((n, f) => n + (typed[f]?.length ?? 0), 0);
      if (route.resend && tooLong && Object.keys(tooLong).every(shown) && echoed <= MAX_ECHOED)
        return route.resend.card(turn, typed, tooLong);
      throw new DomainError(ErrorCode.InvalidData, parsed.error.issues[0]?.message ?? INVALID_CARD_DATA);
    }
    return route.handler(turn, parsed.data as never);
  }
}
