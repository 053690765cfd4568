import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { delayEnd } from '../local-date';
import { formatEuros, parseEuros } from '../needs/money';
import { parseLocalDate, formatLocalDate, LocalDate } from '../meetings/zoned-time';

export const CATEGORIES = {
  retard: 'Retard de livraison ou de prestation',
  qualite: 'Non-conformité de qualité',
  facturation: 'Erreur de facturation ou de prix',
  defaillance: 'Défaillance de service',
  clause: 'Manquement à une clause sociale ou environnementale',
  administratif: 'Problème administratif',
  autre: 'Autre',
} as const;
export type Category = keyof typeof CATEGORIES;

export const SEVERITIES = { faible: 'Faible', moyenne: 'Moyenne', haute: 'Haute', critique: 'Critique' } as const;
export type Severity = keyof typeof SEVERITIES;

/** Time to take charge and to resolve, per severity (hours); configurable per centrale later. */
export const DEFAULT_DELAYS_H: Record<Severity, { takeCharge: number; resolve: number }> = {
  critique: { takeCharge: 4, resolve: 48 },
  haute: { takeCharge: 24, resolve: 7 * 24 },
  moyenne: { takeCharge: 72, resolve: 30 * 24 },
  faible: { takeCharge: 7 * 24, resolve: 60 * 24 },
};

/** The supplier's time to answer before penalties (CCAG 2021): 15 calendar days, the day of sending not counted. */
export const CONTRADICTORY_DAYS = 15;

export type DisputeStatus = 'nouveau' | 'pris-en-charge' | 'precisions-demandees' | 'mise-en-demeure' | 'resolu';
export const STATUS_LABELS: Record<DisputeStatus, string> = {
  nouveau: 'Nouveau',
  'pris-en-charge': 'Pris en charge',
  'precisions-demandees': 'Précisions demandées au déclarant',
  'mise-en-demeure': 'Mise en demeure envoyée (procédure de pénalités)',
  resolu: 'Résolu',
};

export interface Dispute {
  id: string;
  ref: string;
  centraleId: string;
  contractId: string;
  fileId: string;
  committeeInstanceId: string;
  reporterKey: string;
  memberId: string;
  category: Category;
  factsDate: string;
  reference: string;
  description: string;
  severity: Severity;
  links: string[];
  status: DisputeStatus;
  question: string;
  answer: string;
  actions: Array<{ at: string; by: string; text: string }>;
  /**
   * Penalty procedure: the last day (YYYY-MM-DD, the centrale's local date) of the supplier's
   * time to answer. Records written before held the instant (ISO) 15 × 24 h after sending.
   */
  contradictoryDeadline: string | null;
  resolution: string;
  /** Penalties applied to the supplier for this dispute (€ HT, cents), recorded at resolution; absent: none. */
  penaltyCents?: number;
  history: Array<{ at: string; by: string; status: DisputeStatus; detail: string }>;
  takenAt: string | null;
  resolvedAt: string | null;
  escalated: { takeCharge: boolean; resolve: boolean };
  createdAt: string;
}

export type DisputeDraft = {
  contractId: string;
  category: string;
  factsDate: string;
  reference: string;
  description: string;
  severity: string;
  links: string[];
};
export type DisputeErrors = Partial<
  Record<'contractId' | 'category' | 'factsDate' | 'description' | 'severity' | 'links', string>
>;

export function validateDispute(d: DisputeDraft, usable: string[], today: LocalDate): DisputeErrors {
  const e: DisputeErrors = {};
  if (!usable.includes(d.contractId)) e.contractId = 'Choisissez un marché que votre commune utilise.';
  if (!(d.category in CATEGORIES)) e.category = 'Choisissez la catégorie du problème.';
  if (!(d.severity in SEVERITIES)) e.severity = 'Choisissez la gravité.';
  const facts = parseLocalDate(d.factsDate);
  if (!facts) e.factsDate = 'Indiquez la date des faits.';
  else if (formatLocalDate(facts) > formatLocalDate(today))
    e.factsDate = 'La date des faits ne peut pas être dans le futur.';
  if (d.description.trim().length < 10) e.description = 'Décrivez le problème (10 caractères au moins).';
  const bad = d.links.find((l) => !/^https:\/\/\S+$/.test(l));
  if (bad) e.links = `Le lien « ${bad.slice(0, 60)} » n’est pas une adresse https:// valide.`;
  return e;
}

export type HandlingAction =
  | { kind: 'prendre' }
  | { kind: 'preciser'; question: string }
  | { kind: 'repondre'; answer: string }
  | { kind: 'action'; text: string }
  | { kind: 'mettre-en-demeure'; text: string }
  /** `penalty`: « Pénalités appliquées (€ HT) » as typed; empty or absent, none. */
  | { kind: 'resoudre'; text: string; penalty?: string }
  | { kind: 'rouvrir'; text: string };

/**
 * One step of the handling; returns the dispute as it becomes (and whether its status changed).
 * `timeZone`: the centrale's, where the supplier's delay is counted in days.
 */
