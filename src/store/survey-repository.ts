import { z } from 'zod';
import { Survey, SurveyResponse } from '../domain/surveys/survey';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';

const surveySchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  title: z.string(),
  questions: z.array(z.string()),
  targetMemberIds: z.array(z.string()),
  deadline: z.string(),
  createdBy: z.string(),
  serviceUrl: z.string().nullable(),
  createdAt: z.string(),
  surveyedCount: z.number().int().optional(),
  anonymityThreshold: z.number().int().optional(),
  contractId: z.string().nullable().optional(),
}) satisfies z.ZodType<Survey>;
const responseSchema = z.object({
  ratings: z.array(z.number().int()),
  comments: z.array(z.string()),
  at: z.string(),
}) satisfies z.ZodType<SurveyResponse>;

/** Container `surveys`, partition = survey id: the survey and its anonymous responses (keyed by an opaque token). */
export class CosmosSurveyRepository {
  private readonly surveys: DocTable<Survey>;
  private readonly answers: DocTable<SurveyResponse>;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('surveys');
    this.surveys = new DocTable(c, 'survey', surveySchema);
    this.answers = new DocTable(c, 'response', responseSchema);
  }

  create(s: Survey) {
    return this.surveys.createIfAbsent(s.id, 'survey', s);
  }

  get(id: string) {
    return this.surveys.get(id, 'survey');
  }

  respond(surveyId: string, token: string, r: SurveyResponse) {
    return this.answers.createIfAbsent(surveyId, `reponse:${token}`, r);
  }

  async hasResponded(surveyId: string, token: string) {
    return (await this.answers.get(surveyId, `reponse:${token}`)) !== null;
  }

  listAboutContracts(centraleId: string) {
    return this.surveys.query('c.data.centraleId = @c AND IS_STRING(c.data.contractId)', [
      { name: '@c', value: centraleId },
    ]);
  }

  responses(surveyId: string) {
    return this.answers.inPartition(surveyId);
  }
}
