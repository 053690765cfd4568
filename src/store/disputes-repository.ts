import { ContractEconomics } from '../domain/bilan/economics';
import { Container } from '@azure/cosmos';
import { z } from 'zod';
import { Dispute } from '../domain/disputes/dispute';
import { Contract, PurchaseFile } from '../domain/disputes/registry';
import { DEFAULT_DELAYS_H } from '../domain/disputes/dispute';
import { FileTotals, totalsOf, withDispute } from '../domain/disputes/totals';
import { CosmosHandle } from './cosmos-client';
import { DocTable, statusOf } from './doc-table';

const fileSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  title: z.string(),
  segment: z.string(),
  coordinatorKey: z.string(),
  committeeInstanceId: z.string(),
  createdAt: z.string(),
}) satisfies z.ZodType<PurchaseFile>;
const cents = z.number().int();
/** A contract's economics (the bilan des marchés); older contracts have none. */
export const economicsSchema = z.object({
  unit: z.string(),
  unitPriceCents: cents.nullable(),
  awardedAnnualCents: cents.nullable(),
  renewals: z.array(
    z.object({ to: z.string(), unitPriceCents: cents.nullable(), awardedAnnualCents: cents.nullable() }),
  ),
  sustainable: z.object({ environmental: z.boolean(), social: z.boolean() }),
  forecasts: z.array(
    z.object({
      memberId: z.string(),
      annualQuantity: z.string(),
      referenceAnnualCents: cents.nullable(),
      referenceSupplier: z.string(),
      needId: z.string().nullable(),
    }),
  ),
  campaignId: z.string().nullable(),
}) satisfies z.ZodType<ContractEconomics>;
const contractSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  number: z.string(),
  title: z.string(),
  supplier: z.string(),
  lots: z.array(z.string()),
  startDate: z.string(),
  endDate: z.string(),
  memberIds: z.array(z.string()),
  fileId: z.string(),
  economics: economicsSchema.optional(),
}) satisfies z.ZodType<Contract & { economics?: ContractEconomics }>;
const counterSchema = z.object({ next: z.number().int() });
const status = z.enum(['nouveau', 'pris-en-charge', 'precisions-demandees', 'mise-en-demeure', 'resolu']);
const disputeSchema = z.object({
  id: z.string(),
  ref: z.string(),
  centraleId: z.string(),
  contractId: z.string(),
  fileId: z.string(),
  committeeInstanceId: z.string(),
  reporterKey: z.string(),
  memberId: z.string(),
  category: z.enum(['retard', 'qualite', 'facturation', 'defaillance', 'clause', 'administratif', 'autre']),
  factsDate: z.string(),
  reference: z.string(),
  description: z.string(),
  severity: z.enum(['faible', 'moyenne', 'haute', 'critique']),
  links: z.array(z.string()),
  status,
  question: z.string(),
  answer: z.string(),
  actions: z.array(z.object({ at: z.string(), by: z.string(), text: z.string() })),
  contradictoryDeadline: z.string().nullable(),
  resolution: z.string(),
  penaltyCents: z.number().int().nonnegative().optional(),
  history: z.array(z.object({ at: z.string(), by: z.string(), status, detail: z.string() })),
  takenAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  escalated: z.object({ takeCharge: z.boolean(), resolve: z.boolean() }),
  createdAt: z.string(),
}) satisfies z.ZodType<Dispute>;

const category = disputeSchema.shape.category;
const severity = disputeSchema.shape.severity;
const sumsSchema = z.object({
  total: z.number().int(),
  byCategory: z.partialRecord(category, z.number().int()),
  takeChargeMs: z.number(),
  takeChargeN: z.number().int(),
  resolveMs: z.number(),
  resolveN: z.number().int(),
  overdue: z.number().int(),
  endDate: z.string().optional(),
});
const noSums = { total: 0, byCategory: {}, takeChargeMs: 0, takeChargeN: 0, resolveMs: 0, resolveN: 0, overdue: 0 };
const totalsSchema = z.object({
  fileId: z.string(),
  centraleId: z.string(),
  folded: z.record(z.string(), sumsSchema),
  // Totals stored before archiving (or before the fields below) read as none archived, unknown.
  archived: sumsSchema.default(noSums),
  entries: z.array(
    z.object({
      id: z.string(),
      ref: z.string(),
      contractId: z.string(),
      category,
      severity,
      status,
      reference: z.string(),
      reporterKey: z.string(),
      memberId: z.string().default(''),
      contractEnd: z.string().default(''),
      createdAt: z.string(),
      takenAt: z.string().nullable(),
      resolvedAt: z.string().nullable(),
      lastAt: z.string(),
      steps: z.number().int(),
    }),
  ),
}) satisfies z.ZodType<FileTotals>;

type Delays = Partial<typeof DEFAULT_DELAYS_H>;
/** Per centrale too: a file's id is its title's slug, so two centrales' files may share a partition. */
const totalsId = (centraleId: string, fileId: string) => `totaux:${centraleId}:${fileId}`;

