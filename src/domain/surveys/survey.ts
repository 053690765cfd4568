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
}

/** One answer, with no one's name: only the ratings and comments. */
export interface SurveyResponse {
  ratings: number[];
  comments: string[];
  at: string;
}

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
