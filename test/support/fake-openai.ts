import http from 'http';
import https from 'https';
import { AddressInfo } from 'net';

/** A request the fake received, as it came over the wire. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** What the fake does with the next chat completion. */
export type FakeAnswer =
  | { kind: 'tool'; name: string; args: Record<string, unknown> }
  | { kind: 'text'; content: string }
  | { kind: 'status'; status: number }
  | { kind: 'hang' };

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 (random port): answers POST …/chat/completions as
 * the API does (a tool call, a text, an error status, or never), and keeps every request.
 */
export class FakeOpenAI {
  readonly requests: ReceivedRequest[] = [];
  answer: FakeAnswer = { kind: 'text', content: 'aucune' };
  private server: http.Server | https.Server;
  private hanging: http.ServerResponse[] = [];
  url = '';

  /** Over https with `tls` (Azure OpenAI's endpoint must be https), else plain http. */
  constructor(private readonly tls?: { key: string; cert: string }) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    this.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = this.tls ? `https://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.requests.length = 0;
    this.answer = { kind: 'text', content: 'aucune' };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body });
      if (req.method !== 'POST' || !(req.url ?? '').split('?')[0]!.endsWith('/chat/completions'))
        return this.json(res, 404, {});
      const a = this.answer;
      if (a.kind === 'hang') {
        this.hanging.push(res);
        return;
      }
      if (a.kind === 'status')
        return this.json(res, a.status, { error: { message: 'fake failure', type: 'server_error' } });
      const message =
        a.kind === 'tool'
          ? {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'call_1', type: 'function', function: { name: a.name, arguments: JSON.stringify(a.args) } },
              ],
            }
          : { role: 'assistant', content: a.content };
      this.json(res, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body?.model ?? 'fake',
        choices: [{ index: 0, message, finish_reason: a.kind === 'tool' ? 'tool_calls' : 'stop', logprobs: null }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    });
  }

  private json(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
