import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';

/** A satisfaction survey of the members by the Comité Méthodes: ratings 1–5 and comments, anonymous. */
export interface Survey {
  id: string;
  centraleId: string;
  title: string;
  questions: string[];
  targetMemberIds: string[];
  deadline: string;
  createdBy: string;
  serviceUrl: string | null;
  createdAt: string;
  /** How many référents it was sent to (the response rate's base); absent on older surveys. */
  surveyedCount?: number;
  /** The anonymity threshold it was opened with (`anonymityThreshold`); absent: the default. */
  anonymityThreshold?: number;
  /** The contract it asks about (the bilan's satisfaction per contract); absent: the centrale in general. */
  contractId?: string | null;
}

/** One answer, with no one's name: only the ratings and comments. */
export interface SurveyResponse {
  ratings: number[];
  comments: string[];
  at: string;
}

/** The rating scale, labelled on the form and on the results. */
export const SCALE_LABELS: Record<1 | 2 | 3 | 4 | 5, string> = {
  1: 'Pas du tout satisfait',
  2: 'Peu satisfait',
  3: 'Moyennement satisfait',
  4: 'Satisfait',
  5: 'Très satisfait',
};
export const SCALE = [1, 2, 3, 4, 5] as const;
/** « 4 — Satisfait » */
export const scaleLabel = (n: (typeof SCALE)[number]): string => `${n} — ${SCALE_LABELS[n]}`;

/**
 * Anonymity threshold: under this many answers, the results give only their number and the
 * response rate — no marks per question, no comment — since with one or two answers the
 * organisers would read one person's marks and words, and could often tell whose. 3 by default; a centrale may set its own (`surveyAnonymityThreshold`
 * in its governance map), from 2 to 20. A survey keeps the threshold it was opened with.
 */
export const DEFAULT_ANONYMITY_THRESHOLD = 3;
export const MIN_ANONYMITY_THRESHOLD = 2;
export const MAX_ANONYMITY_THRESHOLD = 20;

/** The threshold a centrale's setting gives (the default when absent or out of range). */
export function anonymityThreshold(setting: number | undefined | null): number {
  return typeof setting === 'number' &&
    Number.isInteger(setting) &&
    setting >= MIN_ANONYMITY_THRESHOLD &&
    setting <= MAX_ANONYMITY_THRESHOLD
    ? setting
    : DEFAULT_ANONYMITY_THRESHOLD;
}

/** Whether the detail per question (marks, comments) may be shown for this many answers. */
export const detailShown = (answers: number, threshold: number): boolean => answers >= anonymityThreshold(threshold);

/** Answers over people asked, in whole percent (null when nobody was asked). */
export const responseRate = (answers: number, asked: number): number | null =>
  asked > 0 ? Math.round((answers / asked) * 100) : null;

/** Questions per survey, at most (a card form stays short). */
export const MAX_QUESTIONS = 10;

export function checkSurvey(input: { title: string; questions: string[]; deadline: string }, today: string): void {
  const errors: string[] = [];
  if (!input.title.trim()) errors.push('Donnez un titre à l’enquête.');
  if (input.questions.length === 0) errors.push('Écrivez au moins une question, une par ligne.');
  if (input.questions.length > MAX_QUESTIONS) errors.push('Dix questions au plus.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || input.deadline <= today)
    errors.push('Choisissez une date limite à venir.');
  if (errors.length) throw new DomainError(ErrorCode.SurveyInvalid, errors.join(' '));
}

export function checkResponse(
  s: Survey,
  ratings: Array<string | undefined>,
  comments: string[],
): SurveyResponse['ratings'] {
  return s.questions.map((q, i) => {
    const r = Number(ratings[i]);
    if (!Number.isInteger(r) || r < 1 || r > 5)
      throw new DomainError(ErrorCode.RatingRequired, `Donnez une note de 1 à 5 à la question ${i + 1} (« ${q} »).`);
    if ((comments[i] ?? '').length > 1000)
      throw new DomainError(
        ErrorCode.CommentTooLong,
        `Le commentaire de la question ${i + 1} dépasse 1 000 caractères.`,
      );
    return r;
  });
}

export interface QuestionSummary {
  question: string;
  answers: number;
  mean: number | null;
  distribution: number[];
  comments: string[];
}

/** Per question: number of answers, mean rating (one decimal), distribution of 1..5, comments. */
export function summarize(s: Survey, responses: SurveyResponse[]): QuestionSummary[] {
  return s.questions.map((question, i) => {
    const ratings = responses.map((r) => r.ratings[i]!).filter((r) => r >= 1 && r <= 5);
    return {
      question,
      answers: ratings.length,
      mean: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 10) / 10 : null,
      distribution: [1, 2, 3, 4, 5].map((n) => ratings.filter((r) => r === n).length),
      comments: responses.map((r) => (r.comments[i] ?? '').trim()).filter(Boolean),
    };
  });
}
