import { ErrorCode } from '../../domain/error-codes';
import { createHmac, randomUUID } from 'crypto';
import { DomainError } from '../../domain/errors';
import { createOrResume } from '../create-once';
import { Survey, anonymityThreshold, checkResponse, checkSurvey } from '../../domain/surveys/survey';
import { isPastDeadline, localDay, localInstant } from '../../domain/local-date';
import { addDays, parseLocalDate } from '../../domain/meetings/zoned-time';
import { authorize } from '../../domain/permissions';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { memberRecipients } from '../meetings/recipients';
import { referentsOf } from '../needs/campaigns';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { contractLastDay } from '../../domain/bilan/economics';

type Deps = Pick<
  AppDeps,
  'governance' | 'surveys' | 'disputes' | 'respondents' | 'outbox' | 'clock' | 'wake' | 'timers' | 'presenters'
>;
export const SURVEY_REMINDER_JOB = 'survey.reminder';
/** The instance whose organisers run surveys. */
export const METHODS = 'comite-methodes';

/**
 * The respondent's token: the same person always gets the same one (one answer each), and the
 * stored response carries no name. It is a keyed HMAC whose secret is not in the database, so
 * the database alone cannot tie an answer to a person; whoever holds both the database and the
 * bot's secret could recompute tokens (PRIVACY.md says so).
 */
export class RespondentTokens {
  private readonly key: Buffer;
  constructor(secret: string) {
    // A key of its own, derived from the bot's secret: a signed link never reveals it.
    this.key = createHmac('sha256', secret).update('centrale-gouvernance/enquetes').digest();
  }
  of(surveyId: string, personKey: string): string {
    return createHmac('sha256', this.key).update(`${surveyId}\n${personKey}`).digest('base64url');
  }
}

export interface OpenSurveyInput {
  /** Names the survey a form creates: the same form sent again finishes it (create-once.ts). */
  draftId?: string;
  title: string;
  questions: string[];
  /** Adhérents whose référents are asked (all when empty). */
  targetMemberIds: string[];
  deadline: string;
  /** The Bot Connector the notices go through (the opening turn's). */
  serviceUrl: string | null;
  /** Today in the centrale, YYYY-MM-DD (the deadline must come after it). */
  today: string;
  /** « Marché concerné »: the contract in force it asks about (the bilan's satisfaction per contract); absent, none. */
  contractId?: string;
}

export async function openSurvey(deps: Deps, actor: Actor, input: OpenSurveyInput): Promise<Survey> {
  const { serviceUrl, today } = input;
  const card = (s: Survey) => deps.presenters.surveys.invitation(s);
  const person = requirePerson(actor);
  const methods = await deps.governance.getInstance(person.centraleId, METHODS);
  authorize(person, 'survey.manage', { instance: methods ?? undefined });
  checkSurvey(input, today);
  const members = await deps.governance.listMembers(person.centraleId);
  const targets = input.targetMemberIds.length ? input.targetMemberIds : members.map((m) => m.id);
  if (targets.some((id) => !members.some((m) => m.id === id)))
    throw new DomainError(ErrorCode.SurveyInvalid, 'Un adhérent choisi est inconnu : rouvrez le formulaire.');
  if (input.contractId) {
    const contract = await deps.disputes.getContract(person.centraleId, input.contractId);
    if (!contract || contract.startDate > today || contractLastDay(contract, contract.economics) < today)
      throw new DomainError(
        ErrorCode.SurveyInvalid,
        'Le marché choisi n’est pas en cours dans votre centrale : choisissez-en un dans la liste, ou aucun.',
      );
  }
  const now = deps.clock.now();
  const people = await deps.governance.listPeople(person.centraleId);
  const asked = new Set(targets.flatMap((m) => referentsOf(people, m).map((p) => p.key)));
  const centrale = await deps.governance.getCentrale(person.centraleId);
  const drafted: Survey = {
    id: `enquete-${input.draftId ?? randomUUID().slice(0, 8)}`,
    centraleId: person.centraleId,
    title: input.title.trim(),
    questions: input.questions,
    targetMemberIds: targets,
    deadline: input.deadline,
    createdBy: person.key,
    serviceUrl,
    createdAt: now.toISOString(),
    surveyedCount: asked.size,
    // Frozen: a threshold lowered later does not lay open the answers already given.
    anonymityThreshold: anonymityThreshold(centrale?.surveyAnonymityThreshold),
    ...(input.contractId ? { contractId: input.contractId } : {}),
  };
  const survey = await createOrResume(
    drafted,
    { create: (s) => deps.surveys.create(s), get: () => deps.surveys.get(drafted.id) },
    (s) => s.createdBy,
    'Ce formulaire a déjà servi : tapez « enquête » pour en envoyer une nouvelle.',
  );
  await enqueueNotice(deps, {
    noticeId: `enquete-${survey.id}`,
    centraleId: survey.centraleId,
    senderKey: person.key,
    title: `Enquête de satisfaction : ${survey.title}`,
    payload: card(survey),
    serviceUrl,
    recipients: targets.flatMap((m) =>
      memberRecipients(
        people,
        referentsOf(people, m).map((p) => p.key),
        () => card(survey),
      ),
    ),
  });
  // 08:00 there, two days before the deadline.
  const deadline = parseLocalDate(survey.deadline);
  const dueAt = deadline && localInstant(addDays(deadline, -2), 8, 0, zoneOf(actor));
  if (deps.timers && dueAt && dueAt.getTime() > now.getTime())
    await deps.timers.schedule({
      id: `rappel-${survey.id}`,
      type: SURVEY_REMINDER_JOB,
      dueAt,
      payload: { surveyId: survey.id },
    });
  return survey;
}

