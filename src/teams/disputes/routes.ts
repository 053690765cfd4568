import { z } from 'zod';
import { actOnDispute } from '../../app/disputes/handle-dispute';
import { disputeBilanView, disputeFormData } from '../../app/disputes/queries';
import { addContract, addPurchaseFile, registryView } from '../../app/disputes/registry-view';
import { reportDispute } from '../../app/disputes/report-dispute';
import { zoneOf } from '../../app/time-zone';
import { HandlingAction } from '../../domain/disputes/dispute';
import { CardJson } from '../card-renderer';
import { CommandRequest, CommandRouter } from '../command-router';
import { namedContractId, saidMore } from '../language/prefill';
import { commaList, lines, todayOf } from '../form-fields';
import { Turn } from '../turn';
import { VerbRouter, backTo } from '../verb-router';
import { myDisputesCard } from './my-disputes';
import { viewDispute } from '../../app/disputes/my-disputes';
import { bilanCard } from './bilan-view';
import {
  ActForm,
  NoticeSendForm,
  ReportForm,
  actForm,
  contractForm,
  fileForm,
  noticeReviewForm,
  noticeSendForm,
  reportForm,
} from './forms';
import { reviewFormalNotice, sendFormalNotice } from '../../app/disputes/formal-notice';
import { FormalNoticeDraft } from '../../domain/disputes/formal-notice';
import { documentButtons } from '../documents';
import { formalNoticeCard } from './notice-views';
import { withLinkButtons } from '../doc-links';
import { requirePerson } from '../../app/identify-actor';
import { registryCard, reportFormCard } from './form-views';
import { committeeCard, reportedCard, reporterCard } from './views';

const disputeRef = z.object({ fileId: z.string().min(1).max(200), disputeId: z.string().min(1).max(200) });

/** « signaler un problème sur le marché 2025-001 : … »: the form, with that contract and those words. */
async function newReport(turn: Turn, request?: CommandRequest): Promise<CardJson> {
  const { contracts } = await disputeFormData(turn.deps, turn.actor);
  const named = request && namedContractId(request);
  // Only a contract the person may report on (their commune orders on it) is chosen for them.
  const contractId = contracts.find((c) => c.id === named)?.id;
  const description = request && saidMore(request);
  return reportFormCard(contracts, todayOf(turn), {
    ...(contractId ? { contractId } : {}),
    ...(description ? { description } : {}),
  });
}

async function report(turn: Turn, data: ReportForm): Promise<CardJson> {
  const { draftId, ...typed } = data;
  const today = todayOf(turn);
  const result = await reportDispute(turn.deps, turn.actor, {
    draft: { ...typed, links: lines(typed.links) },
    serviceUrl: turn.serviceUrl,
    today,
    draftId,
  });
  if (!result.ok)
    return reportFormCard(result.contracts, today, { ...typed, ...(draftId ? { draftId } : {}) }, result.errors);
  return reportedCard(result.dispute, result.contract, zoneOf(turn.actor));
}

const actionOf = (d: ActForm): HandlingAction =>
  d.kind === 'prendre'
    ? { kind: 'prendre' }
    : d.kind === 'preciser'
      ? { kind: 'preciser', question: d.text }
      : d.kind === 'repondre'
        ? { kind: 'repondre', answer: d.text }
        : d.kind === 'resoudre'
          ? { kind: 'resoudre', text: d.text, penalty: d.penalty }
          : { kind: d.kind, text: d.text };

/** The reporter answering gets their card back; a committee member, the committee's. */
async function act(turn: Turn, d: ActForm): Promise<CardJson> {
  // A mise en demeure goes with its letter: an older card's « Mise en demeure » opens the review.
  if (d.kind === 'mettre-en-demeure')
    return formalNoticeCard(
      await reviewFormalNotice(turn.deps, turn.actor, { fileId: d.fileId, disputeId: d.disputeId }),
    );
  const screen = await actOnDispute(turn.deps, turn.actor, {
    fileId: d.fileId,
    disputeId: d.disputeId,
    action: actionOf(d),
  });
  return d.kind === 'repondre'
    ? reporterCard(screen.dispute, screen.committee.contract, screen.committee.timeZone, screen.error)
    : committeeCard(
        screen.dispute,
        screen.committee,
        screen.error,
        documentButtons(turn.deps, screen.committee.documents ?? []),
        // Refused (an unreadable penalty): what was typed stays in « Résoudre ».
        screen.error && d.kind === 'resoudre' ? { text: d.text, penalty: d.penalty ?? '' } : undefined,
      );
}

