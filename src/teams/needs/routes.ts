import { randomUUID } from 'crypto';
import { z } from 'zod';
import {
  answerDetailsFromCard,
  buildProgrammeFromCard,
  declareNothingFromCard,
  editProgrammeItemFromCard,
  extendFromCard,
  openCampaignFromForm,
  qualifyFromCard,
  saveNeedFromCard,
  submitProgrammeFromCard,
  withdrawNeedFromCard,
} from '../../app/needs/card-steps';
import {
  FollowView,
  MemberView,
  ProgrammeView,
  campaignFormView,
  currentCampaignView,
  followView,
  memberView,
  needFormView,
} from '../../app/needs/queries';
import { FileKind } from '../../app/files/signed-links';
import { Qualification } from '../../domain/needs/need';
import { NEED_FIELD_MAX } from '../../domain/needs/need-form';
import { ErrorCode } from '../../domain/error-codes';
import { isDomainError } from '../../domain/errors';
import { can } from '../../domain/permissions';
import { CardJson } from '../card-renderer';
import { messageCard } from '../replies';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';
import { VerbRouter, backTo } from '../verb-router';
import { myCampaignsCard } from './my-campaigns';
import { campaignFormCard, followCard, programmeCard } from './coordination-views';
import { NEED_FIELD_LABELS, draftOfNeed, inviteCard, needForm, needNoticeCard, needRefusal } from './views';
import { withLinkButtons } from '../doc-links';
import { needsLinkExpiry } from '../../app/needs/needs-link';
import { commaList, draftIdField, lines, optionalText, todayOf } from '../form-fields';

const DAY = 86_400_000;

/** A signed link to one of the campaign's exports, valid `days` days from now. */
const linkFor = (turn: Turn, kind: FileKind, id: string, days: number) =>
  turn.deps.links.url(kind, id, new Date(turn.deps.clock.now().getTime() + days * DAY));

const follow = (turn: Turn, view: FollowView, error?: string | null): CardJson =>
  // h54: the coordination hands the communes the campaign's template (they send it back from their page).
  withLinkButtons(
    followCard(view, {
      needsUrl: linkFor(turn, 'besoins', view.campaign.id, 1),
      needsXlsxUrl: linkFor(turn, 'besoins-xlsx', view.campaign.id, 1),
      error: error ?? '',
    }),
    view.closed
      ? []
      : [
          {
            type: 'Action.OpenUrl',
            title: 'Modèle de saisie des besoins (XLSX)',
            url: linkFor(turn, 'modele-besoins', view.campaign.id, 1),
          },
        ],
  );
const programme = (turn: Turn, view: ProgrammeView, error?: string | null): CardJson =>
  programmeCard(view, {
    programmeUrl: linkFor(turn, 'programme', view.programme.campaignId, 1),
    programmeXlsxUrl: linkFor(turn, 'programme-xlsx', view.programme.campaignId, 1),
    today: todayOf(turn),
    calendar: turn.actor.centrale?.holidayCalendar,
    error: error ?? '',
  });

/**
 * h54: the référent's card opens the needs page behind their personal link, where the workbook
 * template is downloaded and sent back filled (« Importer un classeur »), while the campaign is open
 * — in their personal chat only.
 */
const member = (turn: Turn, view: MemberView, opts?: Parameters<typeof inviteCard>[1]): CardJson => {
  const card = inviteCard(view, opts);
  const person = turn.actor.person;
  // The link acts in the référent's name: only on their own card in their 1:1 chat, never in a channel.
  if (view.closed || !person || turn.scope !== 'personal') return card;
  const url = turn.deps.links.pageUrl('besoins', `${view.campaign.id}|${person.key}`, needsLinkExpiry(view.campaign));
  return withLinkButtons(card, [{ type: 'Action.OpenUrl', title: 'Saisir dans un classeur (XLSX)', url }]);
};

const campaignData = z.object({
  draftId: draftIdField,
  title: optionalText(200, 'Titre'),
  segments: optionalText(2000, 'Segments concernés'),
  targets: z.string().max(5000).optional().default(''),
  deadline: z.string().max(20).optional().default(''),
  instructions: optionalText(2000, 'Consignes'),
  channelInstanceId: z.string().max(200).optional().default(''),
});

async function open(turn: Turn, data: z.infer<typeof campaignData>): Promise<CardJson> {
  const today = todayOf(turn);
  const result = await openCampaignFromForm(turn.deps, turn.actor, {
    draftId: data.draftId,
    title: data.title,
    segments: lines(data.segments),
    targetMemberIds: commaList(data.targets),
    deadline: data.deadline,
    instructions: data.instructions,
    channelInstanceId: data.channelInstanceId || null,
    serviceUrl: turn.serviceUrl,
    today,
  });
  if (result.ok) return follow(turn, result.view);
  const { draftId, ...typed } = data;
  return campaignFormCard(result.form, { draftId: draftId ?? randomUUID(), today, values: typed, error: result.error });
}

