import http from 'http';
import { AddressInfo } from 'net';

/** One call the bot made to the Bot Connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  body: any;
  status: number;
  at: number;
}

export interface RosterMember {
  id: string;
  name: string;
  aadObjectId: string;
  tenantId?: string;
  email?: string;
  /** The user principal name, when Teams gives it apart from the mail (else the mail). */
  upn?: string;
}

/** Decides a call's answer; return undefined to let the normal answer through. */
export type FaultHook = (call: { method: string; path: string; conversationId: string; body: any; at: number }) =>
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** No answer at all (the call is recorded with status 0): the bot's request times out. */
  | { hang: true }
  | undefined;

/**
 * A loopback stand-in for the Bot Connector service: records what the bot sends, answers like
 * Teams does, serves a roster, and can be told to fail (429, 403, 5xx) through `fault`.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  roster: RosterMember[] = [];
  teams: Array<{ id: string; name: string; channels: Array<{ id: string; name: string }> }> = [];
  fault: FaultHook | undefined;
  /** How long each call waits before its answer (Teams takes a few hundred ms). */
  latencyMs = 0;
  private server: http.Server | null = null;
  private nextId = 1;
  private waiters: Array<() => void> = [];
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Messages (new or replies) the bot posted, optionally in one conversation (a channel: any of its threads). */
  sent(conversationId?: string): any[] {
    return this.calls
      .filter((c) => c.method === 'POST' && c.status >= 200 && c.status < 300 && /\/activities(\/[^/]+)?$/.test(c.path))
      .filter((c) => !conversationId || c.conversationId.split(';')[0] === conversationId)
      .map((c) => c.body);
  }

  /** Resolves when `predicate` holds, or rejects after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('FakeConnector.waitFor: timed out');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  reset(): void {
    this.calls.length = 0;
    this.fault = undefined;
    this.latencyMs = 0;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? JSON.parse(raw) : undefined;
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      const conversationId = /^\/v3\/conversations\/([^/]+)/.exec(path)?.[1] ?? '';
      const method = req.method ?? 'GET';
      let faulty: ReturnType<FaultHook>;
      try {
        faulty = this.fault?.({ method, path, conversationId, body, at: arrived });
      } catch (e) {
        faulty = { status: 500, body: { error: { code: 'FaultHookFailed', message: String(e) } } };
      }
      if (faulty && 'hang' in faulty) {
        this.calls.push({ method, path, conversationId, body, status: 0, at: arrived });
        return;
      }
      const answer = faulty ?? this.answer(method, path, conversationId, body);
      this.calls.push({ method, path, conversationId, body, status: answer.status, at: arrived });
      const reply = () => {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        this.waiters.splice(0).forEach((w) => w());
      };
      if (this.latencyMs > 0) setTimeout(reply, this.latencyMs);
      else reply();
    });
  }

  private answer(
    method: string,
    path: string,
    conversationId: string,
    body: any,
  ): { status: number; headers?: Record<string, string>; body?: unknown } {
    if (method === 'POST' && path === '/v3/conversations') {
      return { status: 201, body: { id: `a:1:1-${body?.members?.[0]?.id ?? 'conv'}-${this.nextId++}` } };
    }
    if (method === 'POST' && /\/activities(\/[^/]+)?$/.test(path))
      return { status: 201, body: { id: `activity-${this.nextId++}` } };
    if (method === 'PUT' && /\/activities\/[^/]+$/.test(path))
      return { status: 200, body: { id: path.split('/').pop() } };
    if (method === 'DELETE') return { status: 200 };
    const team = /^\/v3\/teams\/([^/]+)(\/conversations)?$/.exec(path);
    if (method === 'GET' && team) {
      const found = this.teams.find((t) => t.id === team[1]);
      if (!found) return { status: 404, body: { error: { code: 'TeamNotFound' } } };
      return team[2]
        ? { status: 200, body: { conversations: found.channels } }
        : { status: 200, body: { id: found.id, name: found.name, aadGroupId: 'group' } };
    }
    if (method === 'GET' && path.endsWith('/pagedmembers'))
      return { status: 200, body: { members: this.roster.map(asAccount) } };
    if (method === 'GET' && path.endsWith('/members')) return { status: 200, body: this.roster.map(asAccount) };
    const member = /\/members\/([^/]+)$/.exec(path);
    if (method === 'GET' && member) {
      const found = this.roster.find((m) => m.id === member[1] || m.aadObjectId === member[1]);
      return found
        ? { status: 200, body: asAccount(found) }
        : { status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } };
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `${method} ${path} (${conversationId})` } } };
  }
}

const asAccount = (m: RosterMember) => ({
  id: m.id,
  name: m.name,
  aadObjectId: m.aadObjectId,
  tenantId: m.tenantId,
  email: m.email,
  userPrincipalName: m.upn ?? m.email,
  userRole: 'user',
});