export function handle(
  d: Dispute,
  a: HandlingAction,
  by: string,
  now: Date,
  timeZone: string,
): { dispute: Dispute; statusChanged: boolean } {
  const at = now.toISOString();
  const to = (status: DisputeStatus, detail: string, extra: Partial<Dispute> = {}) => ({
    dispute: { ...d, ...extra, status, history: [...d.history, { at, by, status, detail }] },
    statusChanged: status !== d.status,
  });
  const text = 'text' in a ? a.text.trim() : '';
  const closed = d.status === 'resolu';
  if (closed && a.kind !== 'rouvrir')
    throw new DomainError(ErrorCode.DisputeResolved, 'Ce litige est résolu : rouvrez-le d’abord.');
  switch (a.kind) {
    case 'prendre':
      if (d.status !== 'nouveau') throw new DomainError(ErrorCode.AlreadyTaken, 'Ce litige est déjà pris en charge.');
      return to('pris-en-charge', 'Pris en charge', { takenAt: at });
    case 'preciser':
      if (!a.question.trim())
        throw new DomainError(ErrorCode.QuestionRequired, 'Écrivez la question pour le déclarant.');
      return to('precisions-demandees', a.question.trim(), {
        question: a.question.trim(),
        answer: '',
        takenAt: d.takenAt ?? at,
      });
    case 'repondre':
      if (d.status !== 'precisions-demandees')
        throw new DomainError(ErrorCode.NoQuestion, 'Aucune précision n’est attendue sur ce litige.');
      if (!a.answer.trim())
        throw new DomainError(ErrorCode.AnswerRequired, 'Écrivez votre réponse avant de l’envoyer.');
      return to('pris-en-charge', `Réponse du déclarant : ${a.answer.trim()}`, { answer: a.answer.trim() });
    case 'action':
      if (!text) throw new DomainError(ErrorCode.ActionRequired, 'Décrivez l’action corrective.');
      return {
        dispute: {
          ...d,
          takenAt: d.takenAt ?? at,
          status: d.status === 'nouveau' ? 'pris-en-charge' : d.status,
          actions: [...d.actions, { at, by, text }],
          history: [
            ...d.history,
            {
              at,
              by,
              status: d.status === 'nouveau' ? 'pris-en-charge' : d.status,
              detail: `Action corrective : ${text}`,
            },
          ],
        },
        statusChanged: d.status === 'nouveau',
      };
    case 'mettre-en-demeure':
      if (d.status === 'mise-en-demeure')
        throw new DomainError(ErrorCode.AlreadyEscalated, 'La mise en demeure est déjà envoyée.');
      return to(
        'mise-en-demeure',
        `Mise en demeure${text ? ` : ${text}` : ''} — réponse du titulaire attendue sous ${CONTRADICTORY_DAYS} jours`,
        { takenAt: d.takenAt ?? at, contradictoryDeadline: delayEnd(now, CONTRADICTORY_DAYS, timeZone) },
      );
    case 'resoudre':
      if (!text) throw new DomainError(ErrorCode.ResolutionRequired, 'Rédigez la note de résolution.');
      return resolved(d, text, penaltyOf(a.penalty ?? ''), by, at);
    case 'rouvrir':
      if (!closed) throw new DomainError(ErrorCode.NotResolved, 'Ce litige n’est pas résolu.');
      if (!text) throw new DomainError(ErrorCode.ReasonRequired, 'Indiquez pourquoi le litige est rouvert.');
      return to('pris-en-charge', `Rouvert : ${text}`, { resolvedAt: null });
  }
}

/** « Pénalités appliquées (€ HT) » as typed: cents, or null when left empty; refused when not an amount. */
export function penaltyOf(raw: string): number | null {
  if (!raw.trim()) return null;
  const cents = parseEuros(raw);
  if (cents === null || cents < 0)
    throw new DomainError(
      ErrorCode.PenaltyInvalid,
      `Pénalités « ${raw.trim().slice(0, 30)} » non reconnues : écrivez un montant en euros HT, par exemple 500 ou 1 250,50, ou laissez vide.`,
    );
  return cents;
}

/**
 * Resolved, with the penalties applied if any: stored as `penaltyCents` and said in the
 * history. A resolution without penalties leaves none (after a reopening, the new resolution
 * says what was applied).
 */
function resolved(d: Dispute, text: string, penaltyCents: number | null, by: string, at: string) {
  const { penaltyCents: _before, ...rest } = d;
  const detail = penaltyCents ? `Résolu — pénalités appliquées : ${formatEuros(penaltyCents)}. ${text}` : text;
  return {
    dispute: {
      ...rest,
      ...(penaltyCents ? { penaltyCents } : {}),
      status: 'resolu' as const,
      resolution: text,
      resolvedAt: at,
      takenAt: d.takenAt ?? at,
      history: [...d.history, { at, by, status: 'resolu' as const, detail }],
    },
    statusChanged: d.status !== 'resolu',
  };
}

/** Reports this close in time, on the same contract and category, are one supplier problem. */
export const SIMILAR_WINDOW_DAYS = 30;

/** The period where reports similar to `d` are looked for (a bounded lookup in the file's partition). */
export function similarWindow(d: Pick<Dispute, 'createdAt'>, windowDays = SIMILAR_WINDOW_DAYS) {
  const t = Date.parse(d.createdAt);
  return {
    from: new Date(t - windowDays * 86_400_000).toISOString(),
    to: new Date(t + windowDays * 86_400_000).toISOString(),
  };
}

export type SimilarReport = Pick<Dispute, 'id' | 'ref' | 'memberId' | 'contractId' | 'category' | 'createdAt'>;

/** Reports on the same contract and category within 30 days: one supplier problem, many members. */
export function similarTo<T extends SimilarReport>(d: SimilarReport, all: T[], windowDays = SIMILAR_WINDOW_DAYS): T[] {
  const t = Date.parse(d.createdAt);
  return all.filter(
    (o) =>
      o.id !== d.id &&
      o.contractId === d.contractId &&
      o.category === d.category &&
      Math.abs(Date.parse(o.createdAt) - t) <= windowDays * 86_400_000,
  );
}
