import { SurveyResults } from '../../app/surveys/queries';
import { Member } from '../../domain/governance';
import { LocalDate, addDays, formatLocalDate, frenchDateOf } from '../../domain/meetings/zoned-time';
import { Survey } from '../../domain/surveys/survey';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { count } from '../../domain/french-text';
import { NO_BACK } from '../back';

/** The survey a référent answers: what they typed stays on it, with the message after an answer. */
export function surveyCard(s: Survey, typed: Record<string, string> = {}, message = '', good = false): CardJson {
  return renderCard('survey.card', {
    surveyId: s.id,
    title: cardText(s.title),
    intro: `Vos réponses sont anonymes : le Comité Méthodes ne voit que les notes et les commentaires, jamais qui les a donnés. Date limite : ${frenchDateOf(s.deadline)}.`,
    questions: s.questions.map((q, i) => ({
      label: `${i + 1}. ${cardText(q)}`,
      ratingId: `note_${i}`,
      commentId: `commentaire_${i}`,
      rating: typed[`note_${i}`] ?? '',
      comment: typed[`commentaire_${i}`] ?? '',
    })),
    message: cardText(message),
    color: good ? 'Good' : 'Attention',
    open: !good,
  });
}

/** The form to send a survey, with what was typed (and why it was refused) when it comes back. */
export function surveyFormCard(
  members: Member[],
  opts: { draftId: string; today: LocalDate; values?: Record<string, string>; error?: string },
): CardJson {
  const { values = {}, error = '' } = opts;
  return renderCard('survey.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    draftId: opts.draftId,
    title: values.title ?? '',
    questions:
      values.questions ?? 'Qualité des marchés mutualisés\nAccompagnement par la centrale\nFacilité des démarches',
    targets: values.targets ?? '',
    members: members.map((m) => ({ title: cardText(m.name), value: m.id })),
    deadline: values.deadline || formatLocalDate(addDays(opts.today, 14)),
    error: cardText(error),
  });
}

export function resultsCard(r: SurveyResults): CardJson {
  return renderCard('survey.results', {
    surveyId: r.survey.id,
    title: cardText(r.survey.title),
    summary: `${count(r.responses, 'réponse', 'réponses')} (anonymes).`,
    questions: r.summary.map((q, i) => ({
      label: `${i + 1}. ${cardText(q.question)}`,
      figures:
        q.mean === null
          ? 'Pas encore de réponse.'
          : `Moyenne ${String(q.mean).replace('.', ',')}/5 sur ${q.answers} · ${q.distribution.map((n, k) => `${k + 1}★ ${n}`).join(' · ')}`,
      comments: q.comments.map((c) => `« ${cardText(c)} »`).join('\r'),
    })),
  });
}
