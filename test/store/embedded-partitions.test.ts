import { CosmosHandle, createCosmosClient, handleOf, prepareDatabase } from '../../src/store/cosmos-client';
import { EmbeddedCosmos, startEmbeddedCosmos } from '../../src/store/embedded-cosmos';

/**
 * The embedded server's query path (patches/@vercel+cosmosdb-server, @zeit+cosmosdb-query): a
 * query in one partition reads that partition only, and still answers as Cosmos does after
 * writes, replaces and deletes; queries over several partitions see them all.
 */
const DB = 'partitions-test';
let server: EmbeddedCosmos;
let cosmos: CosmosHandle;
let dispose: () => void;
beforeAll(async () => {
  server = await startEmbeddedCosmos();
  const client = createCosmosClient({ kind: 'embedded', endpoint: server.endpoint, key: server.key });
  dispose = () => client.dispose();
  cosmos = handleOf(client, DB);
  await prepareDatabase(cosmos);
  const docs = [];
  for (const pk of ['a', 'b', 'c']) for (let n = 0; n < 5; n++) docs.push({ id: `${pk}${n}`, pk, n, tags: [`t${n}`] });
  expect(server.load(DB, 'ballots', docs)).toBe(15);
});
afterAll(async () => {
  dispose();
  await server.stop();
});

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();
const query = (sql: string, parameters: Array<{ name: string; value: string | number }> = [], partitionKey?: string) =>
  cosmos
    .container('ballots')
    .items.query<{ id: string }>({ query: sql, parameters }, partitionKey === undefined ? {} : { partitionKey })
    .fetchAll()
    .then((r) => r.resources);

describe('the embedded server, one partition at a time', () => {
  it('answers a query given a partition key from that partition only, as Cosmos does', async () => {
    expect(ids(await query('SELECT * FROM c WHERE c.n >= 3', [], 'b'))).toEqual(['b3', 'b4']);
    expect(ids(await query('SELECT * FROM c', [], 'c'))).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(await query('SELECT * FROM c WHERE c.pk = @pk', [{ name: '@pk', value: 'a' }], 'b')).toEqual([]);
  });

  it('answers `c.pk = @pk` in the SQL from that partition, and an OR from every partition', async () => {
    expect(ids(await query('SELECT * FROM c WHERE c.n < 2 AND (c.pk = @pk)', [{ name: '@pk', value: 'a' }]))).toEqual([
      'a0',
      'a1',
    ]);
    expect(ids(await query("SELECT * FROM root r WHERE r.pk = 'c' AND r.n = 4"))).toEqual(['c4']);
    expect(ids(await query('SELECT * FROM c WHERE c.pk = @pk OR c.n = 0', [{ name: '@pk', value: 'a' }]))).toEqual([
      'a0',
      'a1',
      'a2',
      'a3',
      'a4',
      'b0',
      'c0',
    ]);
    expect(ids(await query('SELECT * FROM c WHERE c.n = 1'))).toEqual(['a1', 'b1', 'c1']);
  });

  it('keeps each partition up to date through creates, replaces, upserts and deletes', async () => {
    const items = cosmos.container('ballots').items;
    await items.create({ id: 'd0', pk: 'd', n: 0 });
    await items.upsert({ id: 'd1', pk: 'd', n: 1 });
    await cosmos.container('ballots').item('d0', 'd').replace({ id: 'd0', pk: 'd', n: 10 });
    await cosmos.container('ballots').item('a0', 'a').delete();
    expect(await query('SELECT c.id, c.n FROM c', [], 'd')).toEqual([
      { id: 'd0', n: 10 },
      { id: 'd1', n: 1 },
    ]);
    expect(ids(await query('SELECT * FROM c WHERE c.pk = @pk', [{ name: '@pk', value: 'a' }]))).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
    ]);
    expect(ids(await query('SELECT * FROM c WHERE c.n = 0'))).toEqual(['b0', 'c0']);
  });

  it('still answers joins, aggregates and ORDER BY', async () => {
    expect(
      await query('SELECT c.id, t FROM c JOIN t IN c.tags WHERE t = @t', [{ name: '@t', value: 't2' }], 'b'),
    ).toEqual([{ id: 'b2', t: 't2' }]);
    expect(await query('SELECT VALUE COUNT(1) FROM c', [], 'c')).toEqual([5]);
    expect((await query('SELECT c.id FROM c ORDER BY c.n DESC', [], 'c')).map((r) => r.id)).toEqual([
      'c4',
      'c3',
      'c2',
      'c1',
      'c0',
    ]);
  });
});
