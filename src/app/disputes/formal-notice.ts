import { CATEGORIES, CONTRADICTORY_DAYS, Dispute, similarTo, similarWindow } from '../../domain/disputes/dispute';
import {
  DEFAULT_REQUESTS,
  FormalNoticeDraft,
  FormalNoticeErrors,
  defaultFactsSummary,
  groupedReports,
  observationsDeadline,
  observationsParagraph,
  penaltyParagraphs,
  validateFormalNotice,
} from '../../domain/disputes/formal-notice';
import { Contract, PurchaseFile } from '../../domain/disputes/registry';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Centrale, Member, Person } from '../../domain/governance';
import { DEFAULT_TIME_ZONE, localDay } from '../../domain/local-date';
import { frenchDay, localTimestamp, parseLocalDate } from '../../domain/meetings/zoned-time';
import { DocBlock, DocumentModel } from '../documents/model';
import { DocumentRecord } from '../documents/ports';
import { documentJournalLine, recordDocument } from '../documents/record-document';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { committeeSide } from './disputes';
import { handleDispute } from './handle-dispute';
import { CommitteeCardData } from './ports';

type Deps = Pick<
  AppDeps,
  | 'governance'
  | 'disputes'
  | 'outbox'
  | 'clock'
  | 'wake'
  | 'presenters'
  | 'disputeDelaysH'
  | 'documents'
  | 'documentRenderer'
>;

/** Who may sign: the file's coordinator, then the Direction Achats. */
export interface Signatory {
  key: string;
  name: string;
  role: string;
}

/** What the letter is made of, read once: the records it quotes. */
export interface FormalNoticeContext {
  dispute: Dispute;
  centrale: Centrale;
  file: PurchaseFile | null;
  contract: Contract | null;
  /** The dispute and the reports grouped with it (same contract and category, 30 days), oldest facts first. */
  reports: Dispute[];
  members: Member[];
  signatories: Signatory[];
  timeZone: string;
  /** This letter's version: one more than the letters already sent for the dispute. */
  version: number;
}

/** The review form: the letter's variable parts, the errors, and the letter as it would go. */
export interface FormalNoticeReview {
  context: FormalNoticeContext;
  draft: FormalNoticeDraft;
  errors: FormalNoticeErrors;
  preview: DocumentModel;
}

const UNKNOWN = () => new DomainError(ErrorCode.UnknownDispute, 'Ce litige est introuvable dans votre centrale.');

/** The history line of a sent letter (its status change), which counts the versions. */
const SENT_MARK = 'Mise en demeure envoyée (lettre, version ';
export const lettersSent = (d: Pick<Dispute, 'history'>) =>
  d.history.filter((h) => h.status === 'mise-en-demeure' && h.detail.startsWith(SENT_MARK)).length;

/** Reads what the letter quotes; only the dispute's committee may write it, and not twice. */
async function contextOf(
  deps: Deps,
  actor: Actor,
  ref: { fileId: string; disputeId: string },
): Promise<FormalNoticeContext> {
  const person = requirePerson(actor);
  const d = await deps.disputes.get(ref.fileId, ref.disputeId);
  if (!d || d.centraleId !== person.centraleId) throw UNKNOWN();
  const [committee, centrale, { file, contract }, people, members, candidates] = await Promise.all([
    deps.governance.getInstance(d.centraleId, d.committeeInstanceId),
    deps.governance.getCentrale(d.centraleId),
    deps.disputes.fileAndContract(d.centraleId, d.fileId, d.contractId),
    deps.governance.listPeople(d.centraleId),
    deps.governance.listMembers(d.centraleId),
    deps.disputes.similarCandidates(d.fileId, d.contractId, d.category, similarWindow(d).from, similarWindow(d).to),
  ]);
  if (!committee?.members.some((m) => m.personKey === person.key))
    throw new DomainError(
      ErrorCode.NotCommittee,
      `Seuls les membres du ${committee?.name ?? 'Comité Opérationnel'} traitent ce litige.`,
    );
  if (!centrale) throw UNKNOWN();
  const coordinator = people.find((p) => p.key === file?.coordinatorKey);
  const signatories: Signatory[] = [
    ...(coordinator ? [{ key: coordinator.key, name: coordinator.displayName, role: 'Coordination du dossier' }] : []),
    ...people
      .filter((p) => p.roles.includes('acheteur') && p.key !== coordinator?.key)
      .map((p: Person) => ({ key: p.key, name: p.displayName, role: 'Direction Achats' })),
  ];
  return {
    dispute: d,
    centrale,
    file,
    contract: contract?.id === d.contractId ? contract : null,
    reports: groupedReports(
      d,
      similarTo(d, candidates).filter((s) => s.centraleId === d.centraleId),
    ),
    members,
    signatories,
    timeZone: centrale.timeZone || DEFAULT_TIME_ZONE,
    version: lettersSent(d) + 1,
  };
}

/** The form's starting values: the category's request, the facts' summary, the coordinator as signatory. */
export function defaultDraft(c: FormalNoticeContext): FormalNoticeDraft {
  return {
    clause: '',
    request: DEFAULT_REQUESTS[c.dispute.category],
    facts: defaultFactsSummary(c.reports, CATEGORIES[c.dispute.category]),
    signatoryKey: c.signatories[0]?.key ?? '',
    place: '',
    supplierAddress: '',
  };
}

