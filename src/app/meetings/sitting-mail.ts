import { requiredNoticeDays } from '../../domain/meetings/sitting';
import { Instance, Person } from '../../domain/governance';
import { sittingCalendarEvent } from '../../domain/meetings/calendar';
import { Sitting } from '../../domain/meetings/sitting';
import { noticeSourceOf } from '../../domain/rules';
import { MailNotice } from '../delivery/ports';
import { OwnedDocumentRef } from '../documents/ports';
import { GovernanceRepository } from '../ports';
import { answerLinkExpiry } from './answer-link';
import { MeetingPresenters, SittingMailKind } from './ports';

/**
 * A sitting's notice as an e-mail, for the members Teams cannot reach: the words (src/mail),
 * the invitation (REQUEST, or CANCEL for the cancellation) and each member's link to answer.
 * Null when no e-mail presenter is wired (no transport).
 */
export async function sittingMailNotice(
  deps: MeetingPresenters & { governance: Pick<GovernanceRepository, 'getCentrale'> },
  kind: SittingMailKind,
  s: Sitting,
  instance: Instance | null,
  people: Person[],
  now: Date,
  /** The kept convocation of this version, attached to the message. */
  document?: OwnedDocumentRef | null,
): Promise<MailNotice | null> {
  const presenter = deps.presenters.mail;
  if (!presenter) return null;
  const centrale = await deps.governance.getCentrale(s.centraleId);
  const rules = instance?.rules;
  const words = presenter.sittingMail(kind, s, people, {
    centraleName: centrale?.name ?? 'Centrale d’achat',
    requiredDays: requiredNoticeDays(s, rules),
    noticeSource: rules ? noticeSourceOf(rules) : null,
    attachedFile: document?.filename ?? null,
  });
  const event = sittingCalendarEvent(s, now);
  return {
    ...words,
    calendar: {
      method: kind === 'cancellation' ? 'CANCEL' : 'REQUEST',
      event: { ...event, startsAt: event.startsAt.toISOString(), stamp: event.stamp.toISOString() },
    },
    link: kind === 'cancellation' ? null : { kind: 'seance', id: s.id, expiresAt: answerLinkExpiry(s).toISOString() },
    ...(document ? { attachments: [{ ownerId: document.ownerId, documentId: document.id }] } : {}),
  };
}
