import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { RunningBot, startBot } from '../../src/main';
import { KEYS_UNAVAILABLE } from '../../src/teams/framework/signing-keys';
import { USERS, cardAction } from '../support/activities';
import { quietLogger, productionConfig } from '../support/bot-harness';
import { TokenService } from '../support/token-service';

/** The Bot Framework's signing keys cannot be fetched: callers get a neutral 503, and the bot does not ask again for each. */
const APP_ID = '11111111-2222-3333-4444-555555555555';
let metadata: Server;
let asked = 0;
let bot: RunningBot;
let tokens: TokenService;
const errors: string[] = [];

beforeAll(async () => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  tokens = await new TokenService().start();
  metadata = createServer((_req, res) => {
    asked++;
    res.statusCode = 500;
    res.end('internal failure at the key server: secret detail');
  });
  await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', () => r()));
  const config = productionConfig(APP_ID);
  bot = await startBot(config, {
    log: quietLogger(errors),
    store: { kind: 'embedded', databaseId: 'signing-keys', snapshotFile: null },
    openIdMetadataUrl: `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/metadata`,
  });
});
afterAll(async () => {
  await bot.stop();
  await tokens.stop();
  await new Promise<void>((r) => metadata.close(() => r()));
  jest.restoreAllMocks();
});

it('answers 503 with a neutral text, logs why, and does not fetch the keys again for every request', async () => {
  const post = async () => {
    const res = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.token(APP_ID, 'http://127.0.0.1:1')}`,
      },
      body: JSON.stringify(cardAction('http://127.0.0.1:1', USERS.claire, 'help.show', {})),
    });
    return { status: res.status, text: await res.text() };
  };
  const first = await post();
  expect(first.status).toBe(503);
  expect(first.text).toContain(KEYS_UNAVAILABLE);
  expect(first.text).not.toMatch(/secret detail|500|127\.0\.0\.1|Error/);
  for (let i = 0; i < 5; i++) expect((await post()).status).toBe(503);
  expect(asked).toBe(1);
  expect(errors.filter((e) => e.startsWith('Bot Framework signing keys unavailable'))).toHaveLength(1);
});