const nonEmptyLines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** « lot 1 », « lots 1, 2 », or the lots as named (« Lot 1 — papeterie »). */
const lotsOf = (lots: string[]) =>
  lots.every((l) => /^lot\b/i.test(l)) ? lots.join(', ') : `${lots.length > 1 ? 'lots' : 'lot'} ${lots.join(', ')}`;

/** A request as the end of « Nous vous mettons en demeure de : … »: a verb in lower case (not an acronym), a full stop. */
const asClause = (text: string) => {
  const t = text.trim();
  const lowered = /^\p{Lu}\p{Ll}/u.test(t) ? t[0]!.toLowerCase() + t.slice(1) : t;
  return /[.!?…]$/.test(lowered) ? lowered : `${lowered}.`;
};

/** The letter's file name, without extension (« mise-en-demeure-LIT-2026-0001-v1 »). */
export const formalNoticeBasename = (d: Pick<Dispute, 'ref'>, version: number) =>
  `mise-en-demeure-${d.ref}-v${version}`;
export const formalNoticeLabel = (version: number) => `Mise en demeure, version ${version}`;

/**
 * The letter: the centrale's letterhead, the supplier as addressee, place and date, object,
 * references, the recommended-letter mention, every grouped report with its date and reference,
 * the clause breached, the request, the 15 days with their last day, the penalty procedure, and
 * the signatory. Dates are the centrale's local ones at `sentAt`.
 */
export function formalNoticeModel(c: FormalNoticeContext, draft: FormalNoticeDraft, sentAt: Date): DocumentModel {
  const d = c.dispute;
  const today = parseLocalDate(localDay(sentAt, c.timeZone))!;
  const lastDay = observationsDeadline(sentAt, c.timeZone);
  const supplier = c.contract?.supplier ?? 'Titulaire du marché';
  const number = c.contract?.number ?? d.contractId;
  const contractTitle = c.contract?.title ?? '';
  const memberOf = (id: string) => c.members.find((m) => m.id === id)?.name ?? id;
  const signatory = c.signatories.find((s) => s.key === draft.signatoryKey);
  const refs = c.reports.map((r) => r.ref);
  const place = draft.place.trim();
  const communes = [...new Set(c.reports.map((r) => memberOf(r.memberId)))];
  const blocks: DocBlock[] = [
    { kind: 'address', lines: [supplier, ...nonEmptyLines(draft.supplierAddress)] },
    { kind: 'paragraph', align: 'right', text: `${place ? `${place}, le` : 'Le'} ${frenchDay(today)}` },
    {
      kind: 'facts',
      rows: [
        ['Objet', `Mise en demeure — marché n° ${number}${contractTitle ? ` (${contractTitle})` : ''}`],
        ...(c.file ? [['Dossier d’achat', c.file.title] as [string, string]] : []),
        ['Nos références', refs.join(', ')],
        ['Envoi', 'Lettre recommandée avec demande d’avis de réception'],
      ],
    },
    { kind: 'paragraph', text: 'Madame, Monsieur,' },
    {
      kind: 'paragraph',
      align: 'justify',
      text:
        `Votre société est titulaire du marché n° ${number}${contractTitle ? ` « ${contractTitle} »` : ''}` +
        `${c.contract?.lots.length ? ` (${lotsOf(c.contract.lots)})` : ''}, ` +
        `conclu par nos soins pour le compte de nos adhérents. Son exécution appelle de notre part la présente mise en demeure.`,
    },
    { kind: 'heading', text: 'Les faits', level: 2 },
    { kind: 'paragraph', align: 'justify', text: draft.facts.trim() },
    {
      kind: 'table',
      columns: [
        { header: 'Signalement', width: 1.75 },
        { header: 'Adhérent', width: 1.6 },
        { header: 'Faits du', width: 1.55 },
        { header: 'Référence', width: 1.6 },
        { header: 'Constat', width: 3.2 },
      ],
      rows: c.reports.map((r) => [
        r.ref,
        memberOf(r.memberId),
        frenchDay(parseLocalDate(r.factsDate) ?? today),
        r.reference || '—',
        r.description.length > 400 ? `${r.description.slice(0, 399)}…` : r.description,
      ]),
    },
    { kind: 'heading', text: 'La clause méconnue', level: 2 },
    {
      kind: 'paragraph',
      align: 'justify',
      text: `Ces faits constituent un manquement à vos obligations contractuelles, au regard de : ${draft.clause.trim()}.`.replace(
        /\.\.$/,
        '.',
      ),
    },
    { kind: 'heading', text: 'Ce que nous vous demandons', level: 2 },
    { kind: 'paragraph', align: 'justify', text: `Nous vous mettons en demeure de : ${asClause(draft.request)}` },
    { kind: 'heading', text: `Vos observations sous ${CONTRADICTORY_DAYS} jours`, level: 2 },
    { kind: 'paragraph', align: 'justify', text: observationsParagraph(lastDay) },
    { kind: 'heading', text: 'Pénalités', level: 2 },
    ...penaltyParagraphs().map((text): DocBlock => ({ kind: 'paragraph', align: 'justify', text })),
    {
      kind: 'paragraph',
      align: 'justify',
      text: 'Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
    },
    {
      kind: 'signatures',
      blocks: [{ role: signatory ? `${signatory.role}` : 'Le signataire', name: signatory?.name ?? '' }],
    },
    {
      kind: 'paragraph',
      small: true,
      text: `Copie : ${c.file ? `Comité Opérationnel du dossier « ${c.file.title} »` : 'Comité Opérationnel du dossier'} ; ${communes.length > 1 ? 'adhérents concernés' : 'adhérent concerné'} : ${communes.join(', ')}.`,
    },
  ];
  return {
    title: `Mise en demeure — marché n° ${number}${contractTitle ? ` (${contractTitle})` : ''}`,
    issuer: c.centrale.name,
    subtitle: `Nos réf. ${d.ref}${c.version > 1 ? ` (version ${c.version})` : ''} · lettre recommandée avec demande d’avis de réception`,
    blocks,
    footer: `${c.centrale.name} · mise en demeure, nos réf. ${d.ref}${c.version > 1 ? `, version ${c.version}` : ''} · établie le ${localTimestamp(sentAt, c.timeZone)}`,
    generatedAt: sentAt,
  };
}

