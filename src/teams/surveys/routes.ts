import { randomUUID } from 'crypto';
import { z } from 'zod';
import { SURVEY_REMINDER_JOB, answerSurvey, openSurvey, remindSurvey, surveyResults } from '../../app/surveys/surveys';
import { requirePerson } from '../../app/identify-actor';
import { isDomainError } from '../../domain/errors';
import { addDays, formatLocalDate, frenchDateOf } from '../../domain/meetings/zoned-time';
import { Survey } from '../../domain/surveys/survey';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { asActivity } from '../replies';
import { BotDeps, Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { commaList, draftIdField, lines, optionalText, todayOf } from '../form-fields';


export function surveyCard(s: Survey, typed: Record<string, string> = {}, message = '', good = false): CardJson {
  return renderCard('survey.card', {
    surveyId: s.id,
    title: cardText(s.title),
    intro: `Vos réponses sont anonymes : le Comité Méthodes ne voit que les notes et les commentaires, jamais qui les a donnés. Date limite : ${frenchDateOf(s.deadline)}.`,
    questions: s.questions.map((q, i) => ({ label: cardText(`${i + 1}. ${q}`), ratingId: `note_${i}`, commentId: `commentaire_${i}`, rating: typed[`note_${i}`] ?? '', comment: typed[`commentaire_${i}`] ?? '' })),
    message: cardText(message),
    color: good ? 'Good' : 'Attention',
    open: !good,
  });
}

async function form(turn: Turn, values: Record<string, string> = {}, error = ''): Promise<CardJson> {
  const members = await turn.deps.governance.listMembers(requirePerson(turn.actor).centraleId);
  return renderCard('survey.form', {
    draftId: values.draftId || randomUUID(),
    title: values.title ?? '',
    questions: values.questions ?? 'Qualité des marchés mutualisés\nAccompagnement par la centrale\nFacilité des démarches',
    targets: values.targets ?? '',
    members: members.map((m) => ({ title: cardText(m.name), value: m.id })),
    deadline: values.deadline || formatLocalDate(addDays(todayOf(turn), 14)),
    error: cardText(error),
  });
}

async function results(turn: Turn, surveyId: string): Promise<CardJson> {
  const r = await surveyResults(turn.deps, turn.actor, surveyId);
  return renderCard('survey.results', {
    surveyId,
    title: cardText(r.survey.title),
    summary: `${r.responses} réponse${r.responses > 1 ? 's' : ''} (anonymes).`,
    questions: r.summary.map((q, i) => ({
      label: cardText(`${i + 1}. ${q.question}`),
      figures: q.mean === null ? 'Pas encore de réponse.' : `Moyenne ${String(q.mean).replace('.', ',')}/5 sur ${q.answers} · ${q.distribution.map((n, k) => `${k + 1}★ ${n}`).join(' · ')}`,
      comments: q.comments.map((c) => `« ${cardText(c)} »`).join('\r'),
    })),
  });
}


export function registerSurveys(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['enquête', 'enquete'], async (turn) => turn.reply(await form(turn)));
  verbs.add('survey.open', z.object({ draftId: draftIdField, title: optionalText(200), questions: optionalText(3000), targets: optionalText(5000), deadline: optionalText(20) }), async (turn, d) => {
    try {
      const s = await openSurvey(
        turn.deps,
        turn.actor,
        { draftId: d.draftId, title: d.title, questions: lines(d.questions), targetMemberIds: commaList(d.targets), deadline: d.deadline },
        (x) => asActivity(surveyCard(x)),
        turn.serviceUrl,
        formatLocalDate(todayOf(turn)),
      );
      return results(turn, s.id);
    } catch (e) {
      if (isDomainError(e) && e.code === 'survey-invalid') return form(turn, { ...d, draftId: d.draftId ?? '' }, e.userMessage);
      throw e;
    }
  });
  verbs.add('survey.answer', z.object({ surveyId: z.string().min(1).max(100) }).catchall(z.string().max(1000, 'Un commentaire dépasse 1 000 caractères.')), async (turn, d) => {
    const s = await turn.deps.surveys.get(d.surveyId);
    const typed = d as Record<string, string>;
    const n = s?.questions.length ?? 0;
    try {
      await answerSurvey(turn.deps, turn.actor, { surveyId: d.surveyId, ratings: Array.from({ length: n }, (_, i) => typed[`note_${i}`]), comments: Array.from({ length: n }, (_, i) => typed[`commentaire_${i}`] ?? '') });
    } catch (e) {
      if (!isDomainError(e) || !s || e.code === 'unknown-survey') throw e;
      return surveyCard(s, typed, e.userMessage, e.code === 'already-answered');
    }
    return surveyCard(s!, typed, 'Merci : vos réponses anonymes sont enregistrées.', true);
  });
  verbs.add('survey.results', z.object({ surveyId: z.string().min(1).max(100) }), (turn, d) => results(turn, d.surveyId));
}

export function surveyJobs(deps: BotDeps): Record<string, (payload: Record<string, unknown>) => Promise<void>> {
  return {
    [SURVEY_REMINDER_JOB]: async (p) => {
      await remindSurvey(deps, z.object({ surveyId: z.string() }).parse(p).surveyId, (s) => asActivity(surveyCard(s, {}, 'Rappel : l’enquête se termine bientôt.')));
    },
  };
}
