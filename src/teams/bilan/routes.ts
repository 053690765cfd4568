import { z } from 'zod';
import { consumptionPageLink } from '../../app/bilan/consumption-link';
import { bilanExportLinks } from '../../app/bilan/bilan-exports';
import { withLinkButtons } from '../doc-links';
import { ChartName, ChartScope, chartLink } from '../../app/bilan/chart-image';
import {
  consumptionChart,
  contractSavingsChart,
  memberConsumptionChart,
  memberSavingsChart,
  savingsChart,
} from '../../app/bilan/charts';
import { BarChart } from '../../app/bilan/ports';
import { centraleBilanView, contractBilanView, memberBilanView } from '../../app/bilan/queries';
import { centraleSavingsPerYear, contractSavingsPerYear } from '../../app/bilan/yearly';
import { requirePerson } from '../../app/identify-actor';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Member, referentMemberOf } from '../../domain/governance';
import { can } from '../../domain/permissions';
import { CardJson } from '../card-renderer';
import { CommandRequest, CommandRouter } from '../command-router';
import { Turn } from '../turn';
import { VerbRouter, backTo } from '../verb-router';
import { CardExtras, ChartImage, centraleBilanCard, contractBilanCard, memberBilanCard, notForYouCard } from './views';

/**
 * « bilan » / « bilan des marchés »: the centrale's bilan for those with `bilan.view`, a
 * référent's own commune otherwise; « bilan de ma commune » / « ce que ma commune a économisé »:
 * the commune's. The disputes' bilan stays at « bilan des litiges » (and the card's button).
 */

const windowKey = z.string().max(20).optional();
const centraleForm = z.object({ windowKey }).loose();
const contractForm = z.object({ contractId: z.string().min(1).max(200), windowKey }).loose();
const memberForm = z.object({ memberId: z.string().max(200).optional(), windowKey }).loose();

/** Whom the bilan des marchés is for, said to someone who is none of them: the way on is the disputes' bilan. */
const NOT_FOR_YOU =
  'Le bilan des marchés est réservé à la Direction Achats, aux coordinateurs, aux élus et aux directeurs ; un référent y voit sa commune. Tapez « bilan des litiges » pour le bilan des litiges, ou demandez un rôle à un administrateur de la centrale.';

/** The chart pictures stay readable from a card for as long as its documents' links. */
const CHART_LINK_MS = 30 * 86_400_000;

/**
 * The chart images of a card: each a signed link to its PNG (`bilan-graphique`, drawn from the
 * same review when opened) and the chart's words as its altText. The consumption chart only
 * when a supplier reported something in the window.
 */
function chartsFor(
  turn: Turn,
  scope: ChartScope,
  windowKey: string,
  charts: Array<[ChartName, BarChart | null]>,
): ChartImage[] {
  const centraleId = requirePerson(turn.actor).centraleId;
  const expiresAt = new Date(turn.deps.clock.now().getTime() + CHART_LINK_MS);
  return charts
    .filter((c): c is [ChartName, BarChart] => c[1] !== null)
    .map(([chart, model]) => ({
      url: chartLink(turn.deps, { centraleId, scope, windowKey, chart }, expiresAt),
      altText: model.altText,
    }));
}

const nameOf = (members: Member[]) => (id: string) => members.find((m) => m.id === id)?.name ?? id;

/**
 * The consumption import page of a contract (a page behind a personal signed link), for those
 * who manage the registry, in their personal chat; empty otherwise: the card then shows no
 * « Importer un relevé de consommation ».
 */
async function importUrlFor(turn: Turn, contractId: string): Promise<string> {
  // The page acts in this person's name: its link goes on a card in their personal chat only.
  if (turn.scope !== 'personal' || !can(requirePerson(turn.actor), 'registry.manage')) return '';
  return consumptionPageLink(turn.deps, turn.actor, contractId);
}

/** « bilan 2025 »: a window typed after the command (a year), else the default (the current local year). */
/** « bilan 2025 », « bilan sur la durée des marchés »: the window the sentence asks for. */
const typedWindow = (request: CommandRequest): string | undefined => {
  if (request.understood.year) return String(request.understood.year);
  if (/\bdur[ée]e\b/i.test(request.text)) return 'duree';
  return undefined;
};

