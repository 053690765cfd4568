import { createHttpsServer } from '@vercel/cosmosdb-server';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';
import path from 'path';
import type { Server } from 'https';

/**
 * The in-process Cosmos emulator used in local mode and in tests. It keeps data in memory
 * only, so writes mark it dirty and a snapshot module (snapshot.ts) saves it to a file.
 */
export interface EmbeddedCosmos {
  endpoint: string;
  /** A random master key made at start: requests not signed with it are refused (401). */
  key: string;
  /** Called after every write the server answered. */
  onWrite(listener: () => void): void;
  /** Called after every request the server answered (benchmarks count them: each would cost RU on Azure). */
  onRequest(listener: (r: CosmosRequest) => void): void;
  /**
   * Puts documents straight into the server's memory (no HTTPS request each, no write listener
   * called): for a snapshot restore or a seed. The database and container must exist. Each
   * document replaces one with the same id in its partition, as an upsert does. With `adopt`,
   * the objects themselves are stored (and get the system fields): the caller must not keep them.
   */
  load(
    databaseId: string,
    container: string,
    docs: Iterable<Record<string, unknown>>,
    options?: { adopt?: boolean },
  ): number;
  /** The documents of a container as the server holds them (with its system fields), read from memory. */
  documents(databaseId: string, container: string): Array<Record<string, unknown>>;
  /**
   * Tells `listener` of every change to a container's documents as the server makes it (a
   * request's, or a `load`'s): the document as stored, or the id and partition key of a deleted one.
   */
  watch(databaseId: string, container: string, listener: (change: DocumentChange) => void): void;
  /** Deletes a document straight from memory (a journal's replay); false when it was not there. */
  remove(databaseId: string, container: string, id: string, partitionKey: unknown): boolean;
  stop(): Promise<void>;
}

export type DocumentChange =
  { kind: 'put'; doc: Record<string, unknown> } | { kind: 'delete'; id: string; partitionKey: unknown };

/** One request the embedded server answered, as a benchmark counts it. */
export interface CosmosRequest {
  method: string;
  path: string;
  /** A query plan request (the SDK asks one before a query that does not name its partition). */
  queryPlan: boolean;
  query: boolean;
  /** The partition the request names (a query without one runs across partitions). */
  partitionKey: string | null;
  status: number;
  /** Bytes of the answer's body. */
  bytes: number;
}

