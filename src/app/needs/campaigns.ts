import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import { DomainError } from '../../domain/errors';
import { createOrResume } from '../create-once';
import { Member, Person, referentMemberOf } from '../../domain/governance';
import { Campaign } from '../../domain/needs/need';
import { LocalDate, formatLocalDate, parseLocalDate, zonedInstant } from '../../domain/meetings/zoned-time';
import { authorize } from '../../domain/permissions';
import { DEFAULT_TIME_ZONE } from '../../domain/local-date';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { channelRecipient, memberRecipients } from '../meetings/recipients';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';

export const NEEDS_REMINDER_JOB = 'needs.reminder';
export const DEFAULT_NEEDS_REMINDERS_MS = [3 * 86_400_000];

type Deps = Pick<
  AppDeps,
  'governance' | 'needs' | 'outbox' | 'clock' | 'wake' | 'timers' | 'presenters' | 'needsReminderOffsetsMs'
>;

/** The people who answer for a member (adhérent): those attached to it. */
export const referentsOf = (people: Person[], memberId: string) =>
  people.filter((p) => referentMemberOf(p) === memberId);

/** A member's name as cards show it (its id if it has gone from the list). */
export const memberName = (members: Member[], id: string) => members.find((m) => m.id === id)?.name ?? id;

/** What the coordinator types: the campaign's own fields, as typed (checked by openCampaign). */
export type CampaignInput = Pick<
  Campaign,
  'title' | 'segments' | 'targetMemberIds' | 'deadline' | 'instructions' | 'channelInstanceId'
> & {
  /** Names the campaign a form creates: the same form sent again finishes it (create-once.ts). */
  draftId?: string;
};

export type OpenCampaignInput = CampaignInput & {
  /** The Bot Connector the notices go through (the opening turn's). */
  serviceUrl: string | null;
  /** Today in the centrale (the deadline must come after it). */
  today: LocalDate;
};

/** The end of the deadline day, there (the centrale's zone). */
export const deadlineInstant = (c: Pick<Campaign, 'deadline'>, timeZone: string = DEFAULT_TIME_ZONE) =>
  zonedInstant(parseLocalDate(c.deadline)!, 23, 59, timeZone)!;

