import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Instance, Member, Person, referentMemberOf } from '../../domain/governance';
import { Campaign, CampaignExtension, Need } from '../../domain/needs/need';
import { acceptsAnswers } from '../../domain/needs/deadline';
import { Programme, SegmentTotal, consolidate } from '../../domain/needs/programme';
import { authorize, can } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { memberName } from './campaigns';
import { campaignOf, memberOf, ownNeed } from './member-needs';
import { MemberAnswer } from './ports';
import { MY_CAMPAIGNS_RECENT_MS } from '../../domain/listing-windows';

/** The reads behind the needs cards: plain data, the refusals checked here. */
type Deps = Pick<AppDeps, 'governance' | 'needs' | 'clock'>;

/** What the campaign form offers: the adhérents to target, the linked channels (RReT first choice). */
export interface CampaignFormView {
  members: Member[];
  channels: Array<Instance & { channel: NonNullable<Instance['channel']> }>;
  defaultChannelId: string;
}

export async function campaignFormView(deps: Deps, actor: Actor): Promise<CampaignFormView> {
  const person = requirePerson(actor);
  authorize(person, 'campaign.manage');
  const members = await deps.governance.listMembers(person.centraleId);
  const channels = (await deps.governance.listInstances(person.centraleId)).filter(
    (i): i is CampaignFormView['channels'][number] => !!i.channel,
  );
  const rret =
    channels.find((i) => i.id === 'reseau-commande-publique-achats') ??
    channels.find((i) => i.id === 'copil-reseau') ??
    channels[0];
  return { members, channels, defaultChannelId: rret?.id ?? '' };
}

/** The coordination's view: completeness, the needs to qualify, totals per segment. */
export interface FollowView {
  campaign: Campaign;
  needs: Need[];
  answers: MemberAnswer[];
  members: Member[];
  totals: SegmentTotal[];
  /** Past its deadline (closed, or about to be by its timer): members can no longer answer. */
  closed: boolean;
  /** The extensions of the deadline, with who gave them. */
  extensions: Array<CampaignExtension & { byName: string }>;
}

export async function followViewOf(deps: Deps, person: Person, c: Campaign): Promise<FollowView> {
  authorize(person, 'campaign.manage');
  const [needs, answers, members, people] = await Promise.all([
    deps.needs.needs(c.id),
    deps.needs.answers(c.id),
    deps.governance.listMembers(c.centraleId),
    c.extensions.length ? deps.governance.listPeople(c.centraleId) : Promise.resolve([]),
  ]);
  const nameOf = (key: string) => people.find((p) => p.key === key)?.displayName ?? 'la coordination';
  return {
    campaign: c,
    needs,
    answers,
    members,
    totals: consolidate(needs),
    closed: !acceptsAnswers(c, deps.clock.now()),
    extensions: c.extensions.map((e) => ({ ...e, byName: nameOf(e.by) })),
  };
}

export async function followView(deps: Deps, actor: Actor, campaignId: string): Promise<FollowView> {
  return followViewOf(deps, requirePerson(actor), await campaignOf(deps, actor, campaignId));
}

/** A member's view: their adhérent's needs and answer (refused to those who answer for none). */
export interface MemberView {
  campaign: Campaign;
  /** Past its deadline: the member's buttons are gone, the card says why. */
  closed: boolean;
  memberName: string;
  needs: Need[];
  answer: MemberAnswer | null;
}

export async function memberViewOf(deps: Deps, person: Person, c: Campaign): Promise<MemberView> {
  const memberId = memberOf(person, c);
  // Only this member's needs and answer: a campaign of 60 communes holds hundreds of needs.
  const [{ needs, answer }, members] = await Promise.all([
    deps.needs.memberPart(c.id, memberId),
    deps.governance.listMembers(c.centraleId),
  ]);
  return {
    campaign: c,
    closed: !acceptsAnswers(c, deps.clock.now()),
    memberName: memberName(members, memberId),
    needs,
    answer,
  };
}

export async function memberView(deps: Deps, actor: Actor, campaignId: string): Promise<MemberView> {
  return memberViewOf(deps, requirePerson(actor), await campaignOf(deps, actor, campaignId));
}

/** « besoins »: the latest open campaign, as its member sees it, else as the coordination does. */
export async function currentCampaignView(
  deps: Deps,
  actor: Actor,
): Promise<{ kind: 'member'; view: MemberView } | { kind: 'follow'; view: FollowView }> {
  const person = requirePerson(actor);
  const open = (await deps.needs.listCampaigns(person.centraleId))
    .filter((c) => c.status === 'ouverte')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!open[0]) throw new DomainError(ErrorCode.NoCampaign, 'Aucune campagne de recensement n’est ouverte.');
  const memberId = referentMemberOf(person);
  return memberId && open[0].targetMemberIds.includes(memberId)
    ? { kind: 'member', view: await memberViewOf(deps, person, open[0]) }
    : { kind: 'follow', view: await followViewOf(deps, person, open[0]) };
}

/** The need form: a new need (for the actor's adhérent), or one of its needs to edit. */
export async function needFormView(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; needId?: string },
): Promise<{ campaign: Campaign; need: Need | null }> {
  const person = requirePerson(actor);
  const c = await campaignOf(deps, actor, input.campaignId);
  if (input.needId) return { campaign: c, need: await ownNeed(deps, c, person, input.needId) };
  memberOf(person, c); // refuses those who do not answer for a target member
  return { campaign: c, need: null };
}

/** The programme and the names of the adhérents in it. */
export interface ProgrammeView {
  programme: Programme;
  members: Member[];
}

export async function programmeView(deps: Deps, actor: Actor, campaignId: string): Promise<ProgrammeView> {
  const c = await campaignOf(deps, actor, campaignId);
  const programme = await deps.needs.getProgramme(c.id);
  if (!programme) throw new DomainError(ErrorCode.NoProgramme, 'Construisez d’abord le programme.');
  return { programme, members: await deps.governance.listMembers(c.centraleId) };
}

/** One line of « mes campagnes »: the person coordinates it, or answers it for their adhérent. */
export interface MyCampaign {
  campaign: Campaign;
  coordinator: boolean;
  /** The person answers for a target adhérent (its référent). */
  answers: boolean;
}

/** « Mes campagnes »: open ones, and those of the last year, the person coordinates or must answer. */
export async function myCampaigns(deps: Deps, actor: Actor): Promise<MyCampaign[]> {
  const person = requirePerson(actor);
  const coordinator = can(person, 'campaign.manage');
  const memberId = referentMemberOf(person);
  const since = deps.clock.now().getTime() - MY_CAMPAIGNS_RECENT_MS;
  return (await deps.needs.listCampaigns(person.centraleId))
    .filter((c) => c.status === 'ouverte' || Date.parse(c.createdAt) >= since)
    .map((c) => ({ campaign: c, coordinator, answers: !!memberId && c.targetMemberIds.includes(memberId) }))
    .filter((m) => m.coordinator || m.answers)
    .sort((a, b) => b.campaign.createdAt.localeCompare(a.campaign.createdAt));
}
