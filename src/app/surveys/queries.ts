import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Member } from '../../domain/governance';
import {
  QuestionSummary,
  Survey,
  anonymityThreshold,
  detailShown,
  responseRate,
  summarize,
} from '../../domain/surveys/survey';
import { referentsOf } from '../needs/campaigns';
import { Contract } from '../../domain/disputes/registry';
import { contractLastDay } from '../../domain/bilan/economics';
import { localDay } from '../../domain/local-date';
import { zoneOf } from '../time-zone';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { METHODS } from './surveys';

type Deps = Pick<AppDeps, 'governance' | 'surveys' | 'disputes' | 'clock'>;

/** The contracts a survey may be about: the centrale's contracts in force today (renewals included). */
export async function contractsInForce(deps: Deps, centraleId: string, today: string): Promise<Contract[]> {
  return (await deps.disputes.listContracts(centraleId))
    .filter((c) => c.startDate <= today && contractLastDay(c, c.economics) >= today)
    .sort((a, b) => a.number.localeCompare(b.number, 'fr'));
}

/** What the survey form offers: the adhérents to ask, the contracts in force it may be about. */
export interface SurveyFormView {
  members: Member[];
  contracts: Contract[];
}

/**
 * The adhérents the survey form offers as targets, for those who may send it only: the form is
 * refused up front, as sending it would be.
 */
export async function surveyFormView(deps: Deps, actor: Actor): Promise<SurveyFormView> {
  const person = requirePerson(actor);
  const methods = await deps.governance.getInstance(person.centraleId, METHODS);
  authorize(person, 'survey.manage', { instance: methods ?? undefined });
  const [members, contracts] = await Promise.all([
    deps.governance.listMembers(person.centraleId),
    contractsInForce(deps, person.centraleId, localDay(deps.clock.now(), zoneOf(actor))),
  ]);
  return { members, contracts };
}

/**
 * The anonymous results: how many answered, out of how many asked; per question the figures and
 * comments only from the anonymity threshold (`summary` null under it: nothing to leak).
 */
export interface SurveyResults {
  survey: Survey;
  responses: number;
  /** Référents the survey was sent to. */
  asked: number;
  /** Whole percent, null when nobody was asked. */
  rate: number | null;
  threshold: number;
  summary: QuestionSummary[] | null;
  /** The contract the survey is about (`contractId`), null for the centrale in general or one no longer in the registry. */
  contract: Contract | null;
}

export async function surveyResults(deps: Deps, actor: Actor, surveyId: string): Promise<SurveyResults> {
  const person = requirePerson(actor);
  const s = await deps.surveys.get(surveyId);
  if (!s || s.centraleId !== person.centraleId)
    throw new DomainError(ErrorCode.UnknownSurvey, 'Cette enquête est introuvable.');
  authorize(person, 'survey.manage', {
    instance: (await deps.governance.getInstance(person.centraleId, METHODS)) ?? undefined,
  });
  const responses = await deps.surveys.responses(s.id);
  // Older surveys did not record whom they were sent to: their référents now.
  const people = s.surveyedCount === undefined ? await deps.governance.listPeople(s.centraleId) : [];
  const asked =
    s.surveyedCount ?? new Set(s.targetMemberIds.flatMap((m) => referentsOf(people, m).map((p) => p.key))).size;
  const threshold =
    s.anonymityThreshold ??
    anonymityThreshold((await deps.governance.getCentrale(s.centraleId))?.surveyAnonymityThreshold);
  const contract = s.contractId ? await deps.disputes.getContract(s.centraleId, s.contractId) : null;
  return {
    contract,
    survey: s,
    responses: responses.length,
    asked,
    rate: responseRate(responses.length, asked),
    threshold,
    summary: detailShown(responses.length, threshold) ? summarize(s, responses) : null,
  };
}
