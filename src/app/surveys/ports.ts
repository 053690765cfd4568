import { Survey, SurveyResponse } from '../../domain/surveys/survey';

export interface SurveyRepository {
  create(s: Survey): Promise<boolean>;
  get(id: string): Promise<Survey | null>;
  /** False when this respondent (an opaque token, not a name) already answered. */
  respond(surveyId: string, token: string, r: SurveyResponse): Promise<boolean>;
  hasResponded(surveyId: string, token: string): Promise<boolean>;
  responses(surveyId: string): Promise<SurveyResponse[]>;
}

/** The cards of surveys, built by the Teams layer (opaque activities here). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SurveyPresenter {}
