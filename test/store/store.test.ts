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

  it('recreates from init, or refuses as missing, a document deleted between its read and its write', async () => {
    // An outbox entry sent (and deleted) while a card update was being put on it: each read
    // that finds the document deletes it before returning, once.
    const schema = z.object({ id: z.string(), n: z.number() });
    let deleteNext = true;
    class Racing extends DocTable<z.infer<typeof schema>> {
      override async read(pk: string, id: string) {
        const found = await super.read(pk, id);
        if (found && deleteNext) {
          deleteNext = false;
          await this.delete(pk, id);
        }
        return found;
      }
    }
    const t = new Racing(store.cosmos.container('directory'), 'counter', schema);
    const change = (v: { id: string; n: number }) => ({ ...v, n: v.n + 1 });
    await t.createIfAbsent('c3', 'c3', { id: 'c3', n: 1 });
    expect(await t.update('c3', 'c3', change, () => ({ id: 'c3', n: 100 }))).toEqual({ id: 'c3', n: 100 });
    expect(await t.get('c3', 'c3')).toEqual({ id: 'c3', n: 100 });
    deleteNext = true;
    await expect(t.update('c3', 'c3', change)).rejects.toThrow('No counter c3');
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