const ref = z.object({ campaignId: z.string().min(1).max(200) });
const needRef = ref.extend({ needId: z.string().min(1).max(200) });
const needData = ref.extend({
  needId: z.string().max(200).optional().default(''),
  draftId: draftIdField,
  submit: z.enum(['true', 'false']).optional().default('true'),
  segment: optionalText(NEED_FIELD_MAX.segment, NEED_FIELD_LABELS.segment),
  description: optionalText(NEED_FIELD_MAX.description, NEED_FIELD_LABELS.description),
  quantity: optionalText(NEED_FIELD_MAX.quantity, NEED_FIELD_LABELS.quantity),
  unit: optionalText(NEED_FIELD_MAX.unit, NEED_FIELD_LABELS.unit),
  annual: optionalText(NEED_FIELD_MAX.annual, NEED_FIELD_LABELS.annual),
  total: optionalText(NEED_FIELD_MAX.total, NEED_FIELD_LABELS.total),
  wishedStart: optionalText(NEED_FIELD_MAX.wishedStart, NEED_FIELD_LABELS.wishedStart),
  duration: optionalText(NEED_FIELD_MAX.duration, NEED_FIELD_LABELS.duration),
  currentContractEnd: optionalText(NEED_FIELD_MAX.currentContractEnd, NEED_FIELD_LABELS.currentContractEnd),
  currentSupplier: optionalText(NEED_FIELD_MAX.currentSupplier, NEED_FIELD_LABELS.currentSupplier),
  currentPrice: optionalText(NEED_FIELD_MAX.currentPrice, NEED_FIELD_LABELS.currentPrice),
  constraints: optionalText(NEED_FIELD_MAX.constraints, NEED_FIELD_LABELS.constraints),
  clauses: optionalText(NEED_FIELD_MAX.clauses, NEED_FIELD_LABELS.clauses),
  commitment: optionalText(NEED_FIELD_MAX.commitment),
});

async function save(turn: Turn, data: z.infer<typeof needData>): Promise<CardJson> {
  const { campaignId, needId, draftId, submit, ...draft } = data;
  const result = await saveNeedFromCard(turn.deps, turn.actor, {
    campaignId,
    needId: needId || null,
    draftId,
    draft,
    submit: submit === 'true',
    today: todayOf(turn),
  });
  if (!result.ok)
    return needForm(
      result.campaign,
      { ...draft, needId, draftId },
      result.errors,
      needRefusal(result.errors, submit === 'true'),
    );
  return member(turn, result.view, {
    banner:
      result.need.status === 'brouillon'
        ? 'Brouillon enregistré : il n’est pas encore envoyé.'
        : 'Besoin envoyé à la coordination.',
  });
}

/** Member actions answer with the member's card: the refusal on it, else what was done. */
const memberCard = (turn: Turn, step: { view: MemberView; error: string | null }, banner: string): CardJson =>
  member(turn, step.view, step.error ? { error: step.error } : { banner });

const qualifyData = needRef.extend({
  action: z.enum(['accepter', 'preciser', 'fusionner', 'rejeter']),
  text: optionalText(1000, 'Texte'),
  intoId: optionalText(200),
});

/** The form's action and its one text field, as the domain's qualification. */
function qualificationOf(d: z.infer<typeof qualifyData>): Qualification {
  switch (d.action) {
    case 'accepter':
      return { action: d.action };
    case 'fusionner':
      return { action: d.action, intoId: d.intoId };
    case 'preciser':
      return { action: d.action, question: d.text };
    case 'rejeter':
      return { action: d.action, reason: d.text };
  }
}

const itemData = ref.extend({
  itemId: z.string().min(1).max(50),
  fileName: optionalText(200, 'Dossier d’achat'),
  procedure: z.enum(['appel-offres-ouvert', 'mapa']),
  wishedStart: optionalText(20),
  plannedLaunch: optionalText(20),
});

/** A refusal on the coordination's card leads back to it; on a référent's, to their campaign card. */
const toFollow = backTo('Revenir au suivi de la campagne', 'campaign.follow', 'campaignId');
const toInvite = backTo('Revenir à la campagne', 'need.mine', 'campaignId');

