import type { Container, QueryIterator, SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import { z } from 'zod';

export const statusOf = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'number'
    ? (e as { code: number }).code
    : undefined;

const MAX_CONFLICT_RETRIES = 20;

export class ConcurrencyError extends Error {
  constructor(what: string) {
    super(`Too many concurrent updates of ${what}`);
  }
}

/**
 * Typed access to one document type in a container. A document is `{ id, pk, type, data }`:
 * the value sits in `data` so that its own fields (an `id`, say) never clash with Cosmos's. It
 * is checked with zod on the way out, so a document that no longer matches the code's idea of
 * it fails loudly instead of spreading. In queries, fields are `c.data.<field>`.
 */
export class DocTable<T> {
  constructor(
    private readonly container: Container,
    private readonly type: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  private toDoc(pk: string, id: string, value: T) {
    return { id, pk, type: this.type, data: value };
  }

  private parse(doc: unknown): T {
    return this.schema.parse((doc as { data?: unknown }).data);
  }

  async read(pk: string, id: string): Promise<{ value: T; etag: string } | null> {
    try {
      const { resource, etag } = await this.container.item(id, pk).read();
      if (!resource) return null;
      return { value: this.parse(resource), etag };
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  async get(pk: string, id: string): Promise<T | null> {
    return (await this.read(pk, id))?.value ?? null;
  }

  /** Returns false when a document with that id already exists (409). */
  async createIfAbsent(pk: string, id: string, value: T): Promise<boolean> {
    try {
      await this.container.items.create(this.toDoc(pk, id, value));
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
  }

  /** Creates and returns the new document's etag; null when one with that id already exists (409). */
  async createWithEtag(pk: string, id: string, value: T): Promise<string | null> {
    try {
      return (await this.container.items.create(this.toDoc(pk, id, value))).etag;
    } catch (e) {
      if (statusOf(e) === 409) return null;
      throw e;
    }
  }

  async upsert(pk: string, id: string, value: T): Promise<void> {
    await this.container.items.upsert(this.toDoc(pk, id, value));
  }

  async delete(pk: string, id: string): Promise<void> {
    try {
      await this.container.item(id, pk).delete();
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /**
   * Read-modify-write with the document's etag; on 412 or 404 (someone wrote or deleted it in
   * between) reads again and reapplies `change`. With `init`, a missing document is created as
   * `init()` instead.
   */
  async update(pk: string, id: string, change: (current: T) => T, init?: () => T): Promise<T> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.read(pk, id);
      if (!current) {
        if (!init) throw new Error(`No ${this.type} ${id} in partition ${pk}`);
        const created = init();
        if (await this.createIfAbsent(pk, id, created)) return created;
        continue;
      }
      const next = change(current.value);
      try {
        await this.container
          .item(id, pk)
          .replace(this.toDoc(pk, id, next), { accessCondition: { type: 'IfMatch', condition: current.etag } });
        return next;
      } catch (e) {
        // 412: written in between; 404: deleted in between (an outbox entry sent meanwhile).
        if (statusOf(e) !== 412 && statusOf(e) !== 404) throw e;
      }
    }
    throw new ConcurrencyError(`${this.type} ${id}`);
  }

  /** A query of this type's documents; always filter on `c.pk` when the partition is known. */
  async query(where: string, parameters: SqlParameter[] = []): Promise<T[]> {
    return (await this.queryWithEtags(where, parameters)).map((r) => r.value);
  }

  /**
   * The documents of this type in one partition (and matching `where`): the partition key goes
   * to the SDK, so Cosmos answers from that partition alone (a single-partition query, charged
   * for it only), in one request (`queryPartition`).
   */
  async inPartition(pk: string, where = 'true', parameters: SqlParameter[] = []): Promise<T[]> {
    const rows = await this.queryWithEtags(`c.pk = @pk AND (${where})`, [{ name: '@pk', value: pk }, ...parameters], {
      partitionKey: pk,
    });
    return rows.map((r) => r.value);
  }

  /** Same, with each document's etag (for a conditional write after) and optional TOP/ORDER BY. */
  async queryWithEtags(
    where: string,
    parameters: SqlParameter[] = [],
    options: { top?: number; orderBy?: string; partitionKey?: string } = {},
  ): Promise<Array<{ value: T; etag: string }>> {
    const top = options.top ? `TOP ${Math.floor(options.top)} ` : '';
    const order = options.orderBy ? ` ORDER BY ${options.orderBy}` : '';
    const spec = {
      query: `SELECT ${top}* FROM c WHERE c.type = @type AND (${where})${order}`,
      parameters: [{ name: '@type', value: this.type }, ...parameters],
    };
    const { resources } = await (
      options.partitionKey === undefined
        ? this.container.items.query(spec)
        : queryPartition(this.container, spec, options.partitionKey)
    ).fetchAll();
    return resources.map((r) => ({ value: this.parse(r), etag: (r as { _etag: string })._etag }));
  }

  /** Replaces only if the document still has `etag`; false when someone wrote in between. */
  async replaceIfMatch(pk: string, id: string, etag: string, value: T): Promise<string | null> {
    try {
      const res = await this.container
        .item(id, pk)
        .replace(this.toDoc(pk, id, value), { accessCondition: { type: 'IfMatch', condition: etag } });
      return res.etag;
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return null;
      throw e;
    }
  }

  /** Deletes only if the document still has `etag`. */
  async deleteIfMatch(pk: string, id: string, etag: string): Promise<boolean> {
    try {
      await this.container.item(id, pk).delete({ accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return false;
      throw e;
    }
  }
}

/**
 * `write` for each item, `size` at a time: a ballot of 2,000 voters writes 2,000 index entries
 * without sending 4,000 requests at once (the embedded server, like a throttled Cosmos account,
 * then times them out).
 */
export async function inBatches<T>(items: readonly T[], size: number, write: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(write));
}

/** What `queryPartition` changes of the SDK's QueryIterator (internals of @azure/cosmos 4.9). */
interface PlanInternals {
  fetchQueryPlan(node: unknown): Promise<unknown>;
  createExecutionContext(node: unknown): Promise<void>;
  queryPlanPromise?: Promise<unknown>;
}

/**
 * A query in one partition, in one request. @azure/cosmos 4.9 sends a query plan request
 * alongside every query, even one given its partition key, and uses the plan only when Cosmos
 * refuses the query without it (a 400 the SDK recognises): Cosmos answers a query in one
 * partition itself, ORDER BY, TOP and aggregates included. Here the plan is asked for only in
 * that case, by the SDK's own fallback. test/store/partition-queries-plan.test.ts counts the
 * requests (it fails if an SDK update renames these internals and the plans come back).
 */
export function queryPartition<R>(container: Container, spec: SqlQuerySpec, partitionKey: string): QueryIterator<R> {
  const iterator = container.items.query<R>(spec, { partitionKey });
  const internals = iterator as unknown as PlanInternals;
  if (typeof internals.fetchQueryPlan !== 'function' || typeof internals.createExecutionContext !== 'function')
    return iterator;
  const fetchPlan = internals.fetchQueryPlan.bind(iterator);
  const createWithPlan = internals.createExecutionContext.bind(iterator);
  internals.fetchQueryPlan = async () => undefined;
  internals.createExecutionContext = (node) => {
    internals.queryPlanPromise = undefined;
    internals.queryPlanPromise = fetchPlan(node);
    return createWithPlan(node);
  };
  return iterator;
}
