import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Member } from '../../domain/governance';
import { QuestionSummary, Survey, summarize } from '../../domain/surveys/survey';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { METHODS } from './surveys';

type Deps = Pick<AppDeps, 'governance' | 'surveys'>;

/**
 * The adhérents the survey form offers as targets, for those who may send it only: the form is
 * refused up front, as sending it would be.
 */
export async function surveyFormView(deps: Deps, actor: Actor): Promise<{ members: Member[] }> {
  const person = requirePerson(actor);
  const methods = await deps.governance.getInstance(person.centraleId, METHODS);
  authorize(person, 'survey.manage', { instance: methods ?? undefined });
  return { members: await deps.governance.listMembers(person.centraleId) };
}

/** The anonymous results: how many answered, and per question the figures and comments. */
export interface SurveyResults {
  survey: Survey;
  responses: number;
  summary: QuestionSummary[];
}

export async function surveyResults(deps: Deps, actor: Actor, surveyId: string): Promise<SurveyResults> {
  const person = requirePerson(actor);
  const s = await deps.surveys.get(surveyId);
  if (!s || s.centraleId !== person.centraleId)
    throw new DomainError(ErrorCode.UnknownSurvey, 'Cette enquête est introuvable.');
  authorize(person, 'survey.manage', {
    instance: (await deps.governance.getInstance(person.centraleId, METHODS)) ?? undefined,
  });
  const responses = await deps.surveys.responses(s.id);
  return { survey: s, responses: responses.length, summary: summarize(s, responses) };
}