export async function startEmbeddedCosmos(): Promise<EmbeddedCosmos> {
  // HTTPS: the SDK refuses plain HTTP. The bundled certificate is self-signed and expired, so
  // only the client of this server skips verification (cosmos-client.ts).
  const server: Server = createHttpsServer({ keepAlive: true } as never) as Server;
  // The SDK keeps its sockets open between requests; a server that closes an idle one first (Node's
  // 5 s default) races the SDK's next request on it: « socket hang up », ECONNRESET under load.
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = 10 * 60_000 + 1_000;
  const key = randomBytes(32).toString('base64');
  requireMasterKey(server, key);
  const listeners: Array<() => void> = [];
  const requestListeners: Array<(r: CosmosRequest) => void> = [];
  server.on('request', (req, res) => {
    if (requestListeners.length > 0) countAnswer(req, res, (r) => requestListeners.forEach((l) => l(r)));
    const isQuery =
      String(req.headers['x-ms-documentdb-isquery'] ?? '').toLowerCase() === 'true' ||
      String(req.headers['content-type'] ?? '').includes('query+json');
    const isWrite = req.method !== 'GET' && req.method !== 'HEAD' && !isQuery;
    if (isWrite) res.on('finish', () => listeners.forEach((l) => l()));
  });
  // Every TCP socket, including those still in their TLS handshake, which closeAllConnections()
  // does not see: one of them finishing after close() would keep the server open for good.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key,
    onWrite: (l) => listeners.push(l),
    onRequest: (l) => requestListeners.push(l),
    load: (databaseId, container, docs, options) => loadInto(server, databaseId, container, docs, options?.adopt),
    documents: (databaseId, container) =>
      [...collectionOf(server, databaseId, container).documents._data.values()].map((item) => item.read()),
    watch: (databaseId, container, listener) => watchCollection(server, databaseId, container, listener),
    remove: (databaseId, container, id, partitionKey) => {
      const docs = collectionOf(server, databaseId, container).documents;
      if (!docs._item('/id', id, partitionKey).read()) return false;
      docs.delete(id, partitionKey);
      return true;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * What the server library keeps of a container (lib/account/items.js; the patch in patches/
 * exposes the account as `server.account`): documents by _rid, each changed by `_set` (create,
 * replace, upsert: always a new object) or `delete`.
 */
interface MemoryDocuments {
  _data: Map<string, { read(): Record<string, unknown> }>;
  _set(data: Record<string, unknown>): Record<string, unknown>;
  delete(idOrRid: string, partition?: unknown): void;
  _getPartition(data: Record<string, unknown>): unknown;
  _item(keyPath: string, id: string, partition: unknown): { read(): Record<string, unknown> | undefined };
  _index: Map<string, string>;
  _getId(keyPath: string, id: unknown, partition: unknown): string;
  _uniqueKeyPaths: string[];
  _ridCount: number;
  _rid(n: number): string;
  _self(rid: string): string;
  upsert(doc: Record<string, unknown>): unknown;
}
interface MemoryCollection {
  read(): unknown;
  documents: MemoryDocuments;
}

function collectionOf(server: Server, databaseId: string, container: string): MemoryCollection {
  const account = (
    server as Server & { account?: { database(id: string): { collection(id: string): MemoryCollection } } }
  ).account;
  if (!account)
    throw new Error('The embedded Cosmos server does not expose its account: is patches/ applied (npm ci)?');
  const collection = account.database(databaseId).collection(container);
  if (!collection.read()) throw new Error(`No container ${container} in database ${databaseId}`);
  return collection;
}

function watchCollection(
  server: Server,
  databaseId: string,
  container: string,
  listener: (change: DocumentChange) => void,
): void {
  const docs = collectionOf(server, databaseId, container).documents;
  const set = docs._set.bind(docs);
  const remove = docs.delete.bind(docs);
  docs._set = (data) => {
    const stored = set(data);
    listener({ kind: 'put', doc: stored });
    return stored;
  };
  docs.delete = (idOrRid, partition) => {
    const doc = docs._item('/id', idOrRid, partition).read();
    remove(idOrRid, partition);
    if (doc) listener({ kind: 'delete', id: String(doc.id), partitionKey: docs._getPartition(doc) });
  };
}

function loadInto(
  server: Server,
  databaseId: string,
  container: string,
  docs: Iterable<Record<string, unknown>>,
  adopt = false,
): number {
  const items = collectionOf(server, databaseId, container).documents;
  const ts = Math.floor(Date.now() / 1000);
  let n = 0;
  for (const doc of docs) {
    n++;
    // A document new to the container (a restore into an empty one): stored as `create` would,
    // without its look-ups. One already there, or a container with unique keys: the library's upsert.
    if (items._uniqueKeyPaths.length > 1 || items._index.has(items._getId('/id', doc.id, items._getPartition(doc)))) {
      items.upsert(doc);
      continue;
    }
    items._ridCount += 1;
    const rid = items._rid(items._ridCount);
    // Adopted (a restore's freshly parsed documents): stored as they are, no copy each.
    const stored = adopt ? doc : { ...doc };
    stored._etag = randomUUID();
    stored._rid = rid;
    stored._self = items._self(rid);
    stored._ts = ts;
    items._set(stored);
  }
  return n;
}

function countAnswer(req: IncomingMessage, res: ServerResponse, done: (r: CosmosRequest) => void): void {
  let bytes = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const size = (chunk: unknown) =>
    typeof chunk === 'string' ? Buffer.byteLength(chunk) : Buffer.isBuffer(chunk) ? chunk.length : 0;
  res.write = ((...args: unknown[]) => {
    bytes += size(args[0]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (typeof args[0] !== 'function') bytes += size(args[0]);
    return end(...args);
  }) as typeof res.end;
  res.on('finish', () =>
    done({
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0]!,
      queryPlan: String(req.headers['x-ms-cosmos-is-query-plan-request'] ?? '').toLowerCase() === 'true',
      query:
        String(req.headers['x-ms-documentdb-isquery'] ?? '').toLowerCase() === 'true' ||
        String(req.headers['content-type'] ?? '').includes('query+json'),
      partitionKey:
        typeof req.headers['x-ms-documentdb-partitionkey'] === 'string'
          ? req.headers['x-ms-documentdb-partitionkey']
          : null,
      status: res.statusCode,
      bytes,
    }),
  );
}

export const defaultSnapshotPath = (dataDir: string) => path.resolve(dataDir, 'cosmos-snapshot.json');

/**
 * The emulator library accepts any key; this checks each request's master-key signature as
 * Cosmos DB does (HMAC-SHA256 over verb, resource type, resource link and date), so another
 * process on the machine that finds the port cannot read or write the data.
 */
function requireMasterKey(server: Server, masterKey: string): void {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isSigned(req, masterKey)) {
      for (const handler of handlers) handler.call(server, req, res);
      return;
    }
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'Unauthorized', message: 'The request is not signed with this server’s key.' }));
  });
}

export function isSigned(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, masterKey: string): boolean {
  const header = req.headers['authorization'];
  const date = req.headers['x-ms-date'];
  if (typeof header !== 'string' || typeof date !== 'string') return false;
  let given: string;
  let segments: string[];
  try {
    // Not URLSearchParams: it would read the signature's '+' as a space.
    given = /(?:^|&)sig=([^&]*)/.exec(decodeURIComponent(header))?.[1] ?? '';
    segments = (req.url ?? '/').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return false;
  }
  // /dbs/a/colls/b/docs → type docs of dbs/a/colls/b; /dbs/a/colls/b/docs/c → type docs, link the whole path.
  const odd = segments.length % 2 === 1;
  const type = odd ? segments[segments.length - 1]! : (segments[segments.length - 2] ?? '');
  const link = (odd ? segments.slice(0, -1) : segments).join('/');
  const text = `${(req.method ?? '').toLowerCase()}\n${type.toLowerCase()}\n${link}\n${date.toLowerCase()}\n\n`;
  const expected = createHmac('sha256', Buffer.from(masterKey, 'base64')).update(text).digest();
  const actual = Buffer.from(given, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