/** Refused when the letter cannot go: already sent, or the dispute resolved. */
function checkOpen(d: Dispute) {
  if (d.status === 'resolu')
    throw new DomainError(ErrorCode.DisputeResolved, 'Ce litige est résolu : rouvrez-le d’abord.');
  if (d.status === 'mise-en-demeure')
    throw new DomainError(ErrorCode.AlreadyEscalated, 'La mise en demeure est déjà envoyée.');
}

/** « Mise en demeure » on the committee card: the form prefilled (or as typed), and the letter as it would go now. */
export async function reviewFormalNotice(
  deps: Deps,
  actor: Actor,
  input: { fileId: string; disputeId: string; typed?: FormalNoticeDraft },
): Promise<FormalNoticeReview> {
  const context = await contextOf(deps, actor, input);
  checkOpen(context.dispute);
  const draft = input.typed ?? defaultDraft(context);
  return { context, draft, errors: {}, preview: formalNoticeModel(context, draft, deps.clock.now()) };
}

export type SendResult =
  | { ok: false; review: FormalNoticeReview }
  | {
      ok: true;
      dispute: Dispute;
      committee: CommitteeCardData;
      documents: DocumentRecord[];
    };

/**
 * « Générer et envoyer »: the draft checked (a refusal returns the form as typed, nothing
 * written), the letter rendered to PDF and DOCX and kept with the dispute, its journal lines
 * written with the status change in one write, then the reporter and the committee told. A
 * second click finds the same version kept and the dispute already changed: one letter, one
 * status change.
 */
export async function sendFormalNotice(
  deps: Deps,
  actor: Actor,
  input: { fileId: string; disputeId: string; draft: FormalNoticeDraft },
): Promise<SendResult> {
  const person = requirePerson(actor);
  const context = await contextOf(deps, actor, input);
  const d = context.dispute;
  const now = deps.clock.now();
  const owner = { kind: 'litige' as const, id: d.id, fileId: d.fileId };
  if (d.status === 'mise-en-demeure') {
    // Already sent (a double click): the letter as kept, nothing changed.
    const kept = (await deps.documents.list(d.id)).filter(
      (r) => r.kind === 'mise-en-demeure' && r.version === lettersSent(d),
    );
    if (kept.length)
      return {
        ok: true,
        dispute: d,
        committee: (await committeeSide(deps, d)).card,
        documents: kept,
      };
  }
  checkOpen(d);
  const errors = validateFormalNotice(
    input.draft,
    context.signatories.map((s) => s.key),
  );
  if (Object.keys(errors).length)
    return {
      ok: false,
      review: { context, draft: input.draft, errors, preview: formalNoticeModel(context, input.draft, now) },
    };
  const recorded = await recordDocument(deps, {
    centraleId: d.centraleId,
    owner,
    kind: 'mise-en-demeure',
    version: context.version,
    label: formalNoticeLabel(context.version),
    basename: formalNoticeBasename(d, context.version),
    formats: ['pdf', 'docx'],
    by: person.key,
    model: formalNoticeModel(context, input.draft, now),
  });
  const records = recorded.map((r) => r.record);
  // The deadline is the letter's: counted from when it was generated (a retry finds the kept one).
  const sentAt = new Date(records[0]!.generatedAt);
  const journal = records.map((r) => documentJournalLine(r, context.timeZone));
  const screen = await handleDispute(deps, actor, {
    fileId: d.fileId,
    disputeId: d.id,
    action: {
      kind: 'mettre-en-demeure',
      text: `${input.draft.clause.trim()}`,
    },
    letter: { journal, version: context.version, at: sentAt, detail: `${SENT_MARK}${context.version})` },
  });
  return { ok: true, dispute: screen.dispute, committee: screen.committee, documents: records };
}
