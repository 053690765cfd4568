import { createHttpsServer } from '@vercel/cosmosdb-server';
import { AddressInfo, Socket } from 'net';
import path from 'path';
import type { Server } from 'https';

/**
 * The in-process Cosmos emulator used in local mode and in tests. It keeps data in memory
 * only, so writes mark it dirty and a snapshot module (snapshot.ts) saves it to a file.
 */
export interface EmbeddedCosmos {
  endpoint: string;
  /** Called after every write the server answered. */
  onWrite(listener: () => void): void;
  stop(): Promise<void>;
}

export async function startEmbeddedCosmos(): Promise<EmbeddedCosmos> {
  // HTTPS: the SDK refuses plain HTTP. The bundled certificate is self-signed and expired, so
  // only the client of this server skips verification (cosmos-client.ts).
  const server: Server = createHttpsServer({ keepAlive: true } as never) as Server;
  const listeners: Array<() => void> = [];
  server.on('request', (req, res) => {
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
    onWrite: (l) => listeners.push(l),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

export const defaultSnapshotPath = (dataDir: string) => path.resolve(dataDir, 'cosmos-snapshot.json');
