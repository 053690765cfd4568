import { CONTAINER_NAMES } from '../../src/store/containers';
import { mkdtempSync, existsSync } from 'fs';
import os from 'os';
import path from 'path';
import { z } from 'zod';
import { DocTable } from '../../src/store/doc-table';
import { Store, openStore } from '../../src/store/open-store';

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'store-test', snapshotFile: null });
});
afterAll(() => store.close());

const counter = () =>
  new DocTable(store.cosmos.container('directory'), 'counter', z.object({ id: z.string(), n: z.number() }));

describe('documents through the real Cosmos SDK on the embedded server', () => {
  it('creates once: a second create of the same id is refused, not overwritten', async () => {
    const t = counter();
    expect(await t.createIfAbsent('c1', 'c1', { id: 'domain-id', n: 1 })).toBe(true);
    expect(await t.createIfAbsent('c1', 'c1', { id: 'domain-id', n: 2 })).toBe(false);
    expect(await t.get('c1', 'c1')).toEqual({ id: 'domain-id', n: 1 });
    expect(await t.get('c1', 'absent')).toBeNull();
  });

  it('loses no update when 25 writers increment the same document at once (etag retries)', async () => {
    const t = counter();
    await t.createIfAbsent('c2', 'c2', { id: 'c2', n: 0 });
    await Promise.all(Array.from({ length: 25 }, () => t.update('c2', 'c2', (v) => ({ ...v, n: v.n + 1 }))));
    expect((await t.get('c2', 'c2'))?.n).toBe(25);
  });

  it('starts again when the document is deleted between its read and its write (a sent outbox entry)', async () => {
    const t = counter();
    await t.createIfAbsent('c4', 'c4', { id: 'c4', n: 1 });
    let deleted = false;
    const deleteOnce = () => {
      if (!deleted) deleted = store.embedded!.remove('store-test', 'directory', 'c4', 'c4');
    };
    const next = await t.update(
      'c4',
      'c4',
      (v) => {
        deleteOnce();
        return { ...v, n: v.n + 1 };
      },
      () => ({ id: 'c4', n: 10 }),
    );
    expect(deleted).toBe(true);
    expect(next).toEqual({ id: 'c4', n: 10 });
    expect(await t.get('c4', 'c4')).toEqual({ id: 'c4', n: 10 });
  });

  it('refuses a stored document that no longer matches its schema', async () => {
    await store.cosmos
      .container('directory')
      .items.create({ id: 'bad', pk: 'bad', type: 'counter', data: { id: 'bad', n: 'deux' } });
    await expect(counter().get('bad', 'bad')).rejects.toThrow();
  });

  it('keeps teams-ai turn state with botbuilder eTag semantics', async () => {
    const s = store.turnState;
    await s.write({ 'msteams/bot/conversations/c:1': { count: 1 } });
    const read = await s.read(['msteams/bot/conversations/c:1', 'absent']);
    expect(read['msteams/bot/conversations/c:1']).toMatchObject({ count: 1 });
    expect(read.absent).toBeUndefined();
    const etag = read['msteams/bot/conversations/c:1']!.eTag!;
    await s.write({ 'msteams/bot/conversations/c:1': { count: 2, eTag: etag } });
    await expect(s.write({ 'msteams/bot/conversations/c:1': { count: 3, eTag: etag } })).rejects.toMatchObject({
      code: 412,
    });
    expect((await s.read(['msteams/bot/conversations/c:1']))['msteams/bot/conversations/c:1']).toMatchObject({
      count: 2,
    });
    await s.delete(['msteams/bot/conversations/c:1']);
    expect(await s.read(['msteams/bot/conversations/c:1'])).toEqual({});
  });
});

describe('the embedded database snapshot', () => {
  it('saves every write to a file and loads it back in a new server', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'snap-')), 'cosmos.json');
    const first = await openStore({ kind: 'embedded', databaseId: 'snap', snapshotFile: file });
    await first.directory.bindConversation('19:chan/with?odd#chars', { centraleId: 'c', instanceId: 'i' });
    // The binding, and the markers the store writes at start-up (its indexes are built).
    let written = 0;
    for (const name of CONTAINER_NAMES)
      written += (await first.cosmos.container(name).items.readAll().fetchAll()).resources.length;
    await first.close();
    expect(existsSync(file)).toBe(true);
    const second = await openStore({ kind: 'embedded', databaseId: 'snap', snapshotFile: file });
    try {
      expect(await second.directory.instanceOfConversation('19:chan/with?odd#chars')).toEqual({
        centraleId: 'c',
        instanceId: 'i',
      });
      expect(second.description).toContain(`(${written} documents rechargés)`);
    } finally {
      await second.close();
    }
  });

  it('reports the database unreachable once the server is gone', async () => {
    const s = await openStore({ kind: 'embedded', databaseId: 'gone', snapshotFile: null });
    await s.ping();
    await s.embedded!.stop();
    await expect(s.ping()).rejects.toThrow();
    await s.close().catch(() => undefined);
  });
});
