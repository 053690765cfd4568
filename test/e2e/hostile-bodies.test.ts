import { readdirSync } from 'fs';
import { request } from 'http';
import os from 'os';
import fc from 'fast-check';
import { deflateSync, gzipSync } from 'zlib';
import { RunningBot, startBot } from '../../src/main';
import { quietLogger, productionConfig } from '../support/bot-harness';

/**
 * A stranger's POST to /api/messages, before any authentication: whatever its body, encoding or
 * content type, the production-mode process answers with a 4xx, writes nothing to disk and
 * keeps serving.
 */
let bot: RunningBot;
let base: string;
const tmpFiles = () => new Set(readdirSync(os.tmpdir()));

beforeAll(async () => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const config = productionConfig('11111111-2222-3333-4444-555555555555');
  bot = await startBot(config, {
    log: quietLogger(),
    store: { kind: 'embedded', databaseId: 'hostile-bodies', snapshotFile: null },
  });
  base = `http://127.0.0.1:${bot.port}`;
});
afterAll(async () => {
  await bot.stop();
  jest.restoreAllMocks();
});

/** A raw POST (fetch would refuse some of these headers or bodies). */
function post(headers: Record<string, string | number>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/messages`, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const stillServing = async () => (await fetch(`${base}/healthz`)).status;
const activity = Buffer.from(JSON.stringify({ type: 'message', text: 'aide' }));

describe('a hostile body on /api/messages', () => {
  const gzipBomb = gzipSync(Buffer.alloc(50_000_000));
  const cases: Array<[string, Record<string, string | number>, Buffer, number]> = [
    [
      'gzip that is not gzip',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      Buffer.from('not gzip at all'),
      415,
    ],
    [
      'a truncated gzip',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      gzipSync(activity).subarray(0, 10),
      415,
    ],
    ['a gzip bomb (50 MB of zeros)', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipBomb, 415],
    ['deflate', { 'content-type': 'application/json', 'content-encoding': 'deflate' }, activity, 415],
    [
      'multipart with a file part',
      { 'content-type': 'multipart/form-data; boundary=x' },
      Buffer.from(
        '--x\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n' +
          'A'.repeat(100_000) +
          '\r\n--x--\r\n',
      ),
      415,
    ],
    [
      'a browser form (urlencoded)',
      { 'content-type': 'application/x-www-form-urlencoded' },
      Buffer.from('type=message&text=r%C3%B4les'),
      415,
    ],
    ['text/plain', { 'content-type': 'text/plain' }, activity, 415],
    ['no content type', {}, activity, 415],
    ['JSON that does not parse', { 'content-type': 'application/json' }, Buffer.from('{"type": "message",'), 400],
    ['JSON that is not an activity', { 'content-type': 'application/json' }, Buffer.from('[1,2,3]'), 400],
    [
      'JSON over the size limit',
      { 'content-type': 'application/json' },
      Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(2_000_000) })),
      413,
    ],
  ];

  it.each(cases)(
    '%s is refused with its status, nothing written to disk, and the bot still serves',
    async (_name, headers, body, status) => {
      const before = tmpFiles();
      expect(await post(headers, body)).toBe(status);
      expect([...tmpFiles()].filter((f) => !before.has(f))).toEqual([]);
      expect(await stillServing()).toBe(200);
    },
  );

  it('a size limit counted on the bytes read, not on what Content-Length claims', async () => {
    const big = Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(2_000_000) }));
    const status = await new Promise<number>((resolve) => {
      const req = request(
        `${base}/api/messages`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve(-1));
      req.end(big);
    });
    expect([413, -1]).toContain(status);
    expect(await stillServing()).toBe(200);
  });

  it('a well-formed JSON activity without a token still reaches authentication (401)', async () => {
    expect(await post({ 'content-type': 'application/json; charset=utf-8' }, activity)).toBe(401);
  });

  it('every answer carries nosniff and no-referrer, and names no framework', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('server') ?? '').not.toMatch(/restify|teams|bot/i);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('survives a fuzz of content types, encodings and bodies (gzip, multipart, forms, bytes): 4xx each, no file left, still serving', async () => {
    const before = tmpFiles();
    const statuses = new Set<number>();
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'multipart/form-data; boundary=b',
      'multipart/mixed; boundary=b',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/octet-stream',
      'application/json; charset=latin1',
      '',
    );
    const encoding = fc.constantFrom('', 'gzip', 'deflate', 'br', 'identity, gzip', 'x-unknown');
    const raw = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
      fc.string({ maxLength: 2000 }).map((t) => Buffer.from(t)),
      fc.json({ maxDepth: 4 }).map((j) => Buffer.from(j)),
      fc
        .string({ maxLength: 500 })
        .map((t) =>
          Buffer.from(`--b\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\n\r\n${t}\r\n--b--\r\n`),
        ),
    );
    const body = fc
      .tuple(raw, fc.constantFrom('plain', 'gzip', 'deflate', 'truncated-gzip'))
      .map(([b, how]) =>
        how === 'gzip'
          ? gzipSync(b)
          : how === 'deflate'
            ? deflateSync(b)
            : how === 'truncated-gzip'
              ? gzipSync(b).subarray(0, 12)
              : b,
      );
    await fc.assert(
      fc.asyncProperty(contentType, encoding, body, async (type, enc, payload) => {
        const headers: Record<string, string> = {};
        if (type) headers['content-type'] = type;
        if (enc) headers['content-encoding'] = enc;
        const status = await post(headers, payload);
        statuses.add(status);
        return status >= 400 && status < 500;
      }),
      { numRuns: 150, seed: 20261201 },
    );
    expect([...statuses].every((s) => [400, 401, 413, 415].includes(s))).toBe(true);
    expect([...tmpFiles()].filter((f) => !before.has(f))).toEqual([]);
    expect(await stillServing()).toBe(200);
  });
});
