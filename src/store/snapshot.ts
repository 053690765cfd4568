import { existsSync, promises as fs, renameSync } from 'fs';
import path from 'path';
import { CONTAINER_NAMES } from './containers';
import { DocumentChange, EmbeddedCosmos } from './embedded-cosmos';

/**
 * The embedded Cosmos server keeps data in memory only; in local mode it is kept in files:
 *
 * - the snapshot (`cosmos-snapshot.json`): every document of every container, written whole
 *   only when the journal has grown to a quarter of it (4 MB at least), after a restore that
 *   replayed a journal, and at shutdown. Always to a temporary file renamed over the old one, so
 *   a failed write keeps the previous snapshot (and the journal, which still holds the rest);
 * - the journal (`cosmos-snapshot.json.journal`): one line per changed document (its new state,
 *   or its deletion), appended 100 ms after a change, the changes of one document in that time
 *   folded into one line. A lease heartbeat appends a line; it never rewrites the snapshot.
 *
 * A rewrite of the snapshot first renames the journal to `….journal.<n>` (new changes go to a
 * fresh journal while the snapshot is written), and removes those segments once the snapshot is
 * in place. At start the snapshot is loaded straight into the server's memory, then the journal
 * segments and the journal are replayed in order (replaying a change already in the snapshot
 * gives the same state again; a torn last line, from a crash mid-append, is ignored).
 */
interface SnapshotFile {
  version: 1;
  savedAt: string;
  containers: Record<string, Record<string, unknown>[]>;
}

type JournalLine = { c: string; put: Record<string, unknown> } | { c: string; del: { id: string; pk: unknown } };

const SYSTEM_FIELDS = new Set(['_rid', '_self', '_etag', '_attachments', '_ts']);
const strip = (doc: Record<string, unknown>) => {
  const copy: Record<string, unknown> = {};
  for (const k in doc) if (!SYSTEM_FIELDS.has(k)) copy[k] = doc[k];
  return copy;
};

export interface SnapshotOptions {
  /** How long changes wait before they are appended to the journal (folded per document). */
  journalDelayMs?: number;
  /** The snapshot is rewritten when the journal reaches max(this, a quarter of the snapshot). */
  compactMinBytes?: number;
  onError?: (e: unknown) => void;
}

export interface RestoreResult {
  documents: number;
  /** Journal lines replayed after the snapshot. */
  replayed: number;
  ms: number;
}

export class EmbeddedSnapshot {
  private readonly journalDelayMs: number;
  private readonly compactMinBytes: number;
  private readonly onError: (e: unknown) => void;
  /** Changes not yet appended, by container and document: the last state of each. */
  private pending = new Map<string, { container: string; change: DocumentChange }>();
  private timer: NodeJS.Timeout | null = null;
  private appending: Promise<void> = Promise.resolve();
  private compacting: Promise<void> | null = null;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private nextSegment = 1;
  private watching = false;
  /** Whether anything changed since the snapshot was last written (the journal holds it). */
  private changedSinceSnapshot = false;

  constructor(
    private readonly server: EmbeddedCosmos,
    private readonly databaseId: string,
    readonly file: string,
    options: SnapshotOptions = {},
  ) {
    this.journalDelayMs = options.journalDelayMs ?? 100;
    this.compactMinBytes = options.compactMinBytes ?? 4 * 1024 * 1024;
    this.onError = options.onError ?? (() => {});
  }

  get journalFile() {
    return `${this.file}.journal`;
  }

  private async segments(): Promise<Array<{ n: number; file: string }>> {
    const dir = path.dirname(this.file);
    const prefix = `${path.basename(this.file)}.journal.`;
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return names
      .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
      .map((n) => ({ n: Number(n.slice(prefix.length)), file: path.join(dir, n) }))
      .sort((a, b) => a.n - b.n);
  }

  /**
   * Loads the snapshot and replays the journal into the server's memory (the database and its
   * containers must exist), then starts recording changes. A replayed journal is folded into a
   * new snapshot at once, so that the next start reads one file.
   */
  async restore(): Promise<RestoreResult> {
    const started = Date.now();
    let documents = 0;
    let raw: string | null = null;
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (raw !== null) {
      this.snapshotBytes = Buffer.byteLength(raw);
      const snapshot = JSON.parse(raw) as SnapshotFile;
      raw = null;
      for (const name of CONTAINER_NAMES)
        documents += this.server.load(this.databaseId, name, snapshot.containers[name] ?? [], { adopt: true });
    }
    const journals = [...(await this.segments()).map((s) => s.file), this.journalFile];
    let replayed = 0;
    for (const file of journals) {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      for (const line of text.split('\n')) {
        if (!line) continue;
        let entry: JournalLine;
        try {
          entry = JSON.parse(line) as JournalLine;
        } catch {
          continue; // a torn line: the process died while appending it
        }
        if ('put' in entry) this.server.load(this.databaseId, entry.c, [entry.put], { adopt: true });
        else this.server.remove(this.databaseId, entry.c, entry.del.id, entry.del.pk);
        replayed++;
      }
    }
    const segments = await this.segments();
    this.nextSegment = (segments.at(-1)?.n ?? 0) + 1;
    this.watch();
    if (replayed > 0 || segments.length > 0 || existsSync(this.journalFile)) {
      this.changedSinceSnapshot = true;
      await this.compact();
    }
    return { documents, replayed, ms: Date.now() - started };
  }

