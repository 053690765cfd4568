import { randomUUID } from 'crypto';
import { z } from 'zod';
import { NEEDS_REMINDER_JOB, campaignNoticeId, openCampaign, remindSilentMembers } from '../../app/needs/campaigns';
import { answerDetails, campaignOf, declareNothing, memberOf, ownNeed, qualifyNeed, saveNeed, withdrawNeed } from '../../app/needs/member-needs';
import { buildProgramme, editProgrammeItem, submitProgramme } from '../../app/needs/programme';
import { updatePostedCard } from '../../app/delivery/enqueue';
import { requirePerson } from '../../app/identify-actor';
import { DomainError, isDomainError } from '../../domain/errors';
import { addDays, formatLocalDate } from '../../domain/meetings/zoned-time';
import { Campaign, NeedDraft } from '../../domain/needs/need';
import { consolidate } from '../../domain/needs/programme';
import { authorize } from '../../domain/permissions';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { asActivity } from '../replies';
import { BotDeps, Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { ballotPresenter } from '../ballots/views';

import { draftOfNeed, followCard, inviteCard, needForm, needNoticeCard, needsPresenter, progressCard, programmeCard } from './views';
import { commaList, draftIdField, lines, optionalText, todayOf } from '../form-fields';

const DAY = 86_400_000;

async function presenterFor(deps: BotDeps, centraleId: string) {
  const members = await deps.governance.listMembers(centraleId);
  return needsPresenter((id) => members.find((m) => m.id === id)?.name ?? id);
}

async function campaignForm(turn: Turn, values: Record<string, string> = {}, error = ''): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  authorize(person, 'campaign.manage');
  const members = await turn.deps.governance.listMembers(person.centraleId);
  const instances = (await turn.deps.governance.listInstances(person.centraleId)).filter((i) => i.channel);
  const rret = instances.find((i) => i.id === 'reseau-commande-publique-achats') ?? instances.find((i) => i.id === 'copil-reseau') ?? instances[0];
  return renderCard('campaign.form', {
    draftId: values.draftId || randomUUID(),
    title: values.title ?? '',
    segments: values.segments ?? '',
    targets: values.targets ?? '',
    members: members.map((m) => ({ title: cardText(m.name), value: m.id })),
    deadline: values.deadline || formatLocalDate(addDays(todayOf(turn), 21)),
    instructions: values.instructions ?? '',
    channels: instances.map((i) => ({ title: cardText(`${i.name} (${i.channel!.name})`), value: i.id })),
    channelInstanceId: values.channelInstanceId ?? rret?.id ?? '',
    error: error ? cardText(error) : '',
  });
}

const campaignData = z.object({
  draftId: draftIdField,
  title: z.string().max(200).optional().default(''),
  segments: z.string().max(2000).optional().default(''),
  targets: z.string().max(5000).optional().default(''),
  deadline: z.string().max(20).optional().default(''),
  instructions: z.string().max(2000).optional().default(''),
  channelInstanceId: z.string().max(200).optional().default(''),
});

async function open(turn: Turn, data: z.infer<typeof campaignData>): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  try {
    const c = await openCampaign(
      turn.deps,
      turn.actor,
      { draftId: data.draftId, title: data.title, segments: lines(data.segments), targetMemberIds: commaList(data.targets), deadline: data.deadline, instructions: data.instructions, channelInstanceId: data.channelInstanceId || null },
      await presenterFor(turn.deps, person.centraleId),
      turn.serviceUrl,
      todayOf(turn),
    );
    return follow(turn, c);
  } catch (e) {
    if (isDomainError(e) && e.code === 'campaign-invalid') return campaignForm(turn, data, e.userMessage);
    throw e;
  }
}

/** The coordination's card: completeness, needs to qualify, totals per segment, exports. */
async function follow(turn: Turn, c: Campaign, error = ''): Promise<CardJson> {
  authorize(requirePerson(turn.actor), 'campaign.manage');
  const [needs, answers, members] = await Promise.all([turn.deps.needs.needs(c.id), turn.deps.needs.answers(c.id), turn.deps.governance.listMembers(c.centraleId)]);
  const url = turn.deps.links.url('besoins', c.id, new Date(turn.deps.clock.now().getTime() + DAY));
  return followCard(c, needs, answers, members, consolidate(needs), url, error);
}

