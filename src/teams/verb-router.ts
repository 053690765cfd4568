import { ErrorCode } from '../domain/error-codes';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { CardJson } from './card-renderer';
import { Turn } from './turn';

/** Said where a card sends data of the wrong shape and the schema gives no message of its own. */
export const INVALID_CARD_DATA =
  'Les données envoyées par la carte ne sont pas valides (carte périmée ou modifiée). Rouvrez-la et réessayez.';

type VerbHandler<T> = (turn: Turn, data: T) => Promise<CardJson>;
interface VerbRoute {
  schema: z.ZodType;
  handler: VerbHandler<never>;
}

/**
 * Card actions (Action.Execute verbs). Each verb has one zod schema; the handler gets parsed
 * data and returns the card that replaces the one clicked.
 */
export class VerbRouter {
  private readonly routes = new Map<string, VerbRoute>();

  add<S extends z.ZodType>(verb: string, schema: S, handler: VerbHandler<z.infer<S>>): this {
    if (this.routes.has(verb)) throw new Error(`verb ${verb} registered twice`);
    this.routes.set(verb, { schema, handler: handler as VerbHandler<never> });
    return this;
  }

  verbs(): string[] {
    return [...this.routes.keys()].sort();
  }

  async dispatch(turn: Turn, verb: unknown, data: unknown): Promise<CardJson> {
    const route = typeof verb === 'string' ? this.routes.get(verb) : undefined;
    if (!route) {
      throw new DomainError(
        ErrorCode.UnknownVerb,
        'Cette action n’est pas reconnue. La carte est peut-être ancienne : tapez « aide ».',
      );
    }
    const parsed = route.schema.safeParse(data ?? {}, { error: () => INVALID_CARD_DATA });
    if (!parsed.success)
      throw new DomainError(ErrorCode.InvalidData, parsed.error.issues[0]?.message ?? INVALID_CARD_DATA);
    return route.handler(turn, parsed.data as never);
  }
}
