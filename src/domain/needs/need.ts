import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { LocalDate, formatLocalDate, parseLocalDate } from '../meetings/zoned-time';
import { Cents, parseEuros, parseQuantity } from './money';

/** A needs campaign (recensement des besoins) opened by a coordinator. */
export interface Campaign {
  id: string;
  centraleId: string;
  title: string;
  segments: string[];
  targetMemberIds: string[];
  /** Last day to answer (inclusive), in the centrale's time zone; moved by each extension. */
  deadline: string;
  /** The centrale's time zone when the campaign was opened: the deadline day ends at midnight there. */
  timeZone: string;
  /** Each « Prolonger » of the coordination, oldest first. */
  extensions: CampaignExtension[];
  /** When the closing timer closed it (null while open). */
  closedAt: string | null;
  instructions: string;
  /** The instance whose channel shows the progress card. */
  channelInstanceId: string | null;
  openedBy: string;
  status: 'ouverte' | 'close';
  serviceUrl: string | null;
  createdAt: string;
}

/** One extension of a campaign's deadline: who, when, from which day to which. */
export interface CampaignExtension {
  at: string;
  by: string;
  from: string;
  to: string;
}

export type NeedStatus = 'brouillon' | 'soumis' | 'precisions-demandees' | 'accepte' | 'fusionne' | 'rejete' | 'retire';
export const NEED_STATUS_LABELS: Record<NeedStatus, string> = {
  brouillon: 'brouillon (non envoyé)',
  soumis: 'envoyé, à qualifier',
  'precisions-demandees': 'précisions demandées',
  accepte: 'retenu',
  fusionne: 'fusionné',
  rejete: 'rejeté',
  retire: 'retiré',
};

export interface NeedFields {
  segment: string;
  description: string;
  quantity: string;
  unit: string;
  annualCents: Cents;
  totalCents: Cents;
  wishedStart: string;
  durationMonths: number;
  currentContractEnd: string | null;
  currentSupplier: string;
  currentPriceCents: Cents | null;
  constraints: string;
  clauses: string;
  commitment: 'indicative' | 'ferme';
}

export interface Need extends NeedFields {
  id: string;
  campaignId: string;
  memberId: string;
  status: NeedStatus;
  mergedInto: string | null;
  /** The coordinators' question when details are asked, and the member's answer. */
  question: string;
  answer: string;
  history: Array<{ at: string; by: string; action: string; detail: string }>;
  createdBy: string;
  updatedAt: string;
}

/** What the form sends, as typed. */
export type NeedDraft = Record<
  | 'segment'
  | 'description'
  | 'quantity'
  | 'unit'
  | 'annual'
  | 'total'
  | 'wishedStart'
  | 'duration'
  | 'currentContractEnd'
  | 'currentSupplier'
  | 'currentPrice'
  | 'constraints'
  | 'clauses'
  | 'commitment',
  string
>;
export type NeedErrors = Partial<Record<keyof NeedDraft, string>>;

/** The form says it too (need.form.json's errorMessage): the same words on the card and from the server. */
export const DURATION_ERROR = 'Indiquez la durée en mois : un nombre entier de 1 à 120.';
/** A new need's duration, as the form proposes it: a usual one-year contract. */
export const DEFAULT_DURATION_MONTHS = 12;

