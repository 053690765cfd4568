import { existsSync, mkdirSync, mkdtempSync, promises as fs, readFileSync, statSync } from 'fs';
import os from 'os';
import path from 'path';
import { CosmosHandle, createCosmosClient, handleOf, prepareDatabase } from '../../src/store/cosmos-client';
import { EmbeddedCosmos, startEmbeddedCosmos } from '../../src/store/embedded-cosmos';
import { Store, openStore } from '../../src/store/open-store';
import { EmbeddedSnapshot } from '../../src/store/snapshot';

/**
 * The local-mode snapshot (src/store/snapshot.ts): what was written survives a restart and a
 * crash; a lease heartbeat never rewrites the snapshot file; a failed rewrite keeps the old one.
 */
const fresh = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'snapshot-')), 'cosmos-snapshot.json');
const DB = 'snap';

async function openSnap(file: string, options: ConstructorParameters<typeof EmbeddedSnapshot>[3] = {}) {
  const server: EmbeddedCosmos = await startEmbeddedCosmos();
  const client = createCosmosClient({ kind: 'embedded', endpoint: server.endpoint, key: server.key });
  const cosmos: CosmosHandle = handleOf(client, DB);
  await prepareDatabase(cosmos);
  const errors: unknown[] = [];
  const snapshot = new EmbeddedSnapshot(server, DB, file, { onError: (e) => errors.push(e), ...options });
  const restored = await snapshot.restore();
  return {
    server,
    cosmos,
    snapshot,
    restored,
    errors,
    /** Stops the server without saving anything more: a crash. */
    async kill() {
      client.dispose();
      await server.stop();
    },
    async close() {
      await snapshot.close();
      client.dispose();
      await server.stop();
    },
  };
}

const read = async (cosmos: CosmosHandle, id: string, pk: string) =>
  (await cosmos.container('directory').item(id, pk).read()).resource as Record<string, unknown> | undefined;