export function registerNeeds(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('campaign.open', async (turn) =>
    campaignFormCard(await campaignFormView(turn.deps, turn.actor), { draftId: randomUUID(), today: todayOf(turn) }),
  );
  commands.add('needs.current', async (turn) => {
    const current = await currentCampaignView(turn.deps, turn.actor).catch((e: unknown) => {
      if (isDomainError(e) && e.code === ErrorCode.NoCampaign) return null;
      throw e;
    });
    // No campaign open: not a refusal, a state — with what comes next for this person.
    if (!current)
      return messageCard({
        title: 'Recensement des besoins',
        text: `Aucune campagne de recensement n’est ouverte. ${
          can(turn.actor.person, 'campaign.manage')
            ? '« campagne » en ouvre une.'
            : turn.actor.person?.roles.includes('referent')
              ? 'Quand la coordination en ouvrira une, vous serez prévenu·e.'
              : 'La coordination la conduit auprès des référent·es des communes, qui y déclarent les besoins.'
        }`,
      });
    return current.kind === 'member' ? member(turn, current.view) : follow(turn, current.view);
  });
  commands.add('campaigns.mine', (turn) => myCampaignsCard(turn));
  verbs.add('campaign.open', campaignData, open, undefined, {
    fields: ['title', 'segments', 'instructions'],
    card: async (turn, typed, tooLong) =>
      campaignFormCard(await campaignFormView(turn.deps, turn.actor), {
        draftId: typed.draftId || randomUUID(),
        today: todayOf(turn),
        values: typed,
        error: Object.values(tooLong).join(' '),
      }),
  });
  verbs.add('campaign.follow', ref, async (turn, d) =>
    follow(turn, await followView(turn.deps, turn.actor, d.campaignId)),
  );
  verbs.add(
    'campaign.extend',
    ref.extend({ deadline: optionalText(20) }),
    async (turn, d) => {
      const r = await extendFromCard(turn.deps, turn.actor, d);
      return follow(turn, r.view, r.error);
    },
    toFollow,
  );
  verbs.add('need.mine', ref, async (turn, d) => member(turn, await memberView(turn.deps, turn.actor, d.campaignId)));
  verbs.add(
    'need.new',
    ref,
    async (turn, d) => needForm((await needFormView(turn.deps, turn.actor, d)).campaign, {}),
    toInvite,
  );
  verbs.add(
    'need.edit',
    needRef,
    async (turn, d) => {
      const { campaign, need } = await needFormView(turn.deps, turn.actor, d);
      return needForm(campaign, need ? draftOfNeed(need) : {});
    },
    toInvite,
  );
  verbs.add('need.save', needData, save, toInvite, {
    fields: Object.keys(NEED_FIELD_LABELS),
    card: async (turn, typed, tooLong) => {
      const { campaignId = '', needId = '' } = typed;
      const { campaign } = await needFormView(turn.deps, turn.actor, { campaignId, needId });
      return needForm(campaign, typed, tooLong, needRefusal(tooLong, typed.submit !== 'false'));
    },
  });
  verbs.add(
    'need.withdraw',
    needRef,
    async (turn, d) => memberCard(turn, await withdrawNeedFromCard(turn.deps, turn.actor, d), 'Besoin retiré.'),
    toInvite,
  );
  verbs.add(
    'need.nothing',
    ref,
    async (turn, d) =>
      memberCard(
        turn,
        await declareNothingFromCard(turn.deps, turn.actor, d.campaignId),
        'Réponse « néant » enregistrée. Merci.',
      ),
    toInvite,
  );
  verbs.add(
    'need.answer',
    needRef.extend({ answer: optionalText(2000) }),
    async (turn, d) => {
      const r = await answerDetailsFromCard(turn.deps, turn.actor, d);
      return needNoticeCard(r.campaign, r.need, r.error ?? '');
    },
    toInvite,
  );
  verbs.add(
    'need.qualify',
    qualifyData,
    async (turn, d) => {
      const r = await qualifyFromCard(turn.deps, turn.actor, {
        campaignId: d.campaignId,
        needId: d.needId,
        q: qualificationOf(d),
      });
      return follow(turn, r.view, r.error);
    },
    toFollow,
  );
  verbs.add(
    'programme.build',
    ref,
    async (turn, d) => {
      const r = await buildProgrammeFromCard(turn.deps, turn.actor, d.campaignId);
      return r.kind === 'programme' ? programme(turn, r.view) : follow(turn, r.view, r.error);
    },
    toFollow,
  );
  verbs.add('programme.item', itemData, async (turn, d) => {
    const r = await editProgrammeItemFromCard(turn.deps, turn.actor, { ...d, today: todayOf(turn) });
    return programme(turn, r.view, r.error);
  });
  verbs.add('programme.submit', ref, async (turn, d) => {
    const view = await submitProgrammeFromCard(turn.deps, turn.actor, {
      campaignId: d.campaignId,
      programmeLink: linkFor(turn, 'programme', d.campaignId, 60),
      serviceUrl: turn.serviceUrl,
    });
    return programme(turn, view);
  });
}