/** Checks a need against the campaign; errors per field, in French. Drafts may be incomplete. */
export function validateNeed(
  d: NeedDraft,
  campaign: Campaign,
  today: LocalDate,
  complete: boolean,
): { ok: true; fields: NeedFields } | { ok: false; errors: NeedErrors } {
  const errors: NeedErrors = {};
  const need = (field: keyof NeedDraft, message: string) => {
    if (complete && !d[field].trim()) errors[field] = message;
  };
  if (d.segment && !campaign.segments.includes(d.segment))
    errors.segment = 'Ce segment ne fait pas partie de la campagne : choisissez dans la liste.';
  need('segment', 'Choisissez le segment (famille d’achat).');
  need('description', 'Décrivez le besoin en quelques mots.');
  need('quantity', 'Indiquez la quantité estimée.');
  need('unit', 'Indiquez l’unité (pièces, repas, jours…).');
  need('annual', 'Indiquez le montant annuel estimé HT.');
  need('total', 'Indiquez le montant total estimé HT sur toute la durée.');
  need('wishedStart', 'Indiquez la date de début souhaitée.');
  need('duration', DURATION_ERROR);
  const quantity = d.quantity.trim() ? parseQuantity(d.quantity) : '';
  if (quantity === null) errors.quantity = 'La quantité doit être un nombre positif (par exemple 1 200 ou 12,5).';
  const money = (field: 'annual' | 'total' | 'currentPrice') => {
    if (!d[field].trim()) return null;
    const v = parseEuros(d[field]);
    if (v === null) errors[field] = 'Montant non reconnu : écrivez par exemple 12 345,67.';
    else if (v < 0) errors[field] = 'Un montant ne peut pas être négatif.';
    return v;
  };
  const annual = money('annual');
  const total = money('total');
  const currentPrice = money('currentPrice');
  if (annual !== null && total !== null && annual >= 0 && total >= 0 && total < annual)
    errors.total = 'Le montant total (toute la durée) ne peut être inférieur au montant annuel.';
  const start = d.wishedStart.trim() ? parseLocalDate(d.wishedStart.trim()) : null;
  if (d.wishedStart.trim() && !start) errors.wishedStart = 'Date de début non valide.';
  else if (start && formatLocalDate(start) <= formatLocalDate(today))
    errors.wishedStart = 'La date de début souhaitée est passée : choisissez une date à venir.';
  const duration = d.duration.trim() ? Number(d.duration) : 0;
  if (d.duration.trim() && (!Number.isInteger(duration) || duration < 1 || duration > 120))
    errors.duration = DURATION_ERROR;
  const end = d.currentContractEnd.trim() ? parseLocalDate(d.currentContractEnd.trim()) : null;
  if (d.currentContractEnd.trim() && !end) errors.currentContractEnd = 'Date de fin du contrat actuel non valide.';
  if (d.commitment && !['indicative', 'ferme'].includes(d.commitment))
    errors.commitment = 'Choisissez indicatif ou ferme.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      segment: d.segment,
      description: d.description.trim(),
      quantity: quantity || '',
      unit: d.unit.trim(),
      annualCents: annual ?? 0,
      totalCents: total ?? 0,
      wishedStart: start ? formatLocalDate(start) : '',
      durationMonths: duration,
      currentContractEnd: end ? formatLocalDate(end) : null,
      currentSupplier: d.currentSupplier.trim(),
      currentPriceCents: currentPrice,
      constraints: d.constraints.trim(),
      clauses: d.clauses.trim(),
      commitment: d.commitment === 'ferme' ? 'ferme' : 'indicative',
    },
  };
}

/** Members edit or withdraw a need only while it waits for qualification. */
export function assertEditable(n: Need) {
  if (!['brouillon', 'soumis', 'precisions-demandees'].includes(n.status)) {
    throw new DomainError(
      ErrorCode.NeedQualified,
      `Ce besoin est ${NEED_STATUS_LABELS[n.status]} : il ne peut plus être modifié. Écrivez à la coordination si besoin.`,
    );
  }
}

export type Qualification =
  | { action: 'accepter' }
  | { action: 'preciser'; question: string }
  | { action: 'fusionner'; intoId: string }
  | { action: 'rejeter'; reason: string };

/**
 * A coordinator's step on a submitted need; returns the need as it becomes. `into` is the need
 * merged into (fusionner), `by` the coordinator's key.
 */
export function qualify(n: Need, q: Qualification, context: { into: Need | null; by: string; now: Date }): Need {
  const { into, by, now } = context;
  if (n.status !== 'soumis')
    throw new DomainError(
      ErrorCode.NeedNotSubmitted,
      `Ce besoin est ${NEED_STATUS_LABELS[n.status]} : seule une demande envoyée se qualifie.`,
    );
  const step = (status: NeedStatus, action: string, detail: string, extra: Partial<Need> = {}): Need => ({
    ...n,
    ...extra,
    status,
    history: [...n.history, { at: now.toISOString(), by, action, detail }],
    updatedAt: now.toISOString(),
  });
  switch (q.action) {
    case 'accepter':
      return step('accepte', 'accepté', '');
    case 'preciser':
      if (!q.question.trim())
        throw new DomainError(ErrorCode.QuestionRequired, 'Écrivez la précision demandée : le membre la recevra.');
      return step('precisions-demandees', 'précisions demandées', q.question.trim(), {
        question: q.question.trim(),
        answer: '',
      });
    case 'rejeter':
      if (!q.reason.trim())
        throw new DomainError(ErrorCode.ReasonRequired, 'Indiquez la raison du rejet : le membre en sera informé.');
      return step('rejete', 'rejeté', q.reason.trim());
    case 'fusionner':
      if (!into || into.id === n.id)
        throw new DomainError(ErrorCode.MergeTarget, 'Choisissez un autre besoin avec lequel fusionner.');
      if (into.segment !== n.segment)
        throw new DomainError(ErrorCode.MergeSegment, 'On ne fusionne que des besoins du même segment.');
      if (!['soumis', 'accepte'].includes(into.status))
        throw new DomainError(ErrorCode.MergeTargetStatus, 'Le besoin cible doit être envoyé ou retenu.');
      return step('fusionne', 'fusionné', `avec ${into.id}`, { mergedInto: into.id });
  }
}
