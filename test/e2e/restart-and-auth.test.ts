import { mkdtempSync } from 'fs';
import os from 'os';
import path from 'path';
import { loadConfig } from '../../src/config';
import { personKey } from '../../src/domain/identity';
import { generateKeyPairSync } from 'crypto';
import { RunningBot, startBot } from '../../src/main';
import { DEMO_TENANT, NEW_CHANNEL, USERS, cardAction, message } from '../support/activities';
import { quietLogger, startHarness, productionConfig } from '../support/bot-harness';
import { FakeConnector } from '../support/fake-connector';
import { TokenService } from '../support/token-service';

const CENTRALE = 'metropole-de-lyon';

describe('local mode keeps its data across restarts', () => {
  it('still has channel links, members and roles after a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'centrale-restart-'));
    const first = await startHarness({ DATA_DIR: dataDir });
    first.connector.roster = [USERS.sophie, USERS.amina].map((u) => ({ ...u, tenantId: DEMO_TENANT }));
    const sophie = personKey(DEMO_TENANT, USERS.sophie.aadObjectId);
    const amina = personKey(DEMO_TENANT, USERS.amina.aadObjectId);
    await first.post(
      cardAction(first.connector.url, USERS.claire, 'channel.link', { instanceId: 'comite-de-dg' }, NEW_CHANNEL),
    );
    await first.post(
      cardAction(
        first.connector.url,
        USERS.claire,
        'members.save',
        { instanceId: 'comite-de-dg', members: `${sophie},${amina}`, organisers: sophie },
        NEW_CHANNEL,
      ),
    );
    await first.post(
      cardAction(first.connector.url, USERS.claire, 'roles.save', {
        personKey: amina,
        roles: 'referent,coordinateur',
        memberId: 'villeurbanne',
      }),
    );
    await first.stop();

    const second = await startHarness({ DATA_DIR: dataDir });
    try {
      const instance = await second.bot.store.governance.getInstance(CENTRALE, 'comite-de-dg');
      expect(instance?.channel?.conversationId).toBe(NEW_CHANNEL.conversationId);
      expect(instance?.members).toEqual([
        { personKey: sophie, organiser: true },
        { personKey: amina, organiser: false },
      ]);
      expect((await second.bot.store.governance.getPerson(CENTRALE, amina))?.roles).toEqual([
        'referent',
        'coordinateur',
      ]);
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
    expect(() => loadConfig({ COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', COSMOS_KEY: 'k' })).toThrow(
      /MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are required/,
    );
  });

  describe('every request to /api/messages must carry a valid Bot Framework token', () => {
    const APP_ID = '11111111-2222-3333-4444-555555555555';
    let tokens: TokenService;
    let connector: FakeConnector;
    let bot: RunningBot;
    let url: string;

    beforeAll(async () => {
      // botbuilder prints every refusal on the console; the statuses below are what matters.
      jest.spyOn(console, 'error').mockImplementation(() => undefined);
      tokens = await new TokenService().start();
      connector = await new FakeConnector().start();
      const config = productionConfig(APP_ID);
      bot = await startBot(config, {
        log: quietLogger(),
        store: { kind: 'embedded', databaseId: 'auth-test', snapshotFile: null },
        openIdMetadataUrl: tokens.metadataUrl,
      });
      url = `http://127.0.0.1:${bot.port}/api/messages`;
    });
    afterAll(async () => {
      await bot.stop();
      await connector.stop();
      await tokens.stop();
      jest.restoreAllMocks();
    });

    const help = () => cardAction(connector.url, USERS.claire, 'help.show', {});
    const post = async (activity: unknown, authorization?: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(activity),
      });
      return { status: res.status, text: await res.text() };
    };
    const sophiesChat = () => bot.store.conversations.getForPerson(personKey(DEMO_TENANT, USERS.sophie.aadObjectId));

    it('accepts a token signed by the Bot Framework for this bot and this service URL', async () => {
      const res = await post(help(), `Bearer ${tokens.token(APP_ID, connector.url)}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Assistant de gouvernance de la centrale');
    });

    const refusals: Array<[string, () => string | undefined]> = [
      ['no Authorization header', () => undefined],
      ['a header that is not a JWT', () => 'Bearer not.a.jwt'],
      ['another scheme than Bearer', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      [
        'a token for another bot (wrong audience)',
        () => `Bearer ${tokens.token('99999999-0000-0000-0000-000000000000', connector.url)}`,
      ],
      ['a token without audience', () => `Bearer ${tokens.token(APP_ID, connector.url, { aud: undefined })}`],
      [
        'a token from another issuer',
        () => `Bearer ${tokens.token(APP_ID, connector.url, { iss: 'https://sts.windows.net/evil/' })}`,
      ],
      [
        'an expired token',
        () => `Bearer ${tokens.token(APP_ID, connector.url, { nbf: 1_600_000_000, exp: 1_600_003_600 })}`,
      ],
      [
        'a token signed with another key',
        () =>
          `Bearer ${tokens.token(APP_ID, connector.url, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)}`,
      ],
      ['a token issued for another service URL', () => `Bearer ${tokens.token(APP_ID, 'https://smba.evil.example/')}`],
      [
        'an unsigned token (alg: none)',
        () => {
          const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
          return `Bearer ${part({ alg: 'none', typ: 'JWT', kid: tokens.kid })}.${part({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: connector.url, exp: 4_000_000_000 })}.`;
        },
      ],
      [
        'a token with its payload altered',
        () => {
          const [head, , sig] = tokens.token(APP_ID, connector.url).split('.');
          const forged = Buffer.from(
            JSON.stringify({
              iss: 'https://api.botframework.com',
              aud: APP_ID,
              serviceurl: connector.url,
              exp: 4_000_000_000,
            }),
          ).toString('base64url');
          return `Bearer ${head}.${forged}.${sig}`;
        },
      ],
    ];
    it.each(refusals)('answers 401 to %s and processes nothing', async (_, authorization) => {
      const res = await post(message(connector.url, USERS.sophie, 'aide'), authorization());
      expect(res.status).toBe(401);
      expect(connector.calls).toHaveLength(0);
      expect(await sophiesChat()).toBeNull();
    });
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
      expect(await res.json()).toEqual({ status: 'degraded' });
      expect(h.errors.some((e) => e.startsWith('health: storage unreachable'))).toBe(true);
      // A card action still gets a French answer, not an HTTP error Teams would show raw: a
      // message over the card, which Teams leaves as it was.
      const action = await h.post(cardAction(h.connector.url, USERS.claire, 'help.show', {}));
      expect(action.status).toBe(200);
      expect(action.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
      expect(action.body.value).toContain('réessayez dans un instant');
    } finally {
      await h.stop().catch(() => undefined);
    }
  });
});
