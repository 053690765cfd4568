import { normalise } from '../domain/governance';
import { Turn } from './turn';

type CommandHandler = (turn: Turn, args: string) => Promise<void>;

/** Typed commands: the first word, accents and case ignored ("Comités" = "comites"). */
export class CommandRouter {
  private readonly routes = new Map<string, CommandHandler>();

  add(names: string[], handler: CommandHandler): this {
    for (const name of names) this.routes.set(normalise(name), handler);
    return this;
  }

  match(text: string): { handler: CommandHandler; args: string } | null {
    const trimmed = text.trim();
    const [first = '', ...rest] = trimmed.split(/\s+/);
    const handler = this.routes.get(normalise(first));
    return handler ? { handler, args: rest.join(' ') } : null;
  }
}