const draftOf = (d: NoticeSendForm): FormalNoticeDraft => ({
  clause: d.clause,
  request: d.request,
  facts: d.facts,
  signatoryKey: d.signatoryKey,
  place: d.place,
  supplierAddress: d.supplierAddress,
});

/** « Mise en demeure » on the committee card: the letter's review form, prefilled (or as typed, its preview updated). */
async function reviewNotice(turn: Turn, d: z.infer<typeof noticeReviewForm>): Promise<CardJson> {
  const review = await reviewFormalNotice(turn.deps, turn.actor, {
    fileId: d.fileId,
    disputeId: d.disputeId,
    ...(d.typed ? { typed: draftOf(d) } : {}),
  });
  return formalNoticeCard(review);
}

/** « Générer et envoyer »: the form back with its errors (as typed), or the committee card with the letter's buttons. */
async function sendNotice(turn: Turn, d: NoticeSendForm): Promise<CardJson> {
  const r = await sendFormalNotice(turn.deps, turn.actor, {
    fileId: d.fileId,
    disputeId: d.disputeId,
    draft: draftOf(d),
  });
  if (!r.ok)
    return formalNoticeCard(
      r.review,
      'La lettre n’est pas envoyée : corrigez les champs signalés, votre saisie est gardée.',
    );
  return committeeCard(r.dispute, r.committee, '', documentButtons(turn.deps, r.documents));
}

// h54: the bilan's workbook (per contract, per supplier), for the centrale, behind a day's signed link.
const bilan = async (turn: Turn) =>
  withLinkButtons(bilanCard(await disputeBilanView(turn.deps, turn.actor)), [
    {
      type: 'Action.OpenUrl',
      title: 'Bilan des litiges (XLSX)',
      url: turn.deps.links.url(
        'bilan-xlsx',
        requirePerson(turn.actor).centraleId,
        new Date(turn.deps.clock.now().getTime() + 86_400_000),
      ),
    },
  ]);

export function registerDisputes(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('dispute.report', (turn, request) => newReport(turn, request));
  commands.add('registry.view', async (turn) => registryCard(await registryView(turn.deps, turn.actor)));
  // « bilan » alone is the bilan des marchés (src/teams/bilan); the disputes' is « bilan des litiges ».
  commands.add('disputes.bilan', (turn) => bilan(turn));
  commands.add('disputes.mine', (turn) => myDisputesCard(turn));
  verbs.add('dispute.report', reportForm, report, undefined, {
    fields: ['reference', 'description', 'links'],
    card: async (turn, typed, tooLong) =>
      reportFormCard((await disputeFormData(turn.deps, turn.actor)).contracts, todayOf(turn), typed, tooLong),
  });
  verbs.add('dispute.act', actForm, act, backTo('Revenir au litige', 'dispute.view', 'fileId', 'disputeId'));
  // h53: the mise en demeure's letter, reviewed then sent.
  const backToDispute = backTo('Revenir au litige', 'dispute.view', 'fileId', 'disputeId');
  verbs.add('dispute.notice.review', noticeReviewForm, reviewNotice, backToDispute);
  verbs.add('dispute.notice.send', noticeSendForm, sendNotice, backToDispute);
  verbs.add('dispute.view', disputeRef, async (turn, d) => {
    const v = await viewDispute(turn.deps, turn.actor, d);
    return v.as === 'committee'
      ? committeeCard(v.dispute, v.committee, '', documentButtons(turn.deps, v.committee.documents ?? []))
      : reporterCard(v.dispute, v.committee.contract, v.committee.timeZone);
  });
  verbs.add('disputes.bilan', z.object({}).loose(), (turn) => bilan(turn));
  verbs.add('registry.file.save', fileForm, async (turn, d) => {
    const r = await addPurchaseFile(turn.deps, turn.actor, { ...d, memberKeys: commaList(d.memberKeys) });
    return registryCard(
      r.view,
      r.saved
        ? `Dossier « ${r.saved.title} » créé, avec son Comité Opérationnel. Pour lui lier un canal, mentionnez-moi dans le canal choisi et tapez « lier ».`
        : '',
      r.error,
      { file: d },
    );
  });
  verbs.add('registry.contract.save', contractForm, async (turn, d) => {
    const r = await addContract(turn.deps, turn.actor, {
      ...d,
      lots: commaList(d.lots),
      memberIds: commaList(d.memberIds),
    });
    return registryCard(r.view, r.saved ? `Marché ${r.saved.number} enregistré.` : '', r.error, { contract: d });
  });
}
