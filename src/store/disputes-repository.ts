import { z } from 'zod';
import { Dispute } from '../domain/disputes/dispute';
import { Contract, PurchaseFile } from '../domain/disputes/registry';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';

const fileSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  title: z.string(),
  segment: z.string(),
  coordinatorKey: z.string(),
  committeeInstanceId: z.string(),
  createdAt: z.string(),
}) satisfies z.ZodType<PurchaseFile>;
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
}) satisfies z.ZodType<Contract>;
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
  history: z.array(z.object({ at: z.string(), by: z.string(), status, detail: z.string() })),
  takenAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  escalated: z.object({ takeCharge: z.boolean(), resolve: z.boolean() }),
  createdAt: z.string(),
}) satisfies z.ZodType<Dispute>;

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

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('disputes');
    this.files = new DocTable(c, 'file', fileSchema);
    this.contracts = new DocTable(c, 'contract', contractSchema);
    this.counters = new DocTable(c, 'counter', counterSchema);
    this.disputes = new DocTable(c, 'dispute', disputeSchema);
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

  listContracts(centraleId: string) {
    return this.contracts.inPartition(registry(centraleId));
  }

  async nextRef(centraleId: string, year: number) {
    let n = 0;
    await this.counters.update(
      registry(centraleId),
      `compteur:${year}`,
      (c) => {
        n = c.next;
        return { next: c.next + 1 };
      },
      () => {
        n = 1;
        return { next: 2 };
      },
    );
    return `LIT-${year}-${String(n).padStart(4, '0')}`;
  }

  create(d: Dispute) {
    return this.disputes.createIfAbsent(d.fileId, `litige:${d.id}`, d);
  }

  get(fileId: string, disputeId: string) {
    return this.disputes.get(fileId, `litige:${disputeId}`);
  }

  update(fileId: string, disputeId: string, change: (d: Dispute) => Dispute) {
    return this.disputes.update(fileId, `litige:${disputeId}`, change);
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

  async listByCentrale(centraleId: string) {
    return (await this.disputes.query('c.data.centraleId = @c', [{ name: '@c', value: centraleId }])).sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
  }
}
