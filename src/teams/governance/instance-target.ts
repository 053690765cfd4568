import { instanceForCommand as query } from '../../app/governance/queries';
import { Instance } from '../../domain/governance';
import { CommandRequest } from '../command-router';
import { Turn } from '../turn';

/** The one instance the sentence named, if it named exactly one (several: the bot asked first). */
export const namedInstanceId = (request: CommandRequest): string | undefined =>
  request.understood.instanceIds.length === 1 ? request.understood.instanceIds[0] : undefined;

/** The instance a request is about (named in the sentence, or linked to this conversation), if any. */
export function instanceForCommand(turn: Turn, request: CommandRequest): Promise<Instance | undefined> {
  return query(turn.deps, turn.actor, { conversationId: turn.conversationId, instanceId: namedInstanceId(request) });
}
