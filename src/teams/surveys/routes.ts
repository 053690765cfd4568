import { randomUUID } from 'crypto';
import { z } from 'zod';
import { answerSurveyFromCard, openSurveyFromForm } from '../../app/surveys/card-steps';
import { surveyFormView, surveyResults } from '../../app/surveys/queries';
import { formatLocalDate } from '../../domain/meetings/zoned-time';
import { MAX_QUESTIONS } from '../../domain/surveys/survey';
import { CommandRouter } from '../command-router';
import { VerbRouter } from '../verb-router';
import { commaList, draftIdField, limitedText, lines, optionalText, todayOf } from '../form-fields';
import { NO_CONTRACT, resultsCard, surveyCard, surveyFormCard } from './views';

const openData = z.object({
  draftId: draftIdField,
  title: optionalText(200, 'Titre'),
  questions: optionalText(3000, 'Questions'),
  targets: optionalText(5000),
  deadline: optionalText(20),
  /** « Marché concerné »: a contract id, or « aucun »; older cards send none. */
  contractId: optionalText(200),
});

/** The survey card's fields: `note_<i>` and `commentaire_<i>` per question, whatever their number. */
const answerData = z.object({ surveyId: z.string().min(1).max(100) }).catchall(limitedText(1000, 'Commentaire'));

export function registerSurveys(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('survey.open', async (turn) =>
    surveyFormCard(await surveyFormView(turn.deps, turn.actor), { draftId: randomUUID(), today: todayOf(turn) }),
  );
  verbs.add(
    'survey.open',
    openData,
    async (turn, d) => {
      const today = todayOf(turn);
      const r = await openSurveyFromForm(turn.deps, turn.actor, {
        draftId: d.draftId,
        title: d.title,
        questions: lines(d.questions),
        targetMemberIds: commaList(d.targets),
        deadline: d.deadline,
        serviceUrl: turn.serviceUrl,
        today: formatLocalDate(today),
        ...(d.contractId && d.contractId !== NO_CONTRACT ? { contractId: d.contractId } : {}),
      });
      if (r.ok) return resultsCard(r.results);
      const { draftId, ...typed } = d;
      return surveyFormCard(r, { draftId: draftId || randomUUID(), today, values: typed, error: r.error });
    },
    undefined,
    {
      fields: ['title', 'questions'],
      card: async (turn, typed, tooLong) =>
        surveyFormCard(await surveyFormView(turn.deps, turn.actor), {
          draftId: typed.draftId || randomUUID(),
          today: todayOf(turn),
          values: typed,
          error: Object.values(tooLong).join(' '),
        }),
    },
  );
  verbs.add('survey.answer', answerData, async (turn, d) => {
    // Every question the survey may have: the use case reads as many as the survey has.
    const indices = Array.from({ length: MAX_QUESTIONS }, (_, i) => i);
    const r = await answerSurveyFromCard(turn.deps, turn.actor, {
      surveyId: d.surveyId,
      ratings: indices.map((i) => d[`note_${i}`]),
      comments: indices.map((i) => d[`commentaire_${i}`] ?? ''),
    });
    return surveyCard(r.survey, d, r.error ?? 'Merci : vos réponses anonymes sont enregistrées.', r.answered);
  });
  verbs.add('survey.results', z.object({ surveyId: z.string().min(1).max(100) }), async (turn, d) =>
    resultsCard(await surveyResults(turn.deps, turn.actor, d.surveyId)),
  );
}
