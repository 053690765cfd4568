import { ErrorCode } from '../../domain/error-codes';
import { isDomainError } from '../../domain/errors';
import { LocalDate } from '../../domain/meetings/zoned-time';
import { Campaign, Need, NeedDraft, NeedErrors, Qualification } from '../../domain/needs/need';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { OpenCampaignInput, extendCampaignDeadline, openCampaign } from './campaigns';
import { answerDetails, campaignOf, declareNothing, qualifyNeed, saveNeed, withdrawNeed } from './member-needs';
import { ProgrammeItemEdit, buildProgramme, editProgrammeItem, submitProgramme } from './programme';
import { refreshProgress } from './progress';
import {
  CampaignFormView,
  FollowView,
  MemberView,
  ProgrammeView,
  campaignFormView,
  followView,
  followViewOf,
  memberViewOf,
  programmeView,
} from './queries';

/**
 * What a card action leads to: the use case, then the data of the card that answers it. A broken
 * rule the person can fix there comes back as `error`, shown on that card; the others (no right,
 * unknown campaign…) throw and get the refusal card.
 */
type Deps = Pick<
  AppDeps,
  | 'governance'
  | 'needs'
  | 'ballots'
  | 'circuits'
  | 'outbox'
  | 'clock'
  | 'wake'
  | 'timers'
  | 'presenters'
  | 'needsReminderOffsetsMs'
>;

/** The domain error's message when `keep` says it belongs on the card, else rethrown. */
function shown(e: unknown, keep: (code: ErrorCode) => boolean): string {
  if (isDomainError(e) && keep(e.code)) return e.userMessage;
  throw e;
}

export async function openCampaignFromForm(
  deps: Deps,
  actor: Actor,
  input: OpenCampaignInput,
): Promise<{ ok: true; view: FollowView } | { ok: false; form: CampaignFormView; error: string }> {
  try {
    const c = await openCampaign(deps, actor, input);
    return { ok: true, view: await followViewOf(deps, requirePerson(actor), c) };
  } catch (e) {
    const error = shown(e, (code) => code === ErrorCode.CampaignInvalid);
    return { ok: false, form: await campaignFormView(deps, actor), error };
  }
}

export async function saveNeedFromCard(
  deps: Deps,
  actor: Actor,
  input: {
    campaignId: string;
    needId: string | null;
    draftId?: string;
    draft: NeedDraft;
    submit: boolean;
    today: LocalDate;
    via?: 'lien-email';
  },
): Promise<{ ok: true; need: Need; view: MemberView } | { ok: false; campaign: Campaign; errors: NeedErrors }> {
  const c = await campaignOf(deps, actor, input.campaignId);
  const result = await saveNeed(
    deps,
    actor,
    {
      campaignId: c.id,
      needId: input.needId,
      draftId: input.draftId,
      draft: input.draft,
      submit: input.submit,
      campaign: c,
      via: input.via,
    },
    input.today,
  );
  if (!result.ok) return { ok: false, campaign: c, errors: result.errors };
  refreshProgress(deps, c);
  return { ok: true, need: result.need, view: await memberViewOf(deps, requirePerson(actor), c) };
}

/** A member's step on their card: the card again, with the refusal on it (unless they answer for no one). */
async function onMemberCard(
  deps: Deps,
  actor: Actor,
  campaignId: string,
  act: (c: Campaign) => Promise<unknown>,
): Promise<{ view: MemberView; error: string | null }> {
  const c = await campaignOf(deps, actor, campaignId);
  try {
    await act(c);
  } catch (e) {
    const error = shown(e, (code) => code !== ErrorCode.NotTarget);
    return { view: await memberViewOf(deps, requirePerson(actor), c), error };
  }
  refreshProgress(deps, c);
  return { view: await memberViewOf(deps, requirePerson(actor), c), error: null };
}

export const withdrawNeedFromCard = (deps: Deps, actor: Actor, input: { campaignId: string; needId: string }) =>
  onMemberCard(deps, actor, input.campaignId, () => withdrawNeed(deps, actor, input));

export const declareNothingFromCard = (deps: Deps, actor: Actor, campaignId: string, via?: 'lien-email') =>
  onMemberCard(deps, actor, campaignId, () => declareNothing(deps, actor, campaignId, via));

/** The member answers a question on the notice card; a refusal stays on that card. */
export async function answerDetailsFromCard(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; needId: string; answer: string },
): Promise<{ campaign: Campaign; need: Need; error: string | null }> {
  const c = await campaignOf(deps, actor, input.campaignId);
  try {
    return { campaign: c, need: await answerDetails(deps, actor, input), error: null };
  } catch (e) {
    const n = await deps.needs.getNeed(c.id, input.needId);
    if (!n) throw e;
    const error = shown(e, (code) => code !== ErrorCode.NotYourNeed && code !== ErrorCode.NotTarget);
    return { campaign: c, need: n, error };
  }
}

const notForbidden = (code: ErrorCode) => code !== ErrorCode.Forbidden;

export async function qualifyFromCard(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; needId: string; q: Qualification },
): Promise<{ view: FollowView; error: string | null }> {
  const c = await campaignOf(deps, actor, input.campaignId);
  let error: string | null = null;
  try {
    await qualifyNeed(deps, actor, { campaignId: c.id, needId: input.needId, q: input.q });
  } catch (e) {
    error = shown(e, notForbidden);
  }
  return { view: await followViewOf(deps, requirePerson(actor), c), error };
}

/** « Prolonger » on the coordination's card: the card again, with the new deadline or why it was refused. */
export async function extendFromCard(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; deadline: string },
): Promise<{ view: FollowView; error: string | null }> {
  const c = await campaignOf(deps, actor, input.campaignId);
  let error: string | null = null;
  try {
    await extendCampaignDeadline(deps, actor, input);
  } catch (e) {
    error = shown(e, notForbidden);
  }
  return { view: await followView(deps, actor, c.id), error };
}

/** Built, the programme's card; refused (nothing retained…), the coordination's card with why. */
export async function buildProgrammeFromCard(
  deps: Deps,
  actor: Actor,
  campaignId: string,
): Promise<{ kind: 'programme'; view: ProgrammeView } | { kind: 'follow'; view: FollowView; error: string }> {
  try {
    await buildProgramme(deps, actor, campaignId);
  } catch (e) {
    const error = shown(e, notForbidden);
    return { kind: 'follow', view: await followView(deps, actor, campaignId), error };
  }
  return { kind: 'programme', view: await programmeView(deps, actor, campaignId) };
}

export async function editProgrammeItemFromCard(
  deps: Deps,
  actor: Actor,
  input: ProgrammeItemEdit & { today: LocalDate },
): Promise<{ view: ProgrammeView; error: string | null }> {
  let error: string | null = null;
  try {
    const { today, ...edit } = input;
    await editProgrammeItem(deps, actor, edit, today);
  } catch (e) {
    error = shown(e, notForbidden);
  }
  return { view: await programmeView(deps, actor, input.campaignId), error };
}

export async function submitProgrammeFromCard(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; programmeLink: string; serviceUrl: string | null },
): Promise<ProgrammeView> {
  await submitProgramme(deps, actor, input);
  return programmeView(deps, actor, input.campaignId);
}
