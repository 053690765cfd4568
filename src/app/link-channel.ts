import { DomainError } from '../domain/errors';
import { Instance, withChannel } from '../domain/governance';
import { authorize } from '../domain/permissions';
import { Actor } from './identify-actor';
import { AppDeps } from './ports';

/**
 * Links a channel (or group chat) to an instance: its notices will be posted there. One
 * channel serves one instance and one instance has one channel; an older link is undone.
 */
export async function linkChannel(
  deps: Pick<AppDeps, 'governance' | 'directory' | 'clock'>,
  actor: Actor,
  input: { instanceId: string; conversationId: string; channelName: string },
): Promise<Instance> {
  authorize(actor.person, 'channel.link');
  const centraleId = actor.person.centraleId;
  const instance = await deps.governance.getInstance(centraleId, input.instanceId);
  if (!instance) {
    throw new DomainError('unknown-instance', 'Cette instance n’existe pas dans votre centrale. Tapez « comités » pour la liste.');
  }
  const previous = await deps.directory.instanceOfConversation(input.conversationId);
  if (previous && previous.centraleId !== centraleId) {
    throw new DomainError('channel-of-other-centrale', 'Ce canal est déjà lié à une instance d’une autre centrale.');
  }
  if (previous && previous.instanceId !== instance.id) {
    await deps.governance.updateInstance(centraleId, previous.instanceId, (i) =>
      i.channel?.conversationId === input.conversationId ? withChannel(i, null) : i,
    );
  }
  let replacedConversation: string | null = null;
  const linked = await deps.governance.updateInstance(centraleId, instance.id, (i) => {
    replacedConversation = i.channel && i.channel.conversationId !== input.conversationId ? i.channel.conversationId : null;
    return withChannel(i, {
      conversationId: input.conversationId,
      name: input.channelName,
      linkedBy: actor.person!.key,
      linkedAt: deps.clock.now().toISOString(),
    });
  });
  if (replacedConversation) await deps.directory.bindConversation(replacedConversation, null);
  await deps.directory.bindConversation(input.conversationId, { centraleId, instanceId: instance.id });
  return linked;
}