/** The member's own card (their needs, their answer). */
async function mine(turn: Turn, c: Campaign, opts: { error?: string; banner?: string } = {}): Promise<CardJson> {
  const memberId = memberOf(requirePerson(turn.actor), c);
  const [needs, answers, members] = await Promise.all([turn.deps.needs.needs(c.id), turn.deps.needs.answers(c.id), turn.deps.governance.listMembers(c.centraleId)]);
  const own = needs.filter((n) => n.memberId === memberId);
  return inviteCard(c, members.find((m) => m.id === memberId)?.name ?? memberId, own, answers.find((a) => a.memberId === memberId) ?? null, opts);
}

/** The channel's progress card follows the answers (coalesced). */
function refreshProgress(deps: BotDeps, c: Campaign) {
  deps.refresher.request(`campagne-${c.id}`, async () => {
    const instance = c.channelInstanceId ? await deps.governance.getInstance(c.centraleId, c.channelInstanceId) : null;
    if (!instance?.channel) return;
    const [needs, answers] = await Promise.all([deps.needs.needs(c.id), deps.needs.answers(c.id)]);
    await updatePostedCard(deps, {
      noticeId: campaignNoticeId(c.id),
      recipient: { kind: 'conversation', conversationId: instance.channel.conversationId, tenantId: '', label: '' },
      cardId: c.id,
      payload: asActivity(progressCard(c, needs, answers)),
    });
  });
}

const ref = z.object({ campaignId: z.string().min(1).max(200) });
const needRef = ref.extend({ needId: z.string().min(1).max(200) });
const needData = ref.extend({
  needId: z.string().max(200).optional().default(''),
  submit: z.enum(['true', 'false']).optional().default('true'),
  segment: optionalText(200), description: optionalText(2000), quantity: optionalText(20), unit: optionalText(40), annual: optionalText(20), total: optionalText(20), wishedStart: optionalText(20), duration: optionalText(5),
  currentContractEnd: optionalText(20), currentSupplier: optionalText(200), currentPrice: optionalText(20), constraints: optionalText(2000), clauses: optionalText(2000), commitment: optionalText(20),
});

async function save(turn: Turn, data: z.infer<typeof needData>): Promise<CardJson> {
  const c = await campaignOf(turn.deps, turn.actor, data.campaignId);
  const { campaignId: _c, needId, submit, ...draft } = data;
  const result = await saveNeed(turn.deps, turn.actor, { campaignId: c.id, needId: needId || null, draft: draft as NeedDraft, submit: submit === 'true' }, todayOf(turn));
  if (!result.ok) return needForm(c, { ...draft, needId }, result.errors, 'Le besoin n’est pas enregistré : corrigez les champs signalés.');
  refreshProgress(turn.deps, c);
  return mine(turn, c, { banner: result.need.status === 'brouillon' ? 'Brouillon enregistré : il n’est pas encore envoyé.' : 'Besoin envoyé à la coordination.' });
}

/** Member actions answer with the member's card, the error shown on it. */
async function onMine(turn: Turn, campaignId: string, act: (c: Campaign) => Promise<unknown>, banner = ''): Promise<CardJson> {
  const c = await campaignOf(turn.deps, turn.actor, campaignId);
  try {
    await act(c);
  } catch (e) {
    if (!isDomainError(e) || e.code === 'not-target') throw e;
    return mine(turn, c, { error: e.userMessage });
  }
  refreshProgress(turn.deps, c);
  return mine(turn, c, { banner });
}

const qualifyData = needRef.extend({ action: z.enum(['accepter', 'preciser', 'fusionner', 'rejeter']), text: optionalText(1000), intoId: optionalText(200) });

async function qualifyStep(turn: Turn, d: z.infer<typeof qualifyData>): Promise<CardJson> {
  const c = await campaignOf(turn.deps, turn.actor, d.campaignId);
  const q = d.action === 'accepter' ? { action: d.action } : d.action === 'fusionner' ? { action: d.action, intoId: d.intoId } : d.action === 'preciser' ? { action: d.action, question: d.text } : { action: d.action, reason: d.text };
  try {
    await qualifyNeed(turn.deps, turn.actor, { campaignId: c.id, needId: d.needId, q }, await presenterFor(turn.deps, c.centraleId));
  } catch (e) {
    if (!isDomainError(e) || e.code === 'forbidden') throw e;
    return follow(turn, c, e.userMessage);
  }
  return follow(turn, c);
}

async function programmeOf(turn: Turn, campaignId: string, error = ''): Promise<CardJson> {
  const c = await campaignOf(turn.deps, turn.actor, campaignId);
  const p = await turn.deps.needs.getProgramme(c.id);
  if (!p) throw new DomainError('no-programme', 'Construisez d’abord le programme.');
  return programmeCard(p, await turn.deps.governance.listMembers(c.centraleId), turn.deps.links.url('programme', c.id, new Date(turn.deps.clock.now().getTime() + DAY)), error);
}

