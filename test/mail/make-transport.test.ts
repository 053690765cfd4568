import { mkdtemp, readdir, rm } from 'fs/promises';
import { tmpdir } from 'os';
import path from 'path';
import { loadConfig } from '../../src/config';
import { Logger } from '../../src/logger';
import { makeTransport } from '../../src/mail/make-transport';
import { FakeGraph } from '../support/fake-graph';
import { sampleMail } from '../support/mail-sample';
import { SmtpRelay } from '../support/smtp-relay';

const logs: string[] = [];
const log: Logger = { info: (msg) => logs.push(msg), error: (msg) => logs.push(msg) };
beforeEach(() => logs.splice(0));

describe('from the configuration to a transport', () => {
  it('has none in production when no transport is chosen, and says so at start', () => {
    const config = loadConfig({
      MICROSOFT_APP_ID: 'id',
      MICROSOFT_APP_PASSWORD: 'secret',
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
      COSMOS_KEY: 'key',
      PUBLIC_BASE_URL: 'https://centrale-bot.example.org',
    });
    expect(makeTransport(config.mail, log)).toBeNull();
    expect(logs).toEqual([expect.stringMatching(/^Aucun envoi de courriel configuré \(MAIL_TRANSPORT\)/)]);
  });

  it('writes .eml files into the data folder in local mode', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'donnees-'));
    try {
      const transport = makeTransport(loadConfig({ BOT_MODE: 'local', DATA_DIR: dataDir }).mail, log)!;
      expect(transport).toMatchObject({ name: 'fichiers', mailbox: 'centrale@localhost.invalid' });
      expect(await transport.send(sampleMail())).toMatchObject({ kind: 'accepted' });
      expect(await readdir(path.join(dataDir, 'courriels'))).toHaveLength(1);
      expect(logs).toEqual([expect.stringContaining(path.join(dataDir, 'courriels'))]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('sends through the SMTP relay of SMTP_URL, trusting SMTP_CA_FILE', async () => {
    const relay = await new SmtpRelay().start();
    const transport = makeTransport(
      loadConfig({
        BOT_MODE: 'local',
        MAIL_TRANSPORT: 'smtp',
        MAIL_FROM: 'convocations@centrale.example.org',
        SMTP_URL: relay.url(),
        SMTP_CA_FILE: relay.caFile,
      }).mail,
      log,
    )!;
    try {
      expect(transport).toMatchObject({ name: 'smtp', mailbox: 'convocations@centrale.example.org' });
      expect(await transport.send(sampleMail())).toMatchObject({ kind: 'accepted' });
      expect(relay.received.map((m) => m.secure)).toEqual([true]);
    } finally {
      await transport.close?.();
      await relay.stop();
    }
  });

  it('sends through Microsoft Graph as GRAPH_MAILBOX', async () => {
    const graph = await new FakeGraph().start();
    const settings = loadConfig({
      BOT_MODE: 'local',
      MAIL_TRANSPORT: 'graph',
      MAIL_FROM: 'convocations@centrale.example.org',
      GRAPH_MAILBOX: 'envois@centrale.example.org',
      GRAPH_TENANT_ID: 'tenant',
      GRAPH_CLIENT_ID: 'client',
      GRAPH_CLIENT_SECRET: 'secret',
      GRAPH_BASE_URL: graph.graphUrl,
      GRAPH_AUTHORITY_HOST: graph.authorityHost,
    }).mail;
    try {
      const transport = makeTransport(settings, log, { authorityCa: graph.ca })!;
      expect(transport).toMatchObject({ name: 'graph', mailbox: 'envois@centrale.example.org' });
      expect(await transport.send(sampleMail())).toMatchObject({ kind: 'accepted' });
      expect(graph.requests.map((r) => r.mailbox)).toEqual(['envois@centrale.example.org']);
    } finally {
      await graph.stop();
    }
  });
});
