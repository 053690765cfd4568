import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Instance, withChannel } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { Actor } from '../identify-actor';
import { AppDeps } from '../ports';

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
    throw new DomainError(
      ErrorCode.UnknownInstance,
      'Cette instance n’existe pas dans votre centrale. Tapez « comités » pour la liste.',
    );
  }
  const otherCentrale = () =>
    new DomainError(ErrorCode.ChannelOfOtherCentrale, 'Ce canal est déjà lié à une instance d’une autre centrale.');
  const bound = await deps.directory.instanceOfConversation(input.conversationId);
  if (bound && bound.centraleId !== centraleId) throw otherCentrale();
  // The binding is the claim on the channel: one conditional write decides between two admins.
  const target = { centraleId, instanceId: instance.id };
  const previous = await deps.directory.bindConversation(input.conversationId, target);
  if (previous && previous.centraleId !== centraleId) {
    await deps.directory.bindConversation(input.conversationId, previous);
    throw otherCentrale();
  }
  if (previous && previous.instanceId !== instance.id) {
    await deps.governance.updateInstance(centraleId, previous.instanceId, (i) =>
      i.channel?.conversationId === input.conversationId ? withChannel(i, null) : i,
    );
  }
  let replacedConversation: string | null = null;
  const linked = await deps.governance.updateInstance(centraleId, instance.id, (i) => {
    replacedConversation =
      i.channel && i.channel.conversationId !== input.conversationId ? i.channel.conversationId : null;
    return withChannel(i, {
      conversationId: input.conversationId,
      name: input.channelName,
      linkedBy: actor.person!.key,
      linkedAt: deps.clock.now().toISOString(),
    });
  });
  if (replacedConversation) await deps.directory.unbindConversationIf(replacedConversation, target);
  return linked;
}
