import { Recipient } from '../../domain/delivery/delivery';
import { Instance, Person, personByKey } from '../../domain/governance';

export type Addressed = { recipient: Recipient; payload?: Record<string, unknown> };

/** The members (known people) a notice goes to, each with their own card when `card` is given. */
export function memberRecipients(
  people: Person[],
  keys: string[],
  card?: (key: string) => Record<string, unknown>,
): Addressed[] {
  const byKey = personByKey(people);
  return keys.flatMap((key) => {
    const p = byKey(key);
    if (!p) return [];
    const recipient: Recipient = {
      kind: 'person',
      personKey: p.key,
      tenantId: p.tenantId,
      teamsUserId: p.teamsUserId,
      label: p.displayName,
      email: p.email,
      delivery: p.delivery ?? 'teams',
    };
    return [card ? { recipient, payload: card(p.key) } : { recipient }];
  });
}

/** The instance's linked channel, if any. */
export function channelRecipient(instance: Instance, tenantId: string, payload?: Record<string, unknown>): Addressed[] {
  if (!instance.channel) return [];
  const recipient: Recipient = {
    kind: 'conversation',
    conversationId: instance.channel.conversationId,
    tenantId,
    label: `Canal ${instance.channel.name}`,
  };
  return [payload ? { recipient, payload } : { recipient }];
}
