import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import { DomainError } from '../../domain/errors';
import { createOrResume } from '../create-once';
import {
  DraftErrors,
  Sitting,
  SittingDraft,
  checkSecondConvocation,
  newSitting,
  sittingActions,
  validateSitting,
} from '../../domain/meetings/sitting';
import { sittingOfCentrale } from './organised-sitting';
import { authorize } from '../../domain/permissions';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { forecastQuorum } from '../../domain/meetings/attendance';
import { MeetingPresenters, MeetingRepository } from './ports';
import { carryIntoNewSitting } from './proxy-runs';
import { channelRecipient, memberRecipients } from './recipients';
import { SittingFormChoices, sittingFormChoices } from './sitting-form';
import { SittingForecast } from './sitting-forecast';
import { sittingMailNotice } from './sitting-mail';
import { keepConvocation } from './convocation-document';

/** The delivery of a sitting's convocation (version by version): its records hold the posted cards. */
export const convocationNoticeId = (s: Pick<Sitting, 'id' | 'version'>) => `convocation-${s.id}-v${s.version}`;

/** Form errors come back with the form's choices, to show it again; a success with the forecast. */
export type ConveneResult =
  | { ok: false; errors: DraftErrors; form: SittingFormChoices }
  | { ok: true; sitting: Sitting; noticeId: string; forecast: SittingForecast };

/**
 * An organiser convenes a sitting: checked against the instance's rules, stored with its
 * members frozen, then one convocation per member (personal chat) and one in the linked
 * channel go through the delivery path. Form errors come back per field, nothing stored.
 */
export async function conveneSitting(
  deps: Pick<
    AppDeps,
    'governance' | 'outbox' | 'clock' | 'wake' | 'timers' | 'reminderOffsetsMs' | 'documents' | 'documentRenderer'
  > & {
    meetings: MeetingRepository;
  } & MeetingPresenters,
  actor: Actor,
  input: {
    instanceId: string;
    draftId?: string;
    draft: SittingDraft;
    serviceUrl: string | null;
    /** A second convocation after a missed quorum: the first sitting (CGCT L2121-17). */
    secondOf?: string;
  },
): Promise<ConveneResult> {
  const person = requirePerson(actor);
  const instance = await deps.governance.getInstance(person.centraleId, input.instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownInstance, 'Cette instance n’existe pas dans votre centrale.');
  authorize(person, 'meeting.convene', { instance });
  if (instance.members.length === 0) {
    throw new DomainError(
      ErrorCode.NoMembers,
      'Cette instance n’a pas encore de membres : tapez « membres » pour la composer.',
    );
  }
  const now = deps.clock.now();
  const checked = validateSitting(input.draft, instance.rules, now);
  const formAgain = async (errors: DraftErrors): Promise<ConveneResult> => ({
    ok: false,
    errors,
    form: await sittingFormChoices(deps, actor, { instanceId: input.instanceId, editing: !!input.secondOf }),
  });
  if (!checked.ok) return formAgain(checked.errors);
  if (input.secondOf) {
    const first = await sittingOfCentrale(deps, person, input.secondOf);
    if (first.instanceId !== instance.id) throw new DomainError(ErrorCode.NoSecondConvocation);
    const errors = checkSecondConvocation(first, checked.sitting);
    if (Object.keys(errors).length > 0) return formAgain(errors);
  }

  const drafted = newSitting(
    {
      id: `seance-${input.draftId ?? randomUUID()}`,
      centraleId: instance.centraleId,
      instanceId: instance.id,
      instanceName: instance.name,
      memberKeys: instance.members.map((m) => m.personKey),
      organiserKey: person.key,
      secondOf: input.secondOf || null,
    },
    checked.sitting,
    instance.rules,
    now,
  );
  const stored = await createOrResume(
    drafted,
    { create: (s) => deps.meetings.create(s), get: () => deps.meetings.get(drafted.id) },
    (s) => s.organiserKey,
    'Ce formulaire a déjà servi : tapez « convoquer » pour une nouvelle séance.',
  );

  // Proxies of the previous sitting still running (three consecutive sittings at most) carry into this one.
  await carryIntoNewSitting(deps, stored);
  const people = await deps.governance.listPeople(instance.centraleId);
  // The convocation of record (PDF, its SHA-256 in the journal) before any notice: if it cannot be
  // made, nothing is sent, and the same form sent again (createOrResume) makes it, then sends.
  const { sitting, document } = await keepConvocation(deps, stored, instance, people);
  const cards = deps.presenters.meetings;
  const answers = await deps.meetings.answersOf(sitting.id);
  const channelCard = cards.channelConvocation(sitting, people, answers, [document]);
  const recipients = [
    ...memberRecipients(people, sitting.memberKeys, (key) =>
      cards.personalConvocation('convocation', sitting, people, key, [document]),
    ),
    ...channelRecipient(instance, person.tenantId, channelCard),
  ];
  const noticeId = convocationNoticeId(sitting);
  await enqueueNotice(deps, {
    noticeId,
    centraleId: sitting.centraleId,
    senderKey: person.key,
    title: `Convocation : ${instance.name}`,
    payload: channelCard,
    serviceUrl: input.serviceUrl,
    recipients,
    mail: await sittingMailNotice(deps, 'convocation', sitting, instance, people, now, document),
  });
  await scheduleReminders(deps, sitting, now);
  // A convocation just sent has no answers but the proxies carried into it.
  return {
    ok: true,
    sitting,
    noticeId,
    forecast: {
      sitting,
      people,
      forecast: forecastQuorum(sitting.quorum, sitting.memberKeys, answers),
      answers,
      actions: sittingActions(sitting, now),
      documents: [document],
    },
  };
}

export const REMINDER_JOB = 'meeting.reminder';
export const DEFAULT_REMINDER_OFFSETS_MS = [2 * 86_400_000, 2 * 3_600_000];

/** J-2 and H-2 by default; each a job with a fixed id, so it runs once whatever the instances. */
export async function scheduleReminders(
  deps: Pick<AppDeps, 'timers' | 'reminderOffsetsMs'>,
  sitting: Sitting,
  now: Date,
) {
  if (!deps.timers) return;
  for (const offset of deps.reminderOffsetsMs ?? DEFAULT_REMINDER_OFFSETS_MS) {
    const dueAt = new Date(Date.parse(sitting.startsAt) - offset);
    if (dueAt.getTime() <= now.getTime()) continue;
    await deps.timers.schedule({
      id: `rappel-${sitting.id}-v${sitting.version}-${offset}`,
      type: REMINDER_JOB,
      dueAt,
      payload: { sittingId: sitting.id, version: sitting.version, offset },
    });
  }
}