export function registerNeeds(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['campagne', 'recensement'], async (turn) => turn.reply(await campaignForm(turn)));
  commands.add(['besoins'], async (turn) => {
    const person = requirePerson(turn.actor);
    const open = (await turn.deps.needs.listCampaigns(person.centraleId)).filter((c) => c.status === 'ouverte').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (!open[0]) throw new DomainError('no-campaign', 'Aucune campagne de recensement n’est ouverte.');
    await turn.reply(person.memberId && open[0].targetMemberIds.includes(person.memberId) ? await mine(turn, open[0]) : await follow(turn, open[0]));
  });
  verbs.add('campaign.open', campaignData, open);
  verbs.add('campaign.follow', ref, async (turn, d) => follow(turn, await campaignOf(turn.deps, turn.actor, d.campaignId)));
  verbs.add('need.mine', ref, async (turn, d) => mine(turn, await campaignOf(turn.deps, turn.actor, d.campaignId)));
  verbs.add('need.new', ref, async (turn, d) => {
    const c = await campaignOf(turn.deps, turn.actor, d.campaignId);
    memberOf(requirePerson(turn.actor), c); // refuses those who do not answer for a target member
    return needForm(c, {});
  });
  verbs.add('need.edit', needRef, async (turn, d) => {
    const c = await campaignOf(turn.deps, turn.actor, d.campaignId);
    return needForm(c, draftOfNeed(await ownNeed(turn.deps, c, requirePerson(turn.actor), d.needId)));
  });
  verbs.add('need.save', needData, save);
  verbs.add('need.withdraw', needRef, (turn, d) => onMine(turn, d.campaignId, () => withdrawNeed(turn.deps, turn.actor, d), 'Besoin retiré.'));
  verbs.add('need.nothing', ref, (turn, d) => onMine(turn, d.campaignId, () => declareNothing(turn.deps, turn.actor, d.campaignId), 'Réponse « néant » enregistrée. Merci.'));
  verbs.add('need.answer', needRef.extend({ answer: optionalText(2000) }), async (turn, d) => {
    const c = await campaignOf(turn.deps, turn.actor, d.campaignId);
    try {
      return needNoticeCard(c, await answerDetails(turn.deps, turn.actor, d));
    } catch (e) {
      const n = await turn.deps.needs.getNeed(c.id, d.needId);
      if (!isDomainError(e) || !n || e.code === 'not-your-need' || e.code === 'not-target') throw e;
      return needNoticeCard(c, n, e.userMessage);
    }
  });
  verbs.add('need.qualify', qualifyData, qualifyStep);
  verbs.add('programme.build', ref, async (turn, d) => {
    try {
      await buildProgramme(turn.deps, turn.actor, d.campaignId);
    } catch (e) {
      if (!isDomainError(e) || e.code === 'forbidden') throw e;
      return follow(turn, await campaignOf(turn.deps, turn.actor, d.campaignId), e.userMessage);
    }
    return programmeOf(turn, d.campaignId);
  });
  verbs.add('programme.item', ref.extend({ itemId: z.string().min(1).max(50), fileName: optionalText(200), procedure: z.enum(['appel-offres-ouvert', 'mapa']), wishedStart: optionalText(20), plannedLaunch: optionalText(20) }), async (turn, d) => {
    try {
      await editProgrammeItem(turn.deps, turn.actor, d, todayOf(turn));
    } catch (e) {
      if (!isDomainError(e) || e.code === 'forbidden') throw e;
      return programmeOf(turn, d.campaignId, e.userMessage);
    }
    return programmeOf(turn, d.campaignId);
  });
  verbs.add('programme.submit', ref, async (turn, d) => {
    const link = turn.deps.links.url('programme', d.campaignId, new Date(turn.deps.clock.now().getTime() + 60 * DAY));
    await submitProgramme(turn.deps, turn.actor, { campaignId: d.campaignId, programmeLink: link, presenter: ballotPresenter(turn.deps), serviceUrl: turn.serviceUrl });
    return programmeOf(turn, d.campaignId);
  });
}

export function needsJobs(deps: BotDeps): Record<string, (payload: Record<string, unknown>) => Promise<void>> {
  return {
    [NEEDS_REMINDER_JOB]: async (p) => {
      const payload = z.object({ campaignId: z.string(), offset: z.number() }).parse(p);
      const c = await deps.needs.getCampaign(payload.campaignId);
      if (c) await remindSilentMembers(deps, payload, await presenterFor(deps, c.centraleId));
    },
  };
}
