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

/** A raw request (Node's fetch would set its own Sec-Fetch headers): status, type and body. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const navigation = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
// Not a valid link: the page answers (in French HTML) once the guard lets the request through.
const pageLink = '/lien/seance/seance-x%7Cperson?exp=99999999999&sig=' + 'A'.repeat(43);
const form = 'choice=present';
const formType = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the pages behind the e-mail’s links, facing a browser', () => {
  it('lets a cross-site top-level navigation open a page link and its style sheet', async () => {
    const page = await raw('GET', pageLink, { ...navigation, 'sec-fetch-user': '?1' });
    expect(page.type).toContain('text/html');
    expect(page.body).toContain('Ce lien n’est pas valide');
    const css = await raw('GET', '/static/page.css', navigation);
    expect(css.status).toBe(200);
    expect(css.type).toContain('text/css');
  });

  it('still refuses a cross-site navigation elsewhere, and a cross-site fetch of a page link', async () => {
    expect((await raw('GET', '/healthz', navigation)).status).toBe(403);
    const fetched = await raw('GET', pageLink, { ...navigation, 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' });
    expect(fetched.status).toBe(403);
    expect(fetched.body).toContain('Requête d’une page web refusée');
  });

  it('takes a form posted by the page itself only', async () => {
    const port = new URL(h.url).port;
    const own = { ...formType, host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` };
    const same = await raw(
      'POST',
      pageLink,
      { ...own, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' },
      form,
    );
    expect(same.body).toContain('Ce lien n’est pas valide');
    const cross = await raw('POST', pageLink, { ...own, ...navigation, origin: 'https://attacker.example' }, form);
    expect(cross.status).toBe(403);
    expect(cross.body).toContain('Requête d’une page web refusée');
    // A cross-site form without its Origin, a post with no Origin at all, an opaque one: refused by the guard.
    const refused = 'Requête d’une page web refusée';
    expect((await raw('POST', pageLink, { ...own, ...navigation }, form)).body).toContain(refused);
    expect((await raw('POST', pageLink, { ...formType, host: own.host }, form)).body).toContain(refused);
    expect((await raw('POST', pageLink, { ...own, origin: 'null' }, form)).body).toContain(refused);
    expect((await raw('POST', pageLink, { ...own, 'sec-fetch-site': 'same-site' }, form)).body).toContain(refused);
  });
});

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
