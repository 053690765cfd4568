import { mkdtempSync } from 'fs';
import os from 'os';
import path from 'path';
import { loadConfig } from '../../src/config';
import { personKey } from '../../src/domain/identity';
import { startBot } from '../../src/main';
import { DEMO_TENANT, NEW_CHANNEL, USERS, cardAction, message } from '../support/activities';
import { quietLogger, startHarness } from '../support/bot-harness';
import { FakeConnector } from '../support/fake-connector';

const CENTRALE = 'metropole-de-lyon';

describe('local mode keeps its data across restarts', () => {
  it('still has channel links, members and roles after a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'centrale-restart-'));
    const first = await startHarness({ DATA_DIR: dataDir });
    first.connector.roster = [USERS.sophie, USERS.amina].map((u) => ({ ...u, tenantId: DEMO_TENANT }));
    const sophie = personKey(DEMO_TENANT, USERS.sophie.aadObjectId);
    const amina = personKey(DEMO_TENANT, USERS.amina.aadObjectId);
    await first.post(cardAction(first.connector.url, USERS.claire, 'channel.link', { instanceId: 'comite-de-dg' }, NEW_CHANNEL));
    await first.post(cardAction(first.connector.url, USERS.claire, 'members.save', { instanceId: 'comite-de-dg', members: `${sophie},${amina}`, organisers: sophie }, NEW_CHANNEL));
    await first.post(cardAction(first.connector.url, USERS.claire, 'roles.save', { personKey: amina, roles: 'referent,coordinateur', memberId: 'villeurbanne' }));
    await first.stop();

    const second = await startHarness({ DATA_DIR: dataDir });
    try {
      const instance = await second.bot.store.governance.getInstance(CENTRALE, 'comite-de-dg');
      expect(instance?.channel?.conversationId).toBe(NEW_CHANNEL.conversationId);
      expect(instance?.members).toEqual([
        { personKey: sophie, organiser: true },
        { personKey: amina, organiser: false },
      ]);
      expect((await second.bot.store.governance.getPerson(CENTRALE, amina))?.roles).toEqual(['referent', 'coordinateur']);
      // And the bot acts on it: in the linked channel, "membres" opens that instance directly.
      second.connector.roster = [];
      await second.post(message(second.connector.url, USERS.claire, 'membres', NEW_CHANNEL));
      const sent = await second.connector.waitFor(() => second.connector.sent(NEW_CHANNEL.conversationId).at(-1));
      expect(JSON.stringify(sent)).toContain('Membres — Comité de DG');
    } finally {
      await second.stop();
    }
  });
});

describe('outside local mode', () => {
  it('refuses to start without Bot Framework credentials, naming the variables', () => {
    expect(() => loadConfig({ COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', COSMOS_KEY: 'k' })).toThrow(/MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are required/);
  });

  it('answers 401 to an unauthenticated request and processes nothing', async () => {
    const connector = await new FakeConnector().start();
    const config = loadConfig({
      BOT_MODE: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      COSMOS_ENDPOINT: 'https://unused.documents.azure.com:443/',
      COSMOS_KEY: 'unused',
      PUBLIC_BASE_URL: 'https://centrale-bot.example.org',
    });
    const bot = await startBot(config, {
      log: quietLogger(),
      store: { kind: 'embedded', databaseId: 'auth-test', snapshotFile: null },
    });
    try {
      const url = `http://127.0.0.1:${bot.port}/api/messages`;
      const post = (headers: Record<string, string>) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(message(connector.url, USERS.claire, 'aide')) });
      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: 'Bearer not.a.jwt' })).status).toBe(401);
      expect(connector.calls).toHaveLength(0);
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });
});

describe('health', () => {
  it('answers 503 on /healthz when the database is unreachable', async () => {
    const h = await startHarness({ EMBEDDED_PERSIST: 'false' });
    try {
      expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
      await h.bot.store.embedded!.stop();
      const res = await fetch(`${h.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'degraded', storage: { status: 'unreachable' } });
      // A card action still gets a French answer, not an HTTP error Teams would show raw.
      const action = await h.post(cardAction(h.connector.url, USERS.claire, 'help.show', {}));
      expect(action.status).toBe(200);
      expect(JSON.stringify(action.body)).toContain('Un problème est survenu');
    } finally {
      await h.stop().catch(() => undefined);
    }
  });
});
