import { SurveyResults } from '../../app/surveys/queries';
import { Member } from '../../domain/governance';
import { Contract } from '../../domain/disputes/registry';
import { LocalDate, addDays, formatLocalDate, frenchDateOf } from '../../domain/meetings/zoned-time';
import { SCALE, Survey, scaleLabel } from '../../domain/surveys/survey';
import { frenchNumber } from '../../domain/french-format';
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
    // The labelled scale, on every question.
    scale: SCALE.map((n) => ({ title: scaleLabel(n), value: String(n) })),
    message: cardText(message),
    color: good ? 'Good' : 'Attention',
    open: !good,
  });
}

/** The « Marché concerné » choice meaning none. */
export const NO_CONTRACT = 'aucun';
const contractName = (c: Contract) => `${c.number} — ${c.title} (${c.supplier})`;

/** The form to send a survey, with what was typed (and why it was refused) when it comes back. */
export function surveyFormCard(
  { members, contracts }: { members: Member[]; contracts: Contract[] },
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
    // « Marché concerné »: the satisfaction of one contract (the bilan's), or the centrale in general.
    contractId: values.contractId || NO_CONTRACT,
    contracts: [
      { title: 'Aucun : la centrale en général', value: NO_CONTRACT },
      ...contracts.map((c) => ({ title: cardText(contractName(c)), value: c.id })),
    ],
    error: cardText(error),
  });
}

/** « 4 réponses sur 12 référents interrogés (33 %) » (Intl's French percent: a no-break space before %). */
function rateLine(r: SurveyResults): string {
  const answers = count(r.responses, 'réponse', 'réponses');
  if (r.rate === null) return `${answers} : aucun référent n’était interrogé.`;
  const percent = new Intl.NumberFormat('fr-FR', { style: 'percent' }).format(r.rate / 100);
  return `${answers} sur ${count(r.asked, 'référent interrogé', 'référents interrogés')} (${percent}), anonymes.`;
}

/**
 * The results: the response rate always; under the anonymity threshold nothing else (the use
 * case gives no summary then), from it the marks per question on the labelled scale and the comments.
 */
export function resultsCard(r: SurveyResults): CardJson {
  return renderCard('survey.results', {
    surveyId: r.survey.id,
    title: cardText(r.survey.title),
    summary: rateLine(r),
    about: r.survey.contractId
      ? cardText(`Marché concerné : ${r.contract ? contractName(r.contract) : r.survey.contractId}.`)
      : 'Enquête sur la centrale en général (aucun marché précis).',
    hiddenNote: r.summary
      ? ''
      : `Détail masqué tant qu’il y a moins de ${r.threshold} réponses, pour préserver l’anonymat : ni notes ni commentaires.`,
    questions: (r.summary ?? []).map((q, i) => ({
      label: `${i + 1}. ${cardText(q.question)}`,
      figures:
        q.mean === null
          ? 'Pas encore de réponse.'
          : `Moyenne ${frenchNumber(q.mean)}/5 (${count(q.answers, 'réponse', 'réponses')})`,
      distribution:
        q.mean === null
          ? []
          : SCALE.map((n) => ({ label: scaleLabel(n), votes: String(q.distribution[n - 1] ?? 0) })).reverse(),
      comments: q.comments.map((c) => `« ${cardText(c)} »`).join('\r'),
    })),
  });
}
