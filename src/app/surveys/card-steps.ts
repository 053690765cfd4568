import { ErrorCode } from '../../domain/error-codes';
import { isDomainError } from '../../domain/errors';
import { Survey } from '../../domain/surveys/survey';
import { Actor } from '../identify-actor';
import { AppDeps } from '../ports';
import { SurveyFormView, SurveyResults, surveyFormView, surveyResults } from './queries';
import { OpenSurveyInput, answerSurvey, openSurvey } from './surveys';

/** What a survey card action leads to: the use case, then the data of the card that answers it. */
type Deps = Pick<
  AppDeps,
  'governance' | 'surveys' | 'disputes' | 'respondents' | 'outbox' | 'clock' | 'wake' | 'timers' | 'presenters'
>;

/** Sent, the results card (empty yet); refused as typed, the form again with why. */
export async function openSurveyFromForm(
  deps: Deps,
  actor: Actor,
  input: OpenSurveyInput,
): Promise<{ ok: true; results: SurveyResults } | ({ ok: false; error: string } & SurveyFormView)> {
  try {
    const s = await openSurvey(deps, actor, input);
    return { ok: true, results: await surveyResults(deps, actor, s.id) };
  } catch (e) {
    if (!isDomainError(e) || e.code !== ErrorCode.SurveyInvalid) throw e;
    return { ok: false, ...(await surveyFormView(deps, actor)), error: e.userMessage };
  }
}

/**
 * A référent's answer, on the survey's card: the card again with the refusal (or the thanks).
 * `answered` is true once an answer is stored, whether now or before.
 */
export async function answerSurveyFromCard(
  deps: Deps,
  actor: Actor,
  input: { surveyId: string; ratings: Array<string | undefined>; comments: string[] },
): Promise<{ survey: Survey; error: string | null; answered: boolean }> {
  try {
    return { survey: await answerSurvey(deps, actor, input), error: null, answered: true };
  } catch (e) {
    const s = await deps.surveys.get(input.surveyId);
    if (!isDomainError(e) || !s || e.code === ErrorCode.UnknownSurvey) throw e;
    return { survey: s, error: e.userMessage, answered: e.code === ErrorCode.AlreadyAnswered };
  }
}
