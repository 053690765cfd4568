import { sittingDocuments } from './sitting-documents';
import { sittingMailNotice } from './sitting-mail';
import { enqueueNotice } from '../delivery/enqueue';
import { AppDeps } from '../ports';
import { MeetingPresenters } from './ports';
import { memberRecipients } from './recipients';

/**
 * A reminder job: members who have not answered get their convocation again, once per
 * reminder (the notice id is fixed), unless the sitting was cancelled, changed since, or begun.
 */
export async function remindSilentMembers(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> &
    Partial<Pick<AppDeps, 'documents'>> &
    MeetingPresenters,
  payload: { sittingId: string; version: number; offset: number },
): Promise<number> {
  const sitting = await deps.meetings.get(payload.sittingId);
  if (!sitting || sitting.status === 'annulee' || sitting.version !== payload.version) return 0;
  if (Date.parse(sitting.startsAt) <= deps.clock.now().getTime()) return 0;
  const answered = new Set((await deps.meetings.answersOf(sitting.id)).map((a) => a.personKey));
  const people = await deps.governance.listPeople(sitting.centraleId);
  // The reminder opens, and attaches, this version's convocation of record.
  const documents = sittingDocuments(sitting);
  const convocation =
    documents.find((d) => d.kind === 'convocation' && d.version === sitting.version && d.format === 'pdf') ?? null;
  const recipients = memberRecipients(
    people,
    sitting.memberKeys.filter((k) => !answered.has(k)),
    (key) => deps.presenters.meetings.personalConvocation('reminder', sitting, people, key, documents),
  );
  if (recipients.length === 0) return 0;
  await enqueueNotice(deps, {
    noticeId: `rappel-${sitting.id}-v${sitting.version}-${payload.offset}`,
    centraleId: sitting.centraleId,
    senderKey: sitting.organiserKey,
    title: `Rappel : ${sitting.instanceName}`,
    payload: recipients[0]!.payload!,
    serviceUrl: null,
    recipients,
    mail: await sittingMailNotice(
      deps,
      'reminder',
      sitting,
      await deps.governance.getInstance(sitting.centraleId, sitting.instanceId),
      people,
      deps.clock.now(),
      convocation,
    ),
  });
  return recipients.length;
}