  private watch() {
    if (this.watching) return;
    this.watching = true;
    for (const name of CONTAINER_NAMES) {
      this.server.watch(this.databaseId, name, (change) => {
        const key =
          change.kind === 'put'
            ? `${name}\u0000${JSON.stringify(change.doc.pk)}\u0000${String(change.doc.id)}`
            : `${name}\u0000${JSON.stringify(change.partitionKey)}\u0000${change.id}`;
        this.pending.set(key, { container: name, change });
        this.changedSinceSnapshot = true;
        if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = null;
            void this.append().catch(this.onError);
          }, this.journalDelayMs);
          this.timer.unref();
        }
      });
    }
  }

  /** Appends the pending changes to the journal (after an append under way). */
  private append(): Promise<void> {
    this.appending = this.appending
      .catch(() => undefined)
      .then(async () => {
        if (this.pending.size === 0) return;
        const batch = this.pending;
        this.pending = new Map();
        const lines: string[] = [];
        for (const { container, change } of batch.values()) {
          const entry: JournalLine =
            change.kind === 'put'
              ? { c: container, put: strip(change.doc) }
              : { c: container, del: { id: change.id, pk: change.partitionKey } };
          lines.push(`${JSON.stringify(entry)}\n`);
        }
        const text = lines.join('');
        try {
          await fs.mkdir(path.dirname(this.file), { recursive: true });
          await fs.appendFile(this.journalFile, text);
        } catch (e) {
          // Put them back (unless changed since) for the next append.
          for (const [key, value] of batch) if (!this.pending.has(key)) this.pending.set(key, value);
          throw e;
        }
        this.journalBytes += Buffer.byteLength(text);
        if (this.journalBytes >= Math.max(this.compactMinBytes, this.snapshotBytes / 4))
          void this.compact().catch(this.onError);
      });
    return this.appending;
  }

  /**
   * Writes the whole snapshot anew (to a temporary file, renamed over the old one) and removes
   * the journal it holds. Changes made meanwhile go to a fresh journal.
   */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    const run = async () => {
      // No append may be under way while the journal is set aside.
      await this.appending.catch(() => undefined);
      // In one synchronous step: the state to write, and the journal that led to it set aside.
      const segment = this.nextSegment++;
      if (existsSync(this.journalFile)) renameSync(this.journalFile, `${this.file}.journal.${segment}`);
      this.journalBytes = 0;
      this.changedSinceSnapshot = false;
      const captured = CONTAINER_NAMES.map((name) => [name, this.server.documents(this.databaseId, name)] as const);
      try {
        this.snapshotBytes = await writeSnapshot(this.file, captured);
      } catch (e) {
        // The previous snapshot and the journal segments still hold everything.
        this.changedSinceSnapshot = true;
        throw e;
      }
      for (const s of await this.segments()) if (s.n <= segment) await fs.rm(s.file, { force: true });
    };
    this.compacting = run().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  /** Appends what is pending, now (and waits for an append under way). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.append();
  }

  /**
   * At shutdown: appends what is pending (a failure throws: that data would be lost), then
   * writes the snapshot whole if anything changed since it was written (a failure there is
   * reported, not thrown: the journal still holds it, and the next start replays it).
   */
  async close(): Promise<void> {
    await this.flush();
    await this.compacting?.catch(() => undefined);
    if (!this.changedSinceSnapshot) return;
    try {
      await this.compact();
    } catch (e) {
      this.onError(e);
    }
  }
}

/** Writes `containers` as a snapshot file (tmp + rename), a few thousand documents per write; its size. */
async function writeSnapshot(
  file: string,
  containers: ReadonlyArray<readonly [string, Array<Record<string, unknown>>]>,
): Promise<number> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const out = await fs.open(tmp, 'w');
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    await out.write(text);
  };
  try {
    await write(`{"version":1,"savedAt":${JSON.stringify(new Date().toISOString())},"containers":{`);
    for (const [i, [name, docs]] of containers.entries()) {
      await write(`${i ? ',' : ''}${JSON.stringify(name)}:[`);
      for (let from = 0; from < docs.length; from += 2000) {
        const chunk = docs.slice(from, from + 2000).map((d) => JSON.stringify(strip(d)));
        await write((from ? ',' : '') + chunk.join(','));
      }
      await write(']');
    }
    await write('}}');
    await out.sync();
  } catch (e) {
    await out.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await out.close();
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return bytes;
}
