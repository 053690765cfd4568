import { Survey, SurveyResponse } from '../../domain/surveys/survey';

export interface SurveyRepository {
  create(s: Survey): Promise<boolean>;
  get(id: string): Promise<Survey | null>;
  /** False when this respondent (an opaque token, not a name) already answered. */
  respond(surveyId: string, token: string, r: SurveyResponse): Promise<boolean>;
  hasResponded(surveyId: string, token: string): Promise<boolean>;
  responses(surveyId: string): Promise<SurveyResponse[]>;
  /** The centrale's surveys about a contract (the bilan's satisfaction): a query across surveys, never on a hot path. */
  listAboutContracts(centraleId: string): Promise<Survey[]>;
}

/** The cards of surveys, built by the Teams layer (opaque activities here). */
export interface SurveyPresenter {
  /** To each référent: the survey to answer on the card. */
  invitation(s: Survey): Record<string, unknown>;
  /** The same card, again, to those who have not answered before the deadline. */
  reminder(s: Survey): Record<string, unknown>;
}
