import { z } from 'zod';
import { ConsumptionReport } from '../domain/bilan/consumption';
import { ConsumptionRepository } from '../app/bilan/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable, inBatches } from './doc-table';

const reportSchema = z.object({
  contractId: z.string(),
  centraleId: z.string(),
  periodKey: z.string(),
  from: z.string(),
  to: z.string(),
  label: z.string(),
  lines: z.array(z.object({ memberId: z.string(), quantity: z.string(), amountCents: z.number().int() })),
  importedAt: z.string(),
  importedBy: z.string(),
  source: z.string(),
}) satisfies z.ZodType<ConsumptionReport>;

/**
 * Container `consumption`, partition = centrale id: the suppliers' reports, one document per
 * (contract, period) named `<contract id>~<period key>`, so a corrected report of a period
 * replaces the first and the centrale's bilan over a window is one single-partition query.
 */
export class CosmosConsumptionRepository implements ConsumptionRepository {
  private readonly reports: DocTable<ConsumptionReport>;

  constructor(cosmos: CosmosHandle) {
    this.reports = new DocTable(cosmos.container('consumption'), 'consumption', reportSchema);
  }

  async saveReports(reports: ConsumptionReport[]): Promise<void> {
    await inBatches(reports, 8, (r) => this.reports.upsert(r.centraleId, `${r.contractId}~${r.periodKey}`, r));
  }

  listReports(centraleId: string, filter: { contractId?: string; from?: string; to?: string } = {}) {
    const where = ['true'];
    const parameters: Array<{ name: string; value: string }> = [];
    if (filter.contractId) {
      where.push('c.data.contractId = @contract');
      parameters.push({ name: '@contract', value: filter.contractId });
    }
    // The reports sharing days with [from, to].
    if (filter.from) {
      where.push('c.data["to"] >= @from');
      parameters.push({ name: '@from', value: filter.from });
    }
    if (filter.to) {
      where.push('c.data["from"] <= @to');
      parameters.push({ name: '@to', value: filter.to });
    }
    return this.reports.inPartition(centraleId, where.join(' AND '), parameters);
  }
}
