import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import net, { AddressInfo } from 'net';
import { tmpdir } from 'os';
import path from 'path';
import { SMTPServer, SMTPServerAddress, SMTPServerSession } from 'smtp-server';

/** A self-signed certificate for 127.0.0.1, made at test time with openssl (none is committed). */
export function selfSignedCertificate(): { key: string; cert: string; certFile: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-relay-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    certFile,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ReceivedMessage {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  /** The session was under TLS when the message was given (STARTTLS or implicit TLS). */
  secure: boolean;
  user: string | undefined;
}

type Script = { code: number; times: number | 'always'; text: string };

/**
 * An SMTP relay on 127.0.0.1 (smtp-server) with STARTTLS (or implicit TLS), optional
 * authentication, replies scripted per recipient address, and every accepted message kept whole.
 */
export class SmtpRelay {
  readonly received: ReceivedMessage[] = [];
  /** RCPT TO attempts per address, refused or not. */
  readonly attempts = new Map<string, number>();
  port = 0;
  private server: SMTPServer | null = null;
  private readonly scripts = new Map<string, Script>();
  private certificate: ReturnType<typeof selfSignedCertificate> | null = null;

  constructor(
    private readonly options: {
      auth?: { user: string; pass: string };
      implicitTls?: boolean;
      /** No TLS at all (no STARTTLS offered): a relay the transport must refuse to use. */
      plain?: boolean;
      /** How long the relay takes to answer a message it received (a busy relay). */
      answerDelayMs?: number;
    } = {},
  ) {}

  /** The CA file a client needs to trust this relay's certificate. */
  get caFile(): string {
    return this.certificate!.certFile;
  }

  /** Refuse this address with `code` for its first `times` attempts (or always). */
  refuse(address: string, code: number, times: number | 'always' = 'always', text = 'refusé par le relais de test') {
    this.scripts.set(address.toLowerCase(), { code, times, text });
    return this;
  }

  async start(): Promise<this> {
    this.certificate = selfSignedCertificate();
    const { auth, implicitTls = false, plain = false } = this.options;
    this.server = new SMTPServer({
      secure: implicitTls,
      key: this.certificate.key,
      cert: this.certificate.cert,
      authOptional: !auth,
      disabledCommands: [...(auth ? [] : ['AUTH']), ...(plain ? ['STARTTLS'] : [])],
      logger: false,
      onAuth: (a, _session, callback) => {
        if (auth && a.username === auth.user && a.password === auth.pass) return callback(null, { user: a.username });
        const err = Object.assign(new Error('Identifiants refusés'), { responseCode: 535 });
        callback(err);
      },
      onRcptTo: (address: SMTPServerAddress, _session: SMTPServerSession, callback) => {
        const key = address.address.toLowerCase();
        const attempt = (this.attempts.get(key) ?? 0) + 1;
        this.attempts.set(key, attempt);
        const script = this.scripts.get(key);
        if (script && (script.times === 'always' || attempt <= script.times)) {
          return callback(Object.assign(new Error(`${script.text} (${key})`), { responseCode: script.code }));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.received.push({
            raw: Buffer.concat(chunks),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            secure: session.secure,
            user: session.user as string | undefined,
          });
          const n = this.received.length;
          setTimeout(() => callback(null, `OK: message ${n} mis en file`), this.options.answerDelayMs ?? 0);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** smtp://… (STARTTLS) or smtps://… (implicit TLS) to this relay, with the credentials if any. */
  url(credentials: { user: string; pass: string } | undefined = this.options.auth): string {
    const scheme = this.options.implicitTls ? 'smtps' : 'smtp';
    const userinfo = credentials
      ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@`
      : '';
    return `${scheme}://${userinfo}127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
    this.certificate?.dispose();
  }
}

/** A loopback port where nothing listens (a relay that is down). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
