import { AppDeps } from '../ports';

/**
 * Keeps the reference of a conversation the bot was added to or spoken to in, so that notices
 * can later be posted there proactively. In a personal chat it is also the person's address.
 * True when the bot did not know this conversation yet.
 */
export async function recordConversation(
  deps: Pick<AppDeps, 'conversations'>,
  input: { conversationId: string; reference: unknown; personalChatOf?: string },
): Promise<boolean> {
  const isNew = await deps.conversations.saveForConversation(input.conversationId, input.reference);
  if (input.personalChatOf) await deps.conversations.saveForPerson(input.personalChatOf, input.reference);
  return isNew;
}

/** A personal chat that predates the bot's storage still becomes the person's address. */
export async function rememberPersonalChat(
  deps: Pick<AppDeps, 'conversations'>,
  input: { personKey: string; conversationId: string; reference: unknown },
): Promise<void> {
  if (await deps.conversations.getForPerson(input.personKey)) return;
  await recordConversation(deps, {
    conversationId: input.conversationId,
    reference: input.reference,
    personalChatOf: input.personKey,
  });
}
