import { createHttpsServer } from '@vercel/cosmosdb-server';
import type { IncomingMessage, ServerResponse } from 'http';
import type { Server } from 'https';
import { AddressInfo, Socket } from 'net';

export interface CosmosRequest {
  method: string;
  path: string;
  isQuery: boolean;
  /** The fault it was answered with, if any. */
  status?: number;
}

interface Fault {
  status: 429 | 503 | 500;
  remaining: number;
  matches(r: CosmosRequest): boolean;
}

const BODIES = {
  429: { code: 'TooManyRequests', message: 'Request rate is large. More Request Units may be needed.' },
  503: { code: 'ServiceUnavailable', message: 'Service is currently unavailable.' },
  500: { code: 'InternalServerError', message: 'Unknown server error occurred when processing this request.' },
};

/**
 * The embedded Cosmos server with faults on demand, for the bot's store to talk to through the
 * real SDK: the next matching requests answered 429 (with x-ms-retry-after-ms), 503 or 500, or
 * the server unreachable (every connection reset) until it comes back.
 */
export class FaultyCosmos {
  private readonly server: Server = createHttpsServer({ keepAlive: true } as never) as Server;
  private readonly sockets = new Set<Socket>();
  private faults: Fault[] = [];
  private holding: ((r: CosmosRequest) => boolean) | null = null;
  private readonly held: ServerResponse[] = [];
  private frozen: Array<() => boolean> | null = null;
  private isDown = false;
  readonly seen: CosmosRequest[] = [];
  endpoint = '';

  async start(): Promise<this> {
    const handlers = this.server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    this.server.removeAllListeners('request');
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const request: CosmosRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        isQuery:
          String(req.headers['x-ms-documentdb-isquery'] ?? '').toLowerCase() === 'true' ||
          String(req.headers['content-type'] ?? '').includes('query+json'),
      };
      this.seen.push(request);
      if (this.frozen) {
        // Served at the thaw, in arrival order, unless the client gave up meanwhile.
        this.frozen.push(() => {
          if (req.destroyed || res.destroyed || !res.socket || res.socket.destroyed) return false;
          for (const h of handlers) h.call(this.server, req, res);
          return true;
        });
        return;
      }
      if (this.holding?.(request)) {
        this.held.push(res);
        return;
      }
      const fault = this.faults.find((f) => f.remaining > 0 && f.matches(request));
      if (!fault) {
        for (const h of handlers) h.call(this.server, req, res);
        return;
      }
      fault.remaining--;
      request.status = fault.status;
      req.resume();
      res.statusCode = fault.status;
      res.setHeader('content-type', 'application/json');
      if (fault.status === 429) res.setHeader('x-ms-retry-after-ms', '20');
      res.end(JSON.stringify(BODIES[fault.status]));
    });
    this.server.on('connection', (socket: Socket) => {
      if (this.isDown) return void socket.destroy();
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.endpoint = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `count` requests that match answer `status` instead of being served. */
  fail(status: Fault['status'], count: number, matches: (r: CosmosRequest) => boolean = () => true): void {
    this.faults.push({ status, remaining: count, matches });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Matching requests get no answer: their client waits (a process can then be killed mid-turn). */
  hold(matches: (r: CosmosRequest) => boolean): void {
    this.holding = matches;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Stops holding; the held requests are cut, never carried out. */
  dropHeld(): void {
    this.holding = null;
    for (const res of this.held.splice(0)) res.socket?.destroy();
  }

  /**
   * A brownout: every request (reads, queries, writes) waits, unanswered, until `thaw()`. The
   * SDK's own request timeout runs out meanwhile if the freeze lasts longer than it.
   */
  freeze(): void {
    this.frozen ??= [];
  }

  /** Ends a freeze: what waited is carried out in arrival order, except requests whose client gave up (cut). Returns how many were served. */
  thaw(): number {
    const waiting = this.frozen ?? [];
    this.frozen = null;
    return waiting.filter((serve) => serve()).length;
  }

  get frozenCount(): number {
    return this.frozen?.length ?? 0;
  }

  /** Unreachable: open connections are cut and new ones reset, until `up()`. */
  down(): void {
    this.isDown = true;
    for (const s of this.sockets) s.destroy();
  }

  up(): void {
    this.isDown = false;
  }

  async stop(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Writes of documents (create, upsert, replace, delete), not queries or reads. */
export const documentWrites = (r: CosmosRequest) => r.method !== 'GET' && !r.isQuery && /\/docs/.test(r.path);
