import { CosmosClient, Database } from '@azure/cosmos';
import https from 'https';
import { CONTAINER_NAMES, ContainerName } from './containers';

export type CosmosTarget =
  | { kind: 'account'; endpoint: string; key: string }
  | { kind: 'entra'; endpoint: string }
  | { kind: 'embedded'; endpoint: string; key?: string };

export interface CosmosHandle {
  client: CosmosClient;
  database: Database;
  container(name: ContainerName): ReturnType<Database['container']>;
}

// The in-process server makes a random key at start; an external emulator (COSMOS_EMULATOR) takes this one.
const EMBEDDED_KEY = 'bG9jYWwtZW1iZWRkZWQtY29zbW9zLWtleQ==';

export function createCosmosClient(target: CosmosTarget): CosmosClient {
  switch (target.kind) {
    case 'account':
      return new CosmosClient({ endpoint: target.endpoint, key: target.key });
    case 'entra': {
      // Loaded lazily: only deployments that use a managed identity pay for it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DefaultAzureCredential } = require('@azure/identity');
      return new CosmosClient({ endpoint: target.endpoint, aadCredentials: new DefaultAzureCredential() });
    }
    case 'embedded':
      return new CosmosClient({
        endpoint: target.endpoint,
        key: target.key ?? EMBEDDED_KEY,
        // The embedded server's certificate is self-signed: trust it for this client only.
        agent: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
        connectionPolicy: { enableEndpointDiscovery: false, requestTimeout: 10_000 },
      });
  }
}

/** References to the database and its containers: no request is made. */
export function handleOf(client: CosmosClient, databaseId: string): CosmosHandle {
  const database = client.database(databaseId);
  return { client, database, container: (name) => database.container(name) };
}

/** Creates the database and containers if absent (never `replace`: see docs/stack.md). */
export async function prepareDatabase(handle: CosmosHandle): Promise<void> {
  await handle.client.databases.createIfNotExists({ id: handle.database.id });
  for (const id of CONTAINER_NAMES) {
    await handle.database.containers.createIfNotExists({ id, partitionKey: { paths: ['/pk'] } });
  }
}

/** Cheap liveness probe for /healthz: one metadata read. */
export async function pingDatabase(handle: CosmosHandle): Promise<void> {
  await handle.database.read();
}
