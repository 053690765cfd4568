import { KeyObject, createSign, generateKeyPairSync, randomUUID } from 'crypto';
import http from 'http';
import { AddressInfo } from 'net';

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** A JWT signed RS256 with the given key, as the Bot Connector signs the requests it sends a bot. */
export function signJwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
}

/**
 * The Bot Framework's OpenID metadata and signing keys, served on 127.0.0.1 with a key of our
 * own (the real ones are on the internet), so that tests can present valid and invalid tokens.
 */
export class TokenService {
  readonly kid = randomUUID();
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server: http.Server | null = null;
  url = '';
  requests = 0;

  async start(): Promise<this> {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    this.server = http.createServer((req, res) => {
      this.requests++;
      const body =
        req.url === '/keys'
          ? { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }
          : {
              issuer: 'https://api.botframework.com',
              jwks_uri: `${this.url}/keys`,
              id_token_signing_alg_values_supported: ['RS256'],
            };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get metadataUrl(): string {
    return `${this.url}/.well-known/openidconfiguration`;
  }

  /** A token as the Bot Connector would send it, with `overrides` changing or removing (undefined) claims. */
  token(
    appId: string,
    serviceUrl: string,
    overrides: Record<string, unknown> = {},
    key: KeyObject = this.keys.privateKey,
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: 'https://api.botframework.com',
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      exp: now + 3600,
      ...overrides,
    };
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
    return signJwt(claims, key, this.kid);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
