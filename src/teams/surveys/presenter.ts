import { SurveyPresenter } from '../../app/surveys/ports';
import { asActivity } from '../replies';
import { BotDeps } from '../turn';
import { surveyCard } from './views';

/** The cards of surveys notices (see app/presenters.ts). */
export function surveyPresenter(_deps: Omit<BotDeps, 'presenters'>): SurveyPresenter {
  return {
    invitation: (s) => asActivity(surveyCard(s)),
    reminder: (s) => asActivity(surveyCard(s, {}, 'Rappel : l’enquête se termine bientôt.')),
  };
}
