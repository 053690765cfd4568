import { Minutes, MinutesInput, recordMinutes } from '../../domain/meetings/minutes';
import { Sitting } from '../../domain/meetings/sitting';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor } from '../identify-actor';
import { organisedSitting } from './organised-sitting';
import { AppDeps } from '../ports';
import { MeetingPresenters } from './ports';
import { channelRecipient, memberRecipients } from './recipients';

/**
 * After the sitting, an organiser records the actual attendance and the relevé de décisions.
 * Stored with the sitting (status « tenue »), then posted to the instance's channel — or, when
 * the instance has no channel, to each member. A correction replaces it and is posted again.
 * Returns the channel's name, where there is one (the organiser is told where it went).
 */
export async function recordSittingMinutes(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> & MeetingPresenters,
  actor: Actor,
  input: { sittingId: string; minutes: MinutesInput; serviceUrl: string | null },
): Promise<{ sitting: Sitting; channelName: string | null }> {
  const { person, current, instance } = await organisedSitting(deps, actor, input.sittingId);
  const people = await deps.governance.listPeople(current.centraleId);
  const nameOf = (k: string) => people.find((p) => p.key === k)?.displayName ?? 'Un membre';
  const answers = await deps.meetings.answersOf(current.id);
  const now = deps.clock.now();
  const recorded = await deps.meetings.update(current.id, (s) => {
    const minutes = recordMinutes(s, answers, input.minutes, { nameOf, by: person.key, now });
    // The same relevé sent again (a double click, a retry after a fault) is not a correction:
    // nothing changes, and the notice below, of the same edition, finishes what the first began.
    if (s.minutes && sameContent(s.minutes, minutes)) return s;
    const correction = !!s.minutes;
    return {
      ...s,
      status: 'tenue',
      minutes,
      history: [
        ...s.history,
        {
          at: now.toISOString(),
          by: person.key,
          action: 'releve',
          summary: correction ? 'Relevé de décisions corrigé' : 'Relevé de décisions établi',
        },
      ],
    };
  });
  const edition = recorded.history.filter((h) => h.action === 'releve').length;
  const recipients = instance.channel
    ? channelRecipient(instance, person.tenantId)
    : memberRecipients(people, recorded.memberKeys);
  await enqueueNotice(deps, {
    noticeId: `releve-${recorded.id}-${edition}`,
    centraleId: recorded.centraleId,
    senderKey: person.key,
    title: `Relevé de décisions : ${recorded.instanceName}`,
    payload: deps.presenters.meetings.minutes(recorded, people),
    serviceUrl: input.serviceUrl,
    recipients,
  });
  return { sitting: recorded, channelName: instance.channel?.name ?? null };
}

/** Two relevés that say the same: attendance and decisions (not when, nor by whom). */
const sameContent = (a: Minutes, b: Minutes) =>
  JSON.stringify([a.attendance, a.decisions]) === JSON.stringify([b.attendance, b.decisions]);
