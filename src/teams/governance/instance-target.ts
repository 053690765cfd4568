import { requirePerson } from '../../app/identify-actor';
import { Instance, findInstance } from '../../domain/governance';
import { Turn } from '../turn';

/**
 * The instance a command is about: the one named after it ("membres copil"), else the one this
 * channel is linked to, else none (the card then asks).
 */
export async function instanceForCommand(turn: Turn, args: string): Promise<Instance | undefined> {
  const person = requirePerson(turn.actor);
  const instances = await turn.deps.governance.listInstances(person.centraleId);
  if (args.trim()) return findInstance(instances, args);
  const linked = await turn.deps.directory.instanceOfConversation(turn.conversationId);
  return instances.find((i) => linked && i.centraleId === linked.centraleId && i.id === linked.instanceId);
}
