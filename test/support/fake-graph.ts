import http from 'http';
import https from 'https';
import { AddressInfo } from 'net';
import { selfSignedCertificate } from './smtp-relay';

export interface GraphReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphRequest {
  mailbox: string;
  contentType: string;
  authorization: string;
  /** The MIME message, decoded from the base64 body. */
  mime: Buffer;
}

/**
 * Microsoft Graph's sendMail and the Entra token endpoint, on loopback. The token service is
 * HTTPS with a certificate made at test time (Microsoft's sign-in library only speaks https to
 * an authority; the tests trust that certificate through `ca`), Graph plain HTTP. Each sendMail
 * answers from the script (202 once it is empty) and is kept with its decoded MIME.
 */
export class FakeGraph {
  readonly requests: GraphRequest[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  graphUrl = '';
  authorityHost = '';
  ca = '';
  /** The token service refuses the client secret (AADSTS7000215). */
  refuseSecret = false;
  private readonly script: GraphReply[] = [];
  private graph: http.Server | null = null;
  private authority: https.Server | null = null;
  private certificate: ReturnType<typeof selfSignedCertificate> | null = null;
  private issued = 0;

  /** The next sendMail calls answer these, in order. */
  reply(...replies: GraphReply[]): this {
    this.script.push(...replies);
    return this;
  }

  async start(): Promise<this> {
    this.certificate = selfSignedCertificate();
    this.ca = this.certificate.cert;
    this.authority = https.createServer({ key: this.certificate.key, cert: this.certificate.cert }, (req, res) =>
      this.token(req, res),
    );
    this.graph = http.createServer((req, res) => this.sendMail(req, res));
    await Promise.all([listen(this.authority), listen(this.graph)]);
    this.authorityHost = `https://127.0.0.1:${(this.authority.address() as AddressInfo).port}`;
    this.graphUrl = `http://127.0.0.1:${(this.graph.address() as AddressInfo).port}`;
    return this;
  }

  private token(req: http.IncomingMessage, res: http.ServerResponse) {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', this.authorityHost);
    const tenant = url.pathname.split('/')[1] ?? '';
    const base = `${this.authorityHost}/${tenant}`;
    if (req.method === 'GET' && url.pathname.endsWith('/.well-known/openid-configuration')) {
      return json(200, {
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.method === 'POST' && url.pathname.endsWith('/oauth2/v2.0/token')) {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        this.tokenRequests.push(form);
        if (this.refuseSecret)
          return json(401, {
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret provided.',
            error_codes: [7000215],
          });
        this.issued++;
        json(200, {
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: `jeton-${this.issued}`,
        });
      });
      return;
    }
    json(404, { error: 'not_found' });
  }

  private sendMail(req: http.IncomingMessage, res: http.ServerResponse) {
    const match = /^\/v1\.0\/users\/([^/]+)\/sendMail$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !match) {
        res.writeHead(404).end();
        return;
      }
      const reply = this.script.shift() ?? { status: 202 };
      this.requests.push({
        mailbox: decodeURIComponent(match[1]!),
        contentType: req.headers['content-type'] ?? '',
        authorization: req.headers.authorization ?? '',
        mime: Buffer.from(Buffer.concat(chunks).toString('ascii'), 'base64'),
      });
      res.writeHead(reply.status, {
        'request-id': `req-${this.requests.length}`,
        ...(reply.body ? { 'content-type': 'application/json' } : {}),
        ...reply.headers,
      });
      res.end(reply.body ? JSON.stringify(reply.body) : undefined);
    });
  }

  async stop(): Promise<void> {
    for (const server of [this.graph, this.authority]) {
      if (!server) continue;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    this.certificate?.dispose();
  }
}

const listen = (server: http.Server | https.Server) =>
  new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
