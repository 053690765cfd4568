import type { Container } from '@azure/cosmos';
import { z } from 'zod';
import { MemberAnswer } from '../app/needs/ports';
import { Campaign, Need } from '../domain/needs/need';
import { Programme } from '../domain/needs/programme';
import { CosmosHandle } from './cosmos-client';
import { DocTable, queryPartition } from './doc-table';
import { CAMPAIGN_LIST_KEEP_MS } from '../domain/listing-windows';

/** A centrale's list of campaigns, in a partition of its own: open ones and those opened in the last year. */
const campaignListSchema = z.object({
  entries: z.array(z.object({ id: z.string(), createdAt: z.string(), open: z.boolean() })),
});
const campaignListId = (centraleId: string) => `campagnes:${centraleId}`;
const CAMPAIGN_LISTS_BUILT = 'migration:campaign-lists';

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
  via: z.enum(['lien-email']).optional(),
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

  private readonly campaignLists: DocTable<z.infer<typeof campaignListSchema>>;
  private readonly migrations: DocTable<{ at: string }>;

  constructor(
    cosmos: CosmosHandle,
    /** The clock the indexes are pruned by (the bot's, so that tests can fix the hour). */
    private readonly now: () => Date = () => new Date(),
  ) {
    const c = cosmos.container('needs');
    this.container = c;
    this.campaignLists = new DocTable(c, 'campaign-list', campaignListSchema);
    this.migrations = new DocTable(c, 'migration', z.object({ at: z.string() }));
    this.campaigns = new DocTable(c, 'campaign', campaignSchema);
    this.needDocs = new DocTable(c, 'need', needSchema);
    this.answerDocs = new DocTable(c, 'answer', answerSchema);
    this.programmes = new DocTable(c, 'programme', programmeSchema);
  }

  /** Opens: the campaign, then its line in the centrale's list of campaigns (again on a resend: same line). */
  async createCampaign(c: Campaign) {
    const created = await this.campaigns.createIfAbsent(c.id, 'campaign', c);
    const stored = created ? c : await this.getCampaign(c.id);
    if (stored) await this.listCampaign(stored);
    return created;
  }

  /** The campaign's line in its centrale's list, under the list's etag; closed ones over a year old pruned. */
  private async listCampaign(c: Campaign) {
    const id = campaignListId(c.centraleId);
    const keepFrom = new Date(this.now().getTime() - CAMPAIGN_LIST_KEEP_MS).toISOString();
    const apply = (list: z.infer<typeof campaignListSchema>) => ({
      entries: [
        ...list.entries.filter((e) => e.id !== c.id && (e.open || e.createdAt >= keepFrom)),
        { id: c.id, createdAt: c.createdAt, open: c.status === 'ouverte' },
      ],
    });
    await this.campaignLists.update(id, id, apply, () => apply({ entries: [] }));
  }

  /**
   * Once per database, at start-up (not in a user action): the campaigns stored before the
   * per-centrale list existed are listed, with one query across partitions; a new database only
   * writes its marker.
   */
  async buildCampaignLists(now: Date): Promise<void> {
    if (await this.migrations.get(CAMPAIGN_LISTS_BUILT, CAMPAIGN_LISTS_BUILT)) return;
    const from = new Date(now.getTime() - CAMPAIGN_LIST_KEEP_MS).toISOString();
    for (const c of await this.campaigns.query("c.data.status = 'ouverte' OR c.data.createdAt >= @from", [
      { name: '@from', value: from },
    ]))
      await this.listCampaign(c);
    await this.migrations.upsert(CAMPAIGN_LISTS_BUILT, CAMPAIGN_LISTS_BUILT, { at: now.toISOString() });
  }

  getCampaign(id: string) {
    return this.campaigns.get(id, 'campaign');
  }

  /** A change of the campaign; its line in the centrale's list follows when it opens or closes. */
  async updateCampaign(id: string, change: (c: Campaign) => Campaign) {
    let before: Campaign | null = null;
    const after = await this.campaigns.update(id, 'campaign', (c) => {
      before = c;
      return change(c);
    });
    if ((before as Campaign | null)?.status !== after.status) await this.listCampaign(after);
    return after;
  }

  /**
   * The centrale's open campaigns and those opened in the last year (all that « besoins » and
   * « mes campagnes » show): its list (one point read), then each campaign (a point read each).
   */
  async listCampaigns(centraleId: string) {
    const id = campaignListId(centraleId);
    const list = (await this.campaignLists.get(id, id))?.entries ?? [];
    const all = await Promise.all(list.map((e) => this.getCampaign(e.id)));
    return all.filter((c): c is Campaign => c !== null && c.centraleId === centraleId);
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
    const { resources } = await queryPartition<{ type: string; data: unknown }>(
      this.container,
      {
        query: "SELECT * FROM c WHERE c.pk = @pk AND ((c.type = 'need' AND c.data.memberId = @m) OR c.id = @a)",
        parameters: [
          { name: '@pk', value: campaignId },
          { name: '@m', value: memberId },
          { name: '@a', value: `answer:${memberId}` },
        ],
      },
      campaignId,
    ).fetchAll();
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
