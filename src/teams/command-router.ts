import { Understood } from '../app/language/understand-sentence';
import { IntentId } from '../domain/language/grammar';
import { CardJson } from './card-renderer';
import { Turn } from './turn';

/** A sentence typed to the bot, as the grammar (or the language model) understood it. */
export interface CommandRequest {
  text: string;
  understood: Understood;
}

type CommandHandler = (turn: Turn, request: CommandRequest) => Promise<CardJson>;

/**
 * What each request opens: one handler per intent of the grammar (src/domain/language/grammar.ts,
 * where the words of each command and their synonyms are). A handler only answers with a card —
 * a list, an answer, or a form prefilled with what the sentence said: it never acts on its own.
 */
export class CommandRouter {
  private readonly handlers = new Map<IntentId, CommandHandler>();

  add(intent: IntentId, handler: CommandHandler): this {
    if (this.handlers.has(intent)) throw new Error(`intent registered twice: ${intent}`);
    this.handlers.set(intent, handler);
    return this;
  }

  handlerOf(intent: IntentId): CommandHandler | undefined {
    return this.handlers.get(intent);
  }

  intents(): IntentId[] {
    return [...this.handlers.keys()];
  }
}