describe('the embedded snapshot', () => {
  it('keeps creates, replaces and deletes across a restart of the store', async () => {
    const file = fresh();
    const first: Store = await openStore({ kind: 'embedded', databaseId: DB, snapshotFile: file });
    await first.directory.bindConversation('19:a', { centraleId: 'c', instanceId: 'i' });
    await first.directory.bindConversation('19:b', { centraleId: 'c', instanceId: 'i' });
    await first.directory.bindConversation('19:a', { centraleId: 'c', instanceId: 'j' });
    await first.directory.unbindConversationIf('19:b', { centraleId: 'c', instanceId: 'i' });
    await first.close();
    const second = await openStore({ kind: 'embedded', databaseId: DB, snapshotFile: file });
    try {
      expect(await second.directory.instanceOfConversation('19:a')).toEqual({ centraleId: 'c', instanceId: 'j' });
      expect(await second.directory.instanceOfConversation('19:b')).toBeNull();
      // 19:a, and the four markers of the indexes built at start-up (19:b was deleted).
      expect(second.description).toContain('(5 documents rechargés)');
      // Closed cleanly: one file, no journal left.
      expect(existsSync(`${file}.journal`)).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('after a crash, replays the journal over the snapshot (a torn last line is ignored)', async () => {
    const file = fresh();
    const a = await openSnap(file);
    await a.cosmos.container('directory').items.create({ id: 'x', pk: 'x', type: 't', data: 1 });
    await a.close();
    const b = await openSnap(file);
    await b.cosmos.container('directory').items.upsert({ id: 'x', pk: 'x', type: 't', data: 2 });
    await b.cosmos.container('directory').items.create({ id: 'y', pk: 'y', type: 't', data: 3 });
    await b.snapshot.flush();
    await b.kill();
    await fs.appendFile(`${file}.journal`, '{"c":"directory","put":{"id":"z"');
    const c = await openSnap(file);
    try {
      expect(c.restored).toMatchObject({ documents: 1, replayed: 2 });
      expect((await read(c.cosmos, 'x', 'x'))?.data).toBe(2);
      expect((await read(c.cosmos, 'y', 'y'))?.data).toBe(3);
      expect(await read(c.cosmos, 'z', 'z')).toBeUndefined();
      // The replayed journal went into the snapshot at once.
      expect(existsSync(`${file}.journal`)).toBe(false);
      expect(JSON.parse(readFileSync(file, 'utf8')).containers.directory).toHaveLength(2);
    } finally {
      await c.close();
    }
  });

  it('does not rewrite the snapshot file for a lease heartbeat: the journal takes a line', async () => {
    const file = fresh();
    const first = await openStore({ kind: 'embedded', databaseId: DB, snapshotFile: file });
    await first.outbox.heartbeat('instance-1', 1_000, 1);
    await first.close();
    const before = { text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs };
    const second = await openStore({ kind: 'embedded', databaseId: DB, snapshotFile: file });
    try {
      await second.outbox.heartbeat('instance-1', 2_000, 1);
      await second.outbox.heartbeat('instance-1', 3_000, 1);
      // Longer than the journal's delay (and than the old writer's 250 ms before it dumped everything).
      await new Promise((r) => setTimeout(r, 600));
      expect(readFileSync(file, 'utf8')).toBe(before.text);
      expect(statSync(file).mtimeMs).toBe(before.mtime);
      // One line per heartbeat at most (two close together fold into one), nothing else.
      const journal = readFileSync(`${file}.journal`, 'utf8').trim().split('\n');
      expect(journal.length).toBeLessThanOrEqual(2);
      expect(journal.map((l) => JSON.parse(l).put.id)).toEqual(journal.map(() => 'instance:instance-1'));
      expect(JSON.parse(journal.at(-1)!).put.data).toEqual({ instanceId: 'instance-1', lastSeen: 3_000, share: 1 });
    } finally {
      await second.close();
    }
  });

  it('keeps the previous snapshot and the journal when a rewrite fails, and loses nothing', async () => {
    const file = fresh();
    const a = await openSnap(file);
    await a.cosmos.container('directory').items.create({ id: 'old', pk: 'old', type: 't', data: 1 });
    await a.close();
    const previous = readFileSync(file, 'utf8');
    const b = await openSnap(file);
    await b.cosmos.container('directory').items.create({ id: 'new', pk: 'new', type: 't', data: 2 });
    // The temporary file cannot be created: the rewrite at shutdown fails.
    mkdirSync(`${file}.${process.pid}.tmp`);
    await b.close();
    expect(b.errors).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(previous);
    await fs.rm(`${file}.${process.pid}.tmp`, { recursive: true });
    const c = await openSnap(file);
    try {
      expect((await read(c.cosmos, 'old', 'old'))?.data).toBe(1);
      expect((await read(c.cosmos, 'new', 'new'))?.data).toBe(2);
    } finally {
      await c.close();
    }
  });

  it('rewrites the snapshot once the journal has grown, and removes the journal it holds', async () => {
    const file = fresh();
    const a = await openSnap(file, { compactMinBytes: 1 });
    for (let i = 0; i < 5; i++)
      await a.cosmos.container('directory').items.create({ id: `d${i}`, pk: `d${i}`, type: 't', data: i });
    await a.snapshot.flush();
    // The rewrite starts after the append that crossed the threshold.
    for (let i = 0; i < 50 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
    await a.snapshot.compact();
    expect(JSON.parse(readFileSync(file, 'utf8')).containers.directory.length).toBeGreaterThan(0);
    await a.kill();
    const b = await openSnap(file);
    try {
      for (let i = 0; i < 5; i++) expect((await read(b.cosmos, `d${i}`, `d${i}`))?.data).toBe(i);
      const left = (await fs.readdir(path.dirname(file))).filter((n) => n.includes('.journal'));
      expect(left).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