/** A coordinator opens a campaign: each target member's référents are invited, the channel shows progress. */
export async function openCampaign(deps: Deps, actor: Actor, input: OpenCampaignInput): Promise<Campaign> {
  const { serviceUrl, today } = input;
  const presenter = deps.presenters.needs;
  const person = requirePerson(actor);
  authorize(person, 'campaign.manage');
  const members = await deps.governance.listMembers(person.centraleId);
  const errors: string[] = [];
  if (!input.title.trim()) errors.push('Donnez un titre à la campagne.');
  const segments = [...new Set(input.segments.map((s) => s.trim()).filter(Boolean))];
  if (segments.length === 0) errors.push('Indiquez au moins un segment (famille d’achat), un par ligne.');
  const deadline = parseLocalDate(input.deadline.trim());
  if (!deadline) errors.push('Indiquez la date limite de réponse.');
  else if (formatLocalDate(deadline) <= formatLocalDate(today))
    errors.push('La date limite est passée : choisissez une date à venir.');
  const targets = input.targetMemberIds.length ? input.targetMemberIds : members.map((m) => m.id);
  if (targets.some((id) => !members.some((m) => m.id === id)))
    errors.push('Un adhérent choisi est inconnu : rouvrez le formulaire.');
  if (input.channelInstanceId && !(await deps.governance.getInstance(person.centraleId, input.channelInstanceId)))
    errors.push('Le canal choisi n’est celui d’aucune instance de votre centrale : choisissez-en un dans la liste.');
  if (errors.length) throw new DomainError(ErrorCode.CampaignInvalid, errors.join(' '));
  const now = deps.clock.now();
  const drafted: Campaign = {
    id: `campagne-${input.draftId ?? randomUUID()}`,
    centraleId: person.centraleId,
    title: input.title.trim(),
    segments,
    targetMemberIds: targets,
    deadline: formatLocalDate(deadline!),
    instructions: input.instructions.trim(),
    channelInstanceId: input.channelInstanceId,
    openedBy: person.key,
    status: 'ouverte',
    serviceUrl,
    createdAt: now.toISOString(),
  };
  const campaign = await createOrResume(
    drafted,
    { create: (c) => deps.needs.createCampaign(c), get: () => deps.needs.getCampaign(drafted.id) },
    (c) => c.openedBy,
    'Ce formulaire a déjà servi : tapez « campagne » pour en ouvrir une nouvelle.',
  );
  const people = await deps.governance.listPeople(person.centraleId);
  const instance = input.channelInstanceId
    ? await deps.governance.getInstance(person.centraleId, input.channelInstanceId)
    : null;
  const progress = presenter.progress(campaign, [], []);
  await enqueueNotice(deps, {
    noticeId: campaignNoticeId(campaign.id),
    centraleId: campaign.centraleId,
    senderKey: person.key,
    title: `Recensement des besoins : ${campaign.title}`,
    payload: progress,
    serviceUrl,
    recipients: [
      ...targets.flatMap((memberId) =>
        memberRecipients(
          people,
          referentsOf(people, memberId).map((p) => p.key),
          () => presenter.invitation(campaign, memberName(members, memberId)),
        ),
      ),
      ...(instance ? channelRecipient(instance, person.tenantId, progress) : []),
    ],
  });
  if (deps.timers) {
    for (const offset of deps.needsReminderOffsetsMs ?? DEFAULT_NEEDS_REMINDERS_MS) {
      const dueAt = new Date(deadlineInstant(campaign, zoneOf(actor)).getTime() - offset);
      if (dueAt.getTime() > now.getTime())
        await deps.timers.schedule({
          id: `rappel-besoins-${campaign.id}-${offset}`,
          type: NEEDS_REMINDER_JOB,
          dueAt,
          payload: { campaignId: campaign.id, offset },
        });
    }
  }
  return campaign;
}

export const campaignNoticeId = (id: string) => `campagne-${id}`;

/** Members who have neither sent a need nor answered « néant ». */
export async function silentMembers(deps: Pick<AppDeps, 'needs'>, c: Campaign): Promise<string[]> {
  const [needs, answers] = await Promise.all([deps.needs.needs(c.id), deps.needs.answers(c.id)]);
  const answered = new Set([
    ...answers.map((a) => a.memberId),
    ...needs.filter((n) => n.status !== 'brouillon' && n.status !== 'retire').map((n) => n.memberId),
  ]);
  return c.targetMemberIds.filter((m) => !answered.has(m));
}

/** Before the deadline: the référents of silent members get the invitation again, once per reminder. */
export async function remindSilentMembers(
  deps: Deps,
  payload: { campaignId: string; offset: number },
): Promise<number> {
  const c = await deps.needs.getCampaign(payload.campaignId);
  if (!c || c.status !== 'ouverte') return 0;
  const [people, members] = await Promise.all([
    deps.governance.listPeople(c.centraleId),
    deps.governance.listMembers(c.centraleId),
  ]);
  const silent = await silentMembers(deps, c);
  const recipients = silent.flatMap((memberId) =>
    memberRecipients(
      people,
      referentsOf(people, memberId).map((p) => p.key),
      () =>
        deps.presenters.needs.invitation(
          c,
          memberName(members, memberId),
          `Rappel : la campagne se termine le ${c.deadline}. Déclarez vos besoins, ou « néant ».`,
        ),
    ),
  );
  if (recipients.length === 0) return 0;
  await enqueueNotice(deps, {
    noticeId: `rappel-besoins-${c.id}-${payload.offset}`,
    centraleId: c.centraleId,
    senderKey: c.openedBy,
    title: `Rappel : ${c.title}`,
    payload: recipients[0]!.payload!,
    serviceUrl: c.serviceUrl,
    recipients,
  });
  return recipients.length;
}