const registry = (centraleId: string) => `registre:${centraleId}`;

/**
 * Container `disputes`: a purchasing file's disputes in its partition (its Comité Opérationnel
 * works on them together); the registry of files and contracts and the reference counter in
 * one partition per centrale.
 */
export class CosmosDisputesRepository {
  private readonly files: DocTable<PurchaseFile>;
  private readonly contracts: DocTable<Contract>;
  private readonly counters: DocTable<z.infer<typeof counterSchema>>;
  private readonly disputes: DocTable<Dispute>;
  private readonly totals: DocTable<FileTotals>;
  private readonly container: Container;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('disputes');
    this.container = c;
    this.files = new DocTable(c, 'file', fileSchema);
    this.contracts = new DocTable(c, 'contract', contractSchema);
    this.counters = new DocTable(c, 'counter', counterSchema);
    this.disputes = new DocTable(c, 'dispute', disputeSchema);
    this.totals = new DocTable(c, 'totals', totalsSchema);
  }

  createFile(f: PurchaseFile) {
    return this.files.createIfAbsent(registry(f.centraleId), `file:${f.id}`, f);
  }

  listFiles(centraleId: string) {
    return this.files.inPartition(registry(centraleId));
  }

  getFile(centraleId: string, fileId: string) {
    return this.files.get(registry(centraleId), `file:${fileId}`);
  }

  async saveContract(c: Contract) {
    await this.contracts.upsert(registry(c.centraleId), `contract:${c.id}`, c);
  }

  /** Every contract of the centrale, expired ones too: for the registry view and tests, never a hot path. */
  listContracts(centraleId: string) {
    return this.contracts.inPartition(registry(centraleId));
  }

  /** The contracts whose last day is `from` (a local date) or later, by start then number: bounded, whatever the years. */
  async listContractsEndingFrom(centraleId: string, from: string) {
    const found = await this.contracts.inPartition(registry(centraleId), 'c.data.endDate >= @from', [
      { name: '@from', value: from },
    ]);
    return found.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.number.localeCompare(b.number));
  }

  /** One contract, one point read. */
  getContract(centraleId: string, contractId: string) {
    return this.contracts.get(registry(centraleId), `contract:${contractId}`);
  }

  /**
   * Several documents of one partition in one request (a transactional batch of reads): each
   * with its etag, null where absent.
   */
  private async readMany(pk: string, ids: string[]): Promise<Array<{ doc: unknown; etag: string } | null>> {
    const res = await this.container.items.batch(
      ids.map((id) => ({ operationType: 'Read' as const, id, partitionKey: pk })),
      pk,
    );
    // On Azure a batch fails whole when one read finds nothing (404, the others 424): those are read one by one.
    return Promise.all(
      res.result!.map(async (r, i) => {
        if (r.statusCode === 200 && r.resourceBody) return { doc: r.resourceBody, etag: r.eTag ?? '' };
        if (r.statusCode !== 424) return null;
        try {
          const one = await this.container.item(ids[i]!, pk).read();
          return one.resource ? { doc: one.resource, etag: one.etag } : null;
        } catch (e) {
          if (statusOf(e) === 404) return null;
          throw e;
        }
      }),
    );
  }

  /** A file and a contract of the registry, one request. */
  async fileAndContract(centraleId: string, fileId: string, contractId: string) {
    const [file, contract] = await this.readMany(registry(centraleId), [`file:${fileId}`, `contract:${contractId}`]);
    return {
      file: file ? fileSchema.parse((file.doc as { data: unknown }).data) : null,
      contract: contract ? contractSchema.parse((contract.doc as { data: unknown }).data) : null,
    };
  }

  /** A dispute and its file's totals (same partition), with their etags, one request. */
  async readWithTotals(fileId: string, disputeId: string, centraleId: string) {
    const [d, t] = await this.readMany(fileId, [`litige:${disputeId}`, totalsId(centraleId, fileId)]);
    return {
      seen: d ? { value: disputeSchema.parse((d.doc as { data: unknown }).data), etag: d.etag } : null,
      totals: t ? { value: totalsSchema.parse((t.doc as { data: unknown }).data), etag: t.etag } : null,
    };
  }

  /** The next reference of the year: one atomic increment (a patch), the counter created the first time. */
  async nextRef(centraleId: string, year: number) {
    const pk = registry(centraleId);
    const id = `compteur:${year}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { resource } = await this.container
          .item(id, pk)
          .patch<{ data: { next: number } }>([{ op: 'incr', path: '/data/next', value: 1 }]);
        const next = counterSchema.parse(resource?.data).next;
        return `LIT-${year}-${String(next - 1).padStart(4, '0')}`;
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
      // The year's first reference: the counter starts at 2 (1 is this one); another writer first, increment again.
      if (await this.counters.createIfAbsent(pk, id, { next: 2 })) return `LIT-${year}-0001`;
    }
    throw new Error(`reference counter ${id} not incremented`);
  }

  create(d: Dispute) {
    return this.disputes.createIfAbsent(d.fileId, `litige:${d.id}`, d);
  }

  get(fileId: string, disputeId: string) {
    return this.disputes.get(fileId, `litige:${disputeId}`);
  }

  /** The dispute with its etag, to change it after without reading it again. */
  read(fileId: string, disputeId: string) {
    return this.disputes.read(fileId, `litige:${disputeId}`);
  }

  /** `change` applied to the dispute as `seen`, under its etag; on a conflict, to the newest one. */
  async updateSeen(seen: { value: Dispute; etag: string }, change: (d: Dispute) => Dispute) {
    const { fileId, id } = seen.value;
    const next = change(seen.value);
    if ((await this.disputes.replaceIfMatch(fileId, `litige:${id}`, seen.etag, next)) !== null) return next;
    return this.update(fileId, id, change);
  }

  update(fileId: string, disputeId: string, change: (d: Dispute) => Dispute) {
    return this.disputes.update(fileId, `litige:${disputeId}`, change);
  }

  /** A file's disputes whose facts fall in a window (the bilan des marchés), from its partition alone. */
  listDisputes(fileId: string, window?: { from: string; to: string }) {
    return window
      ? this.disputes.inPartition(fileId, 'c.data.factsDate >= @from AND c.data.factsDate <= @to', [
          { name: '@from', value: window.from },
          { name: '@to', value: window.to },
        ])
      : this.disputes.inPartition(fileId);
  }

  /**
   * The reports on one contract and category created in a period, from the file's partition
   * alone (the similar reports a committee card shows): bounded, whatever the years of history.
   */
  similarCandidates(fileId: string, contractId: string, category: Dispute['category'], from: string, to: string) {
    return this.disputes.inPartition(
      fileId,
      'c.data.contractId = @k AND c.data.category = @cat AND c.data.createdAt >= @from AND c.data.createdAt <= @to',
      [
        { name: '@k', value: contractId },
        { name: '@cat', value: category },
        { name: '@from', value: from },
        { name: '@to', value: to },
      ],
    );
  }

  /**
   * A file's running totals, one point read. A file written before totals existed (an older
   * snapshot) has none: they are rebuilt once from its partition and stored; two rebuilding at
   * once keep the first one stored.
   */
  async fileTotals(fileId: string, centraleId: string, now: Date, delaysH: Delays = {}): Promise<FileTotals> {
    const id = totalsId(centraleId, fileId);
    const found = await this.totals.get(fileId, id);
    if (found) return found;
    const [disputes, contracts] = await Promise.all([
      this.disputes.inPartition(fileId, 'c.data.centraleId = @c', [{ name: '@c', value: centraleId }]),
      // Once: their last days, so that the sums of long-ended ones are archived.
      this.contracts.inPartition(registry(centraleId), 'c.data.fileId = @f', [{ name: '@f', value: fileId }]),
    ]);
    const endOf = (id: string) => contracts.find((c) => c.id === id)?.endDate ?? '';
    const built = totalsOf(fileId, centraleId, disputes, now, delaysH, endOf);
    if (await this.totals.createIfAbsent(fileId, id, built)) return built;
    return (await this.totals.get(fileId, id)) ?? built;
  }

  /**
   * Counts a dispute just written (`before`: as it was, null when new) in its file's totals,
   * under the totals' etag: two disputes written at once in one file are both counted. Applied
   * again with the same dispute (a retry), it changes nothing. `contractEnd`: the dispute's
   * contract's last day (its sums are archived a year after). Returns the totals as written.
   */
  async recordInTotals(
    after: Dispute,
    before: Dispute | null,
    now: Date,
    delaysH: Delays = {},
    contractEnd?: string,
    /** The totals as just read with their etag (`readWithTotals`): not read again. */
    read?: { value: FileTotals; etag: string } | null,
  ): Promise<FileTotals> {
    const id = totalsId(after.centraleId, after.fileId);
    const change = (t: FileTotals) => withDispute(t, after, before, now, delaysH, contractEnd);
    const current = read ?? (await this.totals.read(after.fileId, id));
    if (!current) {
      // Rebuilt from the partition, which holds `after` already: stored as is, or, if another
      // writer stored them first, changed like any.
      await this.fileTotals(after.fileId, after.centraleId, now, delaysH);
    } else {
      const next = change(current.value);
      if ((await this.totals.replaceIfMatch(after.fileId, id, current.etag, next)) !== null) return next;
    }
    return this.totals.update(after.fileId, id, change);
  }

  /** Every dispute of the centrale, across partitions: for tests and maintenance, never a user action. */
  async listByCentrale(centraleId: string) {
    return (await this.disputes.query('c.data.centraleId = @c', [{ name: '@c', value: centraleId }])).sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
  }
}
