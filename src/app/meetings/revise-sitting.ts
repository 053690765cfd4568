import { DraftErrors, Sitting, SittingDraft, reviseSitting } from '../../domain/meetings/sitting';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor } from '../identify-actor';
import { organisedSitting } from './organised-sitting';
import { AppDeps } from '../ports';
import { ConvocationCards, convocationNoticeId, scheduleReminders } from './convene-sitting';
import { channelRecipient, memberRecipients } from './recipients';

export type ReviseResult =
  | { ok: false; errors: DraftErrors }
  | { ok: true; previous: Sitting; sitting: Sitting; answersReset: boolean; noticeId: string };

/**
 * An organiser changes a sitting before it starts: checked by the domain, stored as a new
 * version (status « modifiée », history kept), then every member and the channel get the
 * new convocation; reminders are planned again for the new version (the old ones stay silent).
 */
export async function reviseConvenedSitting(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake' | 'timers' | 'reminderOffsetsMs'>,
  actor: Actor,
  input: { sittingId: string; draft: SittingDraft; cards: ConvocationCards; serviceUrl: string | null },
): Promise<ReviseResult> {
  const { person, current, instance } = await organisedSitting(deps, actor, input.sittingId);
  const now = deps.clock.now();
  let outcome: ReviseResult | null = null;
  let previous = current;
  await deps.meetings.update(current.id, (latest) => {
    previous = latest;
    const revised = reviseSitting(latest, input.draft, instance.rules, person.key, now);
    outcome = revised.ok ? { ...revised, previous: latest, noticeId: convocationNoticeId(revised.sitting) } : revised;
    return revised.ok ? revised.sitting : latest;
  });
  const result = outcome as ReviseResult | null;
  if (!result || !result.ok) return result ?? { ok: false, errors: {} };
  const sitting = result.sitting;
  if (result.answersReset) await deps.meetings.resetAnswers(sitting.id);

  const people = await deps.governance.listPeople(sitting.centraleId);
  await enqueueNotice(deps, {
    noticeId: result.noticeId,
    centraleId: sitting.centraleId,
    senderKey: person.key,
    title: `Convocation modifiée : ${instance.name}`,
    payload: input.cards.channel(sitting),
    serviceUrl: input.serviceUrl,
    recipients: [
      ...memberRecipients(people, sitting.memberKeys, (key) => input.cards.personal(sitting, key)),
      ...channelRecipient(instance, person.tenantId, input.cards.channel(sitting)),
    ],
  });
  await scheduleReminders(deps, sitting, now);
  return { ...result, previous };
}
