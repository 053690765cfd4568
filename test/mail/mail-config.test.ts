import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { loadConfig } from '../../src/config';
import { MailSettings } from '../../src/mail/make-transport';

const production = {
  MICROSOFT_APP_ID: 'app-id',
  MICROSOFT_APP_PASSWORD: 'app-secret',
  COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
  COSMOS_KEY: 'key',
  PUBLIC_BASE_URL: 'https://centrale-bot.example.org',
};
const exchangeLimits = [
  { count: 30, windowMs: 60_000 },
  { count: 10_000, windowMs: 86_400_000 },
];

describe('mail settings', () => {
  it('writes .eml files into the data folder in local mode, with nothing to set', () => {
    const mail: MailSettings | null = loadConfig({ BOT_MODE: 'local', DATA_DIR: '/tmp/donnees' }).mail;
    expect(mail).toEqual({
      transport: 'fichiers',
      folder: path.join('/tmp/donnees', 'courriels'),
      from: { name: 'Centrale d’achat', address: 'centrale@localhost.invalid' },
      limits: exchangeLimits,
    });
  });

  it('sends no e-mail in production unless a transport is chosen', () => {
    expect(loadConfig(production).mail).toBeNull();
  });

  it('reads an SMTP relay: its URL, the sender and an optional CA file that must exist', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ca-'));
    const ca = path.join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    try {
      const smtp = {
        ...production,
        MAIL_TRANSPORT: 'smtp',
        MAIL_FROM: 'convocations@centrale.example.org',
        MAIL_FROM_NAME: 'Centrale d’achat — Métropole de Lyon',
        SMTP_URL: 'smtp://relais:mot%20de%20passe@smtp.example.org:587',
      };
      expect(loadConfig({ ...smtp, SMTP_CA_FILE: ca }).mail).toEqual({
        transport: 'smtp',
        url: smtp.SMTP_URL,
        caFile: ca,
        from: { name: 'Centrale d’achat — Métropole de Lyon', address: 'convocations@centrale.example.org' },
        limits: exchangeLimits,
      });
      expect(() => loadConfig({ ...smtp, SMTP_CA_FILE: path.join(dir, 'absent.pem') })).toThrow(
        /SMTP_CA_FILE: .*absent\.pem/,
      );
      const { SMTP_URL: _u, ...noUrl } = smtp;
      expect(() => loadConfig(noUrl)).toThrow(/MAIL_TRANSPORT=smtp needs SMTP_URL/);
      expect(() => loadConfig({ ...smtp, SMTP_URL: 'http://smtp.example.org' })).toThrow(
        /SMTP_URL: .*smtp:\/\/.*smtps:\/\//,
      );
      const { MAIL_FROM: _f, ...noFrom } = smtp;
      expect(() => loadConfig(noFrom)).toThrow(/MAIL_FROM/);
      expect(() => loadConfig({ ...smtp, MAIL_FROM: 'pas une adresse' })).toThrow(/MAIL_FROM:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads Microsoft Graph, borrowing the bot’s own registration unless told otherwise', () => {
    const graph = {
      ...production,
      MICROSOFT_APP_TYPE: 'SingleTenant',
      MICROSOFT_APP_TENANT_ID: 'tenant-du-bot',
      MAIL_TRANSPORT: 'graph',
      MAIL_FROM: 'convocations@centrale.example.org',
    };
    expect(loadConfig(graph).mail).toEqual({
      transport: 'graph',
      mailbox: 'convocations@centrale.example.org',
      tenantId: 'tenant-du-bot',
      clientId: 'app-id',
      clientSecret: 'app-secret',
      from: { name: 'Centrale d’achat', address: 'convocations@centrale.example.org' },
      limits: exchangeLimits,
    });
    expect(
      loadConfig({
        ...graph,
        GRAPH_MAILBOX: 'envois@centrale.example.org',
        GRAPH_TENANT_ID: 'autre-tenant',
        GRAPH_CLIENT_ID: 'autre-app',
        GRAPH_CLIENT_SECRET: 'autre-secret',
        GRAPH_BASE_URL: 'https://graph.microsoft.us',
        GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      }).mail,
    ).toMatchObject({
      mailbox: 'envois@centrale.example.org',
      tenantId: 'autre-tenant',
      clientId: 'autre-app',
      clientSecret: 'autre-secret',
      baseUrl: 'https://graph.microsoft.us',
      authorityHost: 'https://login.microsoftonline.us',
    });
    // A multi-tenant bot has no tenant of its own: the mailbox's tenant must be named.
    const { MICROSOFT_APP_TENANT_ID: _t, ...multi } = { ...graph, MICROSOFT_APP_TYPE: 'MultiTenant' };
    expect(() => loadConfig(multi)).toThrow(/MAIL_TRANSPORT=graph needs GRAPH_TENANT_ID/);
    expect(() => loadConfig({ ...graph, GRAPH_AUTHORITY_HOST: 'pas-une-url' })).toThrow(/GRAPH_AUTHORITY_HOST:/);
  });

  it('reads the per-mailbox sending limits, and says what it expects when they are malformed', () => {
    expect(loadConfig({ BOT_MODE: 'local', MAIL_LIMITS: '20/1m, 500/1h ,2000/1d' }).mail?.limits).toEqual([
      { count: 20, windowMs: 60_000 },
      { count: 500, windowMs: 3_600_000 },
      { count: 2000, windowMs: 86_400_000 },
    ]);
    expect(() => loadConfig({ BOT_MODE: 'local', MAIL_LIMITS: '30 par minute' })).toThrow(
      /MAIL_LIMITS: expected e\.g\. 30\/1m,10000\/1d/,
    );
    expect(() => loadConfig({ BOT_MODE: 'local', MAIL_LIMITS: '0/1m' })).toThrow(/MAIL_LIMITS/);
  });

  it('names the transport when it is unknown, and keeps .eml files to local mode', () => {
    expect(() => loadConfig({ BOT_MODE: 'local', MAIL_TRANSPORT: 'sendmail' })).toThrow(/MAIL_TRANSPORT:/);
    expect(() => loadConfig({ ...production, MAIL_TRANSPORT: 'fichiers' })).toThrow(
      /MAIL_TRANSPORT=fichiers .*local mode/,
    );
  });

  it('keeps local mode’s e-mail on this machine', () => {
    const local = { BOT_MODE: 'local', MAIL_TRANSPORT: 'smtp', MAIL_FROM: 'test@example.org' };
    expect(loadConfig({ ...local, SMTP_URL: 'smtp://127.0.0.1:2525' }).mail).toMatchObject({ transport: 'smtp' });
    expect(() => loadConfig({ ...local, SMTP_URL: 'smtp://smtp.example.org:587' })).toThrow(
      /BOT_MODE=local .*SMTP_URL/,
    );
    expect(() =>
      loadConfig({
        BOT_MODE: 'local',
        MAIL_TRANSPORT: 'graph',
        MAIL_FROM: 'test@example.org',
        GRAPH_TENANT_ID: 't',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CLIENT_SECRET: 's',
      }),
    ).toThrow(/BOT_MODE=local .*GRAPH_BASE_URL/);
  });
});
