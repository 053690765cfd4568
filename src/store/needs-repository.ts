import type { Container } from '@azure/cosmos';
import { z } from 'zod';
import { MemberAnswer } from '../app/needs/ports';
import { Campaign, Need } from '../domain/needs/need';
import { Programme } from '../domain/needs/programme';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';

const campaignSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  title: z.string(),
  segments: z.array(z.string()),
  targetMemberIds: z.array(z.string()),
  deadline: z.string(),
  // Campaigns stored before these fields: the demo centrale's zone, never extended, open.
  timeZone: z.string().default('Europe/Paris'),
  extensions: z.array(z.object({ at: z.string(), by: z.string(), from: z.string(), to: z.string() })).default([]),
  closedAt: z.string().nullable().default(null),
  instructions: z.string(),
  channelInstanceId: z.string().nullable(),
  openedBy: z.string(),
  status: z.enum(['ouverte', 'close']),
  serviceUrl: z.string().nullable(),
  createdAt: z.string(),
}) satisfies z.ZodType<Campaign>;

const cents = z.number().int();
const needSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  memberId: z.string(),
  segment: z.string(),
  description: z.string(),
  quantity: z.string(),
  unit: z.string(),
  annualCents: cents,
  totalCents: cents,
  wishedStart: z.string(),
  durationMonths: z.number().int(),
  currentContractEnd: z.string().nullable(),
  currentSupplier: z.string(),
  currentPriceCents: cents.nullable(),
  constraints: z.string(),
  clauses: z.string(),
  commitment: z.enum(['indicative', 'ferme']),
  status: z.enum(['brouillon', 'soumis', 'precisions-demandees', 'accepte', 'fusionne', 'rejete', 'retire']),
  mergedInto: z.string().nullable(),
  question: z.string(),
  answer: z.string(),
  history: z.array(z.object({ at: z.string(), by: z.string(), action: z.string(), detail: z.string() })),
  createdBy: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<Need>;

const answerSchema = z.object({
  memberId: z.string(),
  nothing: z.boolean(),
  by: z.string(),
  at: z.string(),
}) satisfies z.ZodType<MemberAnswer>;

const step = z.object({ step: z.string(), date: z.string() });
const programmeSchema = z.object({
  campaignId: z.string(),
  centraleId: z.string(),
  title: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      segment: z.string(),
      consolidatedCents: cents,
      memberIds: z.array(z.string()),
      needIds: z.array(z.string()),
      procedure: z.enum(['appel-offres-ouvert', 'mapa']),
      wishedStart: z.string(),
      plannedLaunch: z.string(),
      retroplanning: z.array(step),
    }),
  ),
  circuitId: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
}) satisfies z.ZodType<Programme>;

/**
 * Container `needs`, partition = campaign id: the campaign, one document per need (members
 * write their own needs without contending), one answer per member, and the programme.
 */
export class CosmosNeedsRepository {
  private readonly campaigns: DocTable<Campaign>;
  private readonly needDocs: DocTable<Need>;
  private readonly answerDocs: DocTable<MemberAnswer>;
  private readonly programmes: DocTable<Programme>;
  private readonly container: Container;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('needs');
    this.container = c;
    this.campaigns = new DocTable(c, 'campaign', campaignSchema);
    this.needDocs = new DocTable(c, 'need', needSchema);
    this.answerDocs = new DocTable(c, 'answer', answerSchema);
    this.programmes = new DocTable(c, 'programme', programmeSchema);
  }

  createCampaign(c: Campaign) {
    return this.campaigns.createIfAbsent(c.id, 'campaign', c);
  }

  getCampaign(id: string) {
    return this.campaigns.get(id, 'campaign');
  }

  updateCampaign(id: string, change: (c: Campaign) => Campaign) {
    return this.campaigns.update(id, 'campaign', change);
  }

  listCampaigns(centraleId: string) {
    return this.campaigns.query('c.data.centraleId = @c', [{ name: '@c', value: centraleId }]);
  }

  createNeed(n: Need) {
    return this.needDocs.createIfAbsent(n.campaignId, `need:${n.id}`, n);
  }

  getNeed(campaignId: string, needId: string) {
    return this.needDocs.get(campaignId, `need:${needId}`);
  }

  updateNeed(campaignId: string, needId: string, change: (n: Need) => Need) {
    return this.needDocs.update(campaignId, `need:${needId}`, change);
  }

  async needs(campaignId: string) {
    return (await this.needDocs.inPartition(campaignId)).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** One member's needs (by id) and answer, in one query in the campaign's partition: what their card shows. */
  async memberPart(campaignId: string, memberId: string): Promise<{ needs: Need[]; answer: MemberAnswer | null }> {
    const { resources } = await this.container.items
      .query<{ type: string; data: unknown }>(
        {
          query: "SELECT * FROM c WHERE c.pk = @pk AND ((c.type = 'need' AND c.data.memberId = @m) OR c.id = @a)",
          parameters: [
            { name: '@pk', value: campaignId },
            { name: '@m', value: memberId },
            { name: '@a', value: `answer:${memberId}` },
          ],
        },
        { partitionKey: campaignId },
      )
      .fetchAll();
    const needs = resources.filter((r) => r.type === 'need').map((r) => needSchema.parse(r.data));
    const answer = resources.find((r) => r.type === 'answer');
    return {
      needs: needs.sort((a, b) => a.id.localeCompare(b.id)),
      answer: answer ? answerSchema.parse(answer.data) : null,
    };
  }

  async setAnswer(campaignId: string, a: MemberAnswer) {
    await this.answerDocs.upsert(campaignId, `answer:${a.memberId}`, a);
  }

  answers(campaignId: string) {
    return this.answerDocs.inPartition(campaignId);
  }

  getProgramme(campaignId: string) {
    return this.programmes.get(campaignId, 'programme');
  }

  async saveProgramme(p: Programme) {
    await this.programmes.upsert(p.campaignId, 'programme', p);
  }

  updateProgramme(campaignId: string, change: (p: Programme) => Programme) {
    return this.programmes.update(campaignId, 'programme', change);
  }
}
