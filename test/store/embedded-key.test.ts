import { CosmosClient } from '@azure/cosmos';
import https from 'https';
import { createCosmosClient } from '../../src/store/cosmos-client';
import { EmbeddedCosmos, startEmbeddedCosmos } from '../../src/store/embedded-cosmos';

/** The local database takes only requests signed with the random key it made at start. */
let server: EmbeddedCosmos;
beforeAll(async () => {
  server = await startEmbeddedCosmos();
});
afterAll(() => server.stop());

const clientWith = (key: string) =>
  new CosmosClient({
    endpoint: server.endpoint,
    key,
    agent: new https.Agent({ rejectUnauthorized: false }),
    connectionPolicy: { enableEndpointDiscovery: false },
  });

describe('the embedded database’s key', () => {
  it('is random at each start and serves the client that holds it', async () => {
    const other = await startEmbeddedCosmos();
    await other.stop();
    expect(other.key).not.toBe(server.key);
    expect(Buffer.from(server.key, 'base64')).toHaveLength(32);
    const client = createCosmosClient({ kind: 'embedded', endpoint: server.endpoint, key: server.key });
    const { database } = await client.databases.createIfNotExists({ id: 'cle' });
    const { container } = await database.containers.createIfNotExists({ id: 'c', partitionKey: '/pk' });
    await container.items.create({ id: 'a+b%2fc:é', pk: 'p+q' });
    expect((await container.item('a+b%2fc:é', 'p+q').read()).resource?.pk).toBe('p+q');
  });

  it('refuses (401) a client signing with another key, and one that does not sign', async () => {
    const intruder = clientWith(Buffer.from('une autre clé, devinée ou par défaut').toString('base64'));
    await expect(intruder.database('cle').container('c').item('a+b%2fc:é', 'p+q').read()).rejects.toMatchObject({
      code: 401,
    });
    await expect(intruder.databases.readAll().fetchAll()).rejects.toMatchObject({ code: 401 });
    const status = await new Promise<number>((resolve, reject) =>
      https
        .get(`${server.endpoint}/dbs/cle/colls/c/docs`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject),
    );
    expect(status).toBe(401);
  });
});
