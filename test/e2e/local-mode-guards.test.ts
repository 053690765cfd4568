import { request } from 'http';
import { USERS, cardAction, message } from '../support/activities';
import { Harness, startHarness } from '../support/bot-harness';

/**
 * Local mode has no authentication: only this machine may drive it. A page in a browser open on
 * a developer's machine cannot (no form POST, no DNS rebinding to another host name).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

function post(headers: Record<string, string>): Promise<number> {
  const body = JSON.stringify(message(h.connector.url, USERS.claire, 'aide'));
  return new Promise((resolve, reject) => {
    const req = request(
      `${h.url}/api/messages`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('local mode, facing a browser', () => {
  it('answers an activity without naming the framework (teams-ai stamps a User-Agent)', async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'help.show', {}));
    expect(res.status).toBe(200);
    expect(res.headers.get('user-agent')).toBeNull();
    expect([...res.headers.values()].join(' ')).not.toMatch(/teamsai|botbuilder|restify/i);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves loopback host names', async () => {
    const port = new URL(h.url).port;
    expect(await post({ host: `127.0.0.1:${port}` })).toBe(200);
    expect(await post({ host: `localhost:${port}` })).toBe(200);
  });

  it('refuses another host name (DNS rebinding) and changes nothing', async () => {
    h.connector.reset();
    expect(await post({ host: 'attacker.example:3978' })).toBe(403);
    expect(h.connector.sent()).toHaveLength(0);
  });

  it('refuses a cross-site or same-site browser request, and a foreign Origin', async () => {
    h.connector.reset();
    expect(await post({ 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await post({ 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(await post({ origin: 'https://attacker.example' })).toBe(403);
    expect(await post({ origin: 'null' })).toBe(403);
    expect(h.connector.sent()).toHaveLength(0);
  });

  it('refuses a foreign Origin on every route, here /healthz', async () => {
    const res = await fetch(`${h.url}/healthz`, { headers: { origin: 'https://attacker.example' } });
    expect(res.status).toBe(403);
  });
});