export async function answerSurvey(
  deps: Deps,
  actor: Actor,
  input: { surveyId: string; ratings: Array<string | undefined>; comments: string[] },
): Promise<Survey> {
  const person = requirePerson(actor);
  const s = await deps.surveys.get(input.surveyId);
  if (!s || s.centraleId !== person.centraleId)
    throw new DomainError(ErrorCode.UnknownSurvey, 'Cette enquête est introuvable.');
  if (!person.memberId || !s.targetMemberIds.includes(person.memberId))
    throw new DomainError(ErrorCode.NotTarget, 'Cette enquête s’adresse aux référents des adhérents interrogés.');
  // The deadline day is the centrale's: open until its last minute there.
  const now = deps.clock.now();
  const timeZone = zoneOf(actor);
  if (isPastDeadline(s.deadline, now, timeZone)) throw new DomainError(ErrorCode.SurveyClosed, 'L’enquête est close.');
  const ratings = checkResponse(s, input.ratings, input.comments);
  const saved = await deps.surveys.respond(s.id, deps.respondents.of(s.id, person.key), {
    ratings,
    comments: s.questions.map((_, i) => (input.comments[i] ?? '').trim()),
    at: localDay(now, timeZone),
  });
  if (!saved) throw new DomainError(ErrorCode.AlreadyAnswered, 'Vous avez déjà répondu à cette enquête : merci !');
  return s;
}

/** Two days before the deadline: référents who have not answered get the survey again, once. */
export async function remindSurvey(deps: Deps, surveyId: string): Promise<number> {
  const card = (x: Survey) => deps.presenters.surveys.reminder(x);
  const s = await deps.surveys.get(surveyId);
  if (!s) return 0;
  const people = await deps.governance.listPeople(s.centraleId);
  const silent = [];
  for (const p of s.targetMemberIds.flatMap((m) => referentsOf(people, m)))
    if (!(await deps.surveys.hasResponded(s.id, deps.respondents.of(s.id, p.key)))) silent.push(p.key);
  if (!silent.length) return 0;
  await enqueueNotice(deps, {
    noticeId: `rappel-${s.id}`,
    centraleId: s.centraleId,
    senderKey: s.createdBy,
    title: `Rappel : ${s.title}`,
    payload: card(s),
    serviceUrl: s.serviceUrl,
    recipients: memberRecipients(people, silent, () => card(s)),
  });
  return silent.length;
}
