import { SurveyPresenter } from '../../app/surveys/ports';
import { BotDeps } from '../turn';

/** The cards of surveys notices (see app/presenters.ts). */
export function surveyPresenter(_deps: Omit<BotDeps, 'presenters'>): SurveyPresenter {
  return {};
}
