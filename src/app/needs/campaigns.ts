import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import { DomainError } from '../../domain/errors';
import { createOrResume } from '../create-once';
import { Member, Person, referentMemberOf } from '../../domain/governance';
import { Campaign } from '../../domain/needs/need';
import { LocalDate, formatLocalDate, localDateOf, parseLocalDate } from '../../domain/meetings/zoned-time';
import { closeIfDue, closingInstant, extendCampaign as extended } from '../../domain/needs/deadline';
import { frenchDayOf } from '../../domain/french-format';
import { authorize } from '../../domain/permissions';
import { NoticeInput, enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { Addressed, channelRecipient, memberRecipients } from '../meetings/recipients';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { campaignMailNotice, withoutTeams, withoutTeamsNoticeId } from './campaign-mail';
import { CampaignMailKind } from './ports';
import { campaignNoticeId, refreshProgress } from './progress';

export const NEEDS_REMINDER_JOB = 'needs.reminder';
export const NEEDS_CLOSE_JOB = 'needs.close';
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
    timeZone: zoneOf(actor),
    extensions: [],
    closedAt: null,
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
  await enqueueCampaignNotice(
    deps,
    'invitation',
    campaign,
    people,
    {
      noticeId: campaignNoticeId(campaign.id),
      centraleId: campaign.centraleId,
      senderKey: person.key,
      title: `Recensement des besoins : ${campaign.title}`,
      payload: progress,
      serviceUrl,
    },
    targets.flatMap((memberId) =>
      memberRecipients(
        people,
        referentsOf(people, memberId).map((p) => p.key),
        () => presenter.invitation(campaign, memberName(members, memberId)),
      ),
    ),
    instance ? channelRecipient(instance, person.tenantId, progress) : [],
  );
  await scheduleDeadline(deps, campaign, now);
  return campaign;
}

/**
 * The timers of a deadline: the reminders before it and the closing at its end, each with an id
 * naming the deadline (an extension schedules its own; those of an earlier deadline do nothing).
 */
async function scheduleDeadline(deps: Pick<Deps, 'timers' | 'needsReminderOffsetsMs'>, c: Campaign, now: Date) {
  if (!deps.timers) return;
  const closes = closingInstant(c);
  // The first deadline's timers keep their original ids (stored before extensions existed).
  const suffix = c.extensions.length ? `-${c.deadline}` : '';
  for (const offset of deps.needsReminderOffsetsMs ?? DEFAULT_NEEDS_REMINDERS_MS) {
    const dueAt = new Date(closes.getTime() - offset);
    if (dueAt.getTime() > now.getTime())
      await deps.timers.schedule({
        id: `rappel-besoins-${c.id}${suffix}-${offset}`,
        type: NEEDS_REMINDER_JOB,
        dueAt,
        payload: { campaignId: c.id, offset, deadline: c.deadline },
      });
  }
  await deps.timers.schedule({
    id: `cloture-besoins-${c.id}-${c.deadline}`,
    type: NEEDS_CLOSE_JOB,
    dueAt: closes,
    payload: { campaignId: c.id, deadline: c.deadline },
  });
}

/**
 * The closing timer, at the end of the deadline day: the campaign closes (once, under its etag,
 * whatever the number of instances) unless it was extended since; the channel's card follows.
 */
export async function closeCampaignAtDeadline(
  deps: Deps,
  payload: { campaignId: string; deadline: string },
): Promise<boolean> {
  const c = await deps.needs.getCampaign(payload.campaignId);
  const now = deps.clock.now();
  if (!c || c.deadline !== payload.deadline || !closeIfDue(c, now)) return false;
  const closed = await deps.needs.updateCampaign(c.id, (x) => closeIfDue(x, now) ?? x);
  if (closed.status === 'close') refreshProgress(deps, closed);
  return closed.status === 'close';
}

/** « Prolonger »: the coordination gives a later deadline; the campaign is open again until its end. */
export async function extendCampaignDeadline(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; deadline: string },
): Promise<Campaign> {
  const person = requirePerson(actor);
  authorize(person, 'campaign.manage');
  const c = await deps.needs.getCampaign(input.campaignId);
  if (!c || c.centraleId !== person.centraleId)
    throw new DomainError(ErrorCode.UnknownCampaign, 'Cette campagne est introuvable dans votre centrale.');
  const now = deps.clock.now();
  const today = localDateOf(now, c.timeZone);
  const next = await deps.needs.updateCampaign(c.id, (x) =>
    extended(x, { deadline: input.deadline, by: person.key, now, today }),
  );
  await scheduleDeadline(deps, next, now);
  refreshProgress(deps, next);
  return next;
}

export { campaignNoticeId };

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
  payload: { campaignId: string; offset: number; deadline?: string },
): Promise<number> {
  const c = await deps.needs.getCampaign(payload.campaignId);
  if (!c || c.status !== 'ouverte') return 0;
  // A reminder of a deadline since extended: the new deadline has its own.
  if (payload.deadline && payload.deadline !== c.deadline) return 0;
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
          `Rappel : la campagne se termine le ${frenchDayOf(c.deadline)}. Déclarez vos besoins, ou « néant ».`,
        ),
    ),
  );
  if (recipients.length === 0) return 0;
  await enqueueCampaignNotice(
    deps,
    'reminder',
    c,
    people,
    {
      noticeId: `rappel-besoins-${c.id}${c.extensions.length ? `-${c.deadline}` : ''}-${payload.offset}`,
      centraleId: c.centraleId,
      senderKey: c.openedBy,
      title: `Rappel : ${c.title}`,
      payload: recipients[0]!.payload!,
      serviceUrl: c.serviceUrl,
    },
    recipients,
  );
  return recipients.length;
}

/**
 * A campaign's notice to référents (and the channel's card), with its e-mail for those Teams
 * cannot reach or who asked for e-mail. The référents without Teams get their own part of the
 * notice (`…-sans-teams`), whose e-mail tells them the coordinator takes their needs instead of
 * sending them to the bot; with nobody else, the notice itself is not made.
 */
async function enqueueCampaignNotice(
  deps: Deps,
  kind: CampaignMailKind,
  c: Campaign,
  people: Person[],
  notice: Omit<NoticeInput, 'recipients' | 'mail'>,
  referents: Addressed[],
  others: Addressed[] = [],
): Promise<void> {
  const away = referents.filter(withoutTeams);
  const inTeams = [...referents.filter((a) => !withoutTeams(a)), ...others];
  if (inTeams.length || !away.length)
    await enqueueNotice(deps, {
      ...notice,
      mail: await campaignMailNotice(deps, kind, c, people, true),
      recipients: inTeams,
    });
  if (away.length)
    await enqueueNotice(deps, {
      ...notice,
      noticeId: withoutTeamsNoticeId(notice.noticeId),
      payload: away[0]!.payload ?? notice.payload,
      mail: await campaignMailNotice(deps, kind, c, people, false),
      recipients: away,
    });
}