export async function centraleCard(turn: Turn, key?: string): Promise<CardJson> {
  const view = await centraleBilanView(turn.deps, turn.actor, key);
  const r = view.review;
  const names = nameOf(view.data.members);
  const extras: CardExtras = {
    charts: r.contracts.length
      ? chartsFor(turn, 'centrale', r.window.key, [
          ['gains', savingsChart(r)],
          ['consommation', r.contracts.some((c) => c.reportedPeriods.length) ? consumptionChart(r, names) : null],
        ])
      : [],
  };
  if (view.review.window.key === 'duree') extras.perYear = await centraleSavingsPerYear(turn.deps, view);
  // The same bilan as documents: the PDF of record (kept at each change of its figures) and the workbook.
  const person = requirePerson(turn.actor);
  const exports = bilanExportLinks(turn.deps, person.centraleId, r.window.key, person.key);
  // No contract yet: no document to make of it.
  if (!view.data.contracts.length) return centraleBilanCard(view, extras);
  return withLinkButtons(centraleBilanCard(view, extras), [
    { type: 'Action.OpenUrl', title: 'Bilan des marchés (PDF)', url: exports.pdfUrl },
    { type: 'Action.OpenUrl', title: 'Bilan des marchés (XLSX)', url: exports.xlsxUrl },
  ]);
}

export async function contractCard(turn: Turn, contractId: string, key?: string): Promise<CardJson> {
  const view = await contractBilanView(turn.deps, turn.actor, contractId, key);
  const extras: CardExtras = {
    charts: chartsFor(turn, `marche:${contractId}`, view.review.window.key, [
      ['gains', contractSavingsChart(view.review, nameOf(view.data.members))],
      [
        'consommation',
        view.review.reportedPeriods.length ? consumptionChart(view.review, nameOf(view.data.members)) : null,
      ],
    ]),
    importUrl: await importUrlFor(turn, contractId),
  };
  if (view.review.window.key === 'duree') extras.perYear = await contractSavingsPerYear(turn.deps, view);
  return contractBilanCard(view, extras);
}

/** A commune's card: a référent's own whatever is asked; someone with `bilan.view` may name one. */
export async function memberCard(turn: Turn, memberId?: string, key?: string): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const own = referentMemberOf(person);
  if (!own && !can(person, 'bilan.view')) throw new DomainError(ErrorCode.Forbidden, NOT_FOR_YOU);
  const view = await memberBilanView(turn.deps, turn.actor, { memberId: memberId || undefined, windowKey: key });
  return memberBilanCard(view, {
    own: view.member.id === own,
    seesCentrale: can(person, 'bilan.view'),
    extras: {
      charts: view.review.contracts.length
        ? chartsFor(turn, `commune:${view.member.id}`, view.review.window.key, [
            ['gains', memberSavingsChart(view.review, view.member.name)],
            [
              'consommation',
              view.review.contracts.some((c) => Number(c.figures.consumedQuantity) > 0)
                ? memberConsumptionChart(view.review, view.member.name)
                : null,
            ],
          ])
        : [],
    },
  });
}

/** « bilan »: the centrale's for those who may see it, the commune's for a référent. */
async function naturalBilan(turn: Turn, key?: string): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  if (can(person, 'bilan.view')) return centraleCard(turn, key);
  if (referentMemberOf(person)) return memberCard(turn, undefined, key);
  throw new DomainError(ErrorCode.Forbidden, NOT_FOR_YOU);
}

/**
 * A typed command refused: the framework adds a way on to refused clicks only, so this card
 * carries its own (the disputes' bilan, open to everyone, and the help).
 */
async function typed(turn: Turn, answer: () => Promise<CardJson>): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  if (!can(person, 'bilan.view') && !referentMemberOf(person)) {
    turn.deps.log.info('turn refused', { verb: 'bilan', code: ErrorCode.Forbidden });
    return notForYouCard(NOT_FOR_YOU);
  }
  return answer();
}

/** « bilan de ma commune »: the commune's for a référent; the centrale's for someone with no commune who may see it. */
async function myCommune(turn: Turn, key?: string): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  if (referentMemberOf(person)) return memberCard(turn, undefined, key);
  return naturalBilan(turn, key);
}

export function registerBilan(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('bilan.view', (turn, request) => typed(turn, () => naturalBilan(turn, typedWindow(request))));
  commands.add('bilan.commune', (turn, request) => typed(turn, () => myCommune(turn, typedWindow(request))));
  // A référent pressing « Retour au bilan » (or an older card) gets their commune's.
  verbs.add('bilan.centrale', centraleForm, (turn, d) => naturalBilan(turn, d.windowKey));
  verbs.add(
    'bilan.contract',
    contractForm,
    (turn, d) => contractCard(turn, d.contractId, d.windowKey),
    // A référent pressing it gets their commune's bilan: « Retour au bilan » says both.
    backTo('Retour au bilan', 'bilan.centrale'),
  );
  verbs.add('bilan.member', memberForm, (turn, d) => memberCard(turn, d.memberId, d.windowKey));
}
