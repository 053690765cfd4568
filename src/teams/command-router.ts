import { normalise } from '../domain/governance';
import { Turn } from './turn';

type CommandHandler = (turn: Turn, args: string) => Promise<void>;

const wordsOf = (text: string) => text.trim().split(/\s+/).filter(Boolean);

/**
 * Typed commands, accents and case ignored ("Comités" = "comites"). A name may have several
 * words (« mes scrutins »): the longest name the text starts with wins, so « mes scrutins » goes
 * to the ballots even though « mes » alone is « mes convocations ».
 */
export class CommandRouter {
  private readonly routes = new Map<string, CommandHandler>();
  private longest = 1;

  add(names: string[], handler: CommandHandler): this {
    for (const name of names) {
      const words = wordsOf(name).map(normalise);
      this.routes.set(words.join(' '), handler);
      this.longest = Math.max(this.longest, words.length);
    }
    return this;
  }

  match(text: string): { handler: CommandHandler; args: string } | null {
    const words = wordsOf(text);
    for (let n = Math.min(this.longest, words.length); n >= 1; n--) {
      const handler = this.routes.get(words.slice(0, n).map(normalise).join(' '));
      if (handler) return { handler, args: words.slice(n).join(' ') };
    }
    return null;
  }
}
