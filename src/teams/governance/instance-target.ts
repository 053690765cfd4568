import { instanceForCommand as query } from '../../app/governance/queries';
import { Instance } from '../../domain/governance';
import { Turn } from '../turn';

/** The instance a command is about (named after it, or linked to this conversation), if any. */
export function instanceForCommand(turn: Turn, args: string): Promise<Instance | undefined> {
  return query(turn.deps, turn.actor, { conversationId: turn.conversationId, args });
}
