import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import { Recipient } from '../../domain/delivery/delivery';
import { DomainError } from '../../domain/errors';
import { frenchNumber } from '../../domain/french-format';
import { authorize } from '../../domain/permissions';
import { enqueueNotice } from '../delivery/enqueue';
import { OutboxStore } from '../delivery/ports';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

export const MAX_ANNOUNCEMENT_LENGTH = 2_000;

/**
 * An organiser writes to every member of an instance: one personal message each, and one in
 * the instance's channel if it has one. The card is the governance presenter's.
 */
export async function announce(
  deps: Pick<AppDeps, 'governance' | 'clock' | 'presenters'> & { outbox: OutboxStore; wake?: () => void },
  actor: Actor,
  input: { instanceId: string; text: string; serviceUrl: string | null },
): Promise<{ noticeId: string; recipients: number }> {
  const person = requirePerson(actor);
  const instance = await deps.governance.getInstance(person.centraleId, input.instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownInstance, 'Cette instance n’existe pas dans votre centrale.');
  authorize(person, 'instance.announce', { instance });
  const text = input.text.trim();
  if (!text) throw new DomainError(ErrorCode.EmptyAnnouncement, 'Écrivez le message à envoyer.');
  if (text.length > MAX_ANNOUNCEMENT_LENGTH) {
    throw new DomainError(
      ErrorCode.AnnouncementTooLong,
      `« Message » : ${frenchNumber(text.length)} caractères pour ${frenchNumber(MAX_ANNOUNCEMENT_LENGTH)} au plus ; retirez-en ${frenchNumber(text.length - MAX_ANNOUNCEMENT_LENGTH)}.`,
    );
  }
  const people = await deps.governance.listPeople(person.centraleId);
  const recipients: Recipient[] = instance.members.flatMap((m) => {
    const p = people.find((x) => x.key === m.personKey);
    return p
      ? [
          {
            kind: 'person' as const,
            personKey: p.key,
            tenantId: p.tenantId,
            teamsUserId: p.teamsUserId,
            label: p.displayName,
          },
        ]
      : [];
  });
  if (instance.channel) {
    recipients.push({
      kind: 'conversation',
      conversationId: instance.channel.conversationId,
      tenantId: person.tenantId,
      label: `Canal ${instance.channel.name}`,
    });
  }
  if (recipients.length === 0) {
    throw new DomainError(
      ErrorCode.NoRecipient,
      'Cette instance n’a ni membre ni canal lié : tapez « membres » pour la composer.',
    );
  }
  const noticeId = `annonce-${randomUUID()}`;
  await enqueueNotice(deps, {
    noticeId,
    centraleId: person.centraleId,
    senderKey: person.key,
    title: `Message aux membres de « ${instance.name} »`,
    payload: deps.presenters.governance.announcement({
      instanceName: instance.name,
      text,
      senderName: person.displayName,
    }),
    serviceUrl: input.serviceUrl,
    recipients: recipients.map((recipient) => ({ recipient })),
  });
  return { noticeId, recipients: recipients.length };
}
