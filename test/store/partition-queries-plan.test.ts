import { z } from 'zod';
import { DocTable, queryPartition } from '../../src/store/doc-table';
import { CosmosRequest } from '../../src/store/embedded-cosmos';
import { Store, openStore } from '../../src/store/open-store';

/**
 * A query in one partition is one request: @azure/cosmos 4.9 sends a query plan request before
 * every query, even one given its partition key, and Cosmos answers a single-partition query
 * without it (ORDER BY, TOP and aggregates included). A query across partitions keeps its plan.
 */
let store: Store;
const seen: CosmosRequest[] = [];
const row = z.object({ n: z.number(), tag: z.string() });
let table: DocTable<z.infer<typeof row>>;

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'plan-test', snapshotFile: null });
  store.embedded!.onRequest((r) => seen.push(r));
  table = new DocTable(store.cosmos.container('meetings'), 'row', row);
  for (const [pk, n] of [
    ['a', 3],
    ['a', 1],
    ['a', 2],
    ['b', 9],
  ] as const)
    await table.upsert(pk, `r${n}`, { n, tag: pk });
});
afterAll(() => store.close());

const during = async <T>(what: () => Promise<T>) => {
  const from = seen.length;
  const result = await what();
  return { result, requests: seen.slice(from) };
};

it('reads a partition in one request, no plan', async () => {
  const { result, requests } = await during(() => table.inPartition('a'));
  expect(result.map((r) => r.n).sort()).toEqual([1, 2, 3]);
  expect(requests.map((r) => ({ plan: r.queryPlan, query: r.query }))).toEqual([{ plan: false, query: true }]);
});

it('keeps ORDER BY and TOP in a partition, still one request', async () => {
  const { result, requests } = await during(() =>
    table.queryWithEtags('c.pk = @pk', [{ name: '@pk', value: 'a' }], {
      partitionKey: 'a',
      orderBy: 'c.data.n DESC',
      top: 2,
    }),
  );
  expect(result.map((r) => r.value.n)).toEqual([3, 2]);
  expect(requests).toHaveLength(1);
});

it('a raw query given its partition key: one request', async () => {
  const { result, requests } = await during(() =>
    queryPartition<{ data: { n: number } }>(
      store.cosmos.container('meetings'),
      { query: 'SELECT * FROM c WHERE c.pk = @pk', parameters: [{ name: '@pk', value: 'b' }] },
      'b',
    ).fetchAll(),
  );
  expect(result.resources.map((r) => r.data.n)).toEqual([9]);
  expect(requests).toHaveLength(1);
});

it('a query across partitions still asks for its plan', async () => {
  const { result, requests } = await during(() => table.query('c.data.n > 1'));
  expect(result.map((r) => r.n).sort()).toEqual([2, 3, 9]);
  expect(requests.some((r) => r.queryPlan)).toBe(true);
});
