import { CosmosHandle, createCosmosClient, handleOf, prepareDatabase } from '../src/store/cosmos-client';
import { DocTable } from '../src/store/doc-table';
import { startEmbeddedCosmos } from '../src/store/embedded-cosmos';
import { z } from 'zod';

/**
 * Query time of the embedded Cosmos server as one container grows: the real SDK over HTTPS, as
 * the bot asks. For each size (BENCH_SIZES, default 8000,16000,32000,140000 documents in one
 * container, 20 per partition, loaded straight into the server's memory), the median of 5 runs
 * of: a query in one partition that names it to the SDK (`partition_ms`, e.g. a ballot's votes),
 * the same query naming it only in SQL (`pk_in_sql_ms`), a cross-partition query that finds 20
 * documents (`cross_ms`), a read of the whole container (`read_all_ms`), and a point read
 * (`point_ms`). One JSON line per size.
 */
const SIZES = (process.env.BENCH_SIZES ?? '8000,16000,32000,140000').split(',').map(Number);
const RUNS = 5;
const DB = 'bench-queries';
const vote = z.object({ voterKey: z.string(), choice: z.string(), at: z.string(), n: z.number() });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The median time, or the error's code (the SDK gives up after 10 s: `TimeoutError`). */
async function time(what: () => Promise<unknown>, runs = RUNS): Promise<number | string> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    try {
      await what();
    } catch (e) {
      return String((e as { code?: unknown }).code ?? e);
    }
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return Math.round(median(ms) * 10) / 10;
}

async function measure(size: number) {
  const server = await startEmbeddedCosmos();
  const client = createCosmosClient({ kind: 'embedded', endpoint: server.endpoint, key: server.key });
  const cosmos: CosmosHandle = handleOf(client, DB);
  try {
    await prepareDatabase(cosmos);
    const docs = Array.from({ length: size }, (_, i) => ({
      id: `vote:${i}`,
      pk: `scrutin-${Math.floor(i / 20)}`,
      type: 'vote',
      data: { voterKey: `voter-${i}`, choice: i % 3 ? 'Pour' : 'Contre', at: new Date(i * 1000).toISOString(), n: i },
    }));
    server.load(DB, 'ballots', docs);
    const votes = new DocTable(cosmos.container('ballots'), 'vote', vote);
    const pk = `scrutin-${Math.floor(size / 40)}`;
    const partition_ms = await time(() => votes.inPartition(pk));
    const pk_in_sql_ms = await time(() => votes.query('c.pk = @pk', [{ name: '@pk', value: pk }]));
    const cross_ms = await time(() =>
      votes.query('c.data.n >= @from AND c.data.n < @to', [
        { name: '@from', value: size / 2 },
        { name: '@to', value: size / 2 + 20 },
      ]),
    );
    const read_all_ms = await time(() => cosmos.container('ballots').items.readAll().fetchAll(), 1);
    const point_ms = await time(() => votes.get(pk, `vote:${Math.floor(size / 40) * 20}`));
    const found = await votes.inPartition(pk).then(
      (r) => r.length,
      () => null,
    );
    return { docs: size, found, partition_ms, pk_in_sql_ms, cross_ms, read_all_ms, point_ms };
  } finally {
    client.dispose();
    await server.stop();
  }
}

async function main() {
  for (const size of SIZES) console.log(JSON.stringify(await measure(size)));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
