import { promises as fs } from 'fs';
import path from 'path';
import { CONTAINER_NAMES } from './containers';
import { CosmosHandle } from './cosmos-client';

/**
 * The embedded Cosmos server keeps data in memory only. In local mode its content is saved
 * to a JSON file shortly after each write (and at shutdown) and loaded back at boot.
 */
interface SnapshotFile {
  version: 1;
  savedAt: string;
  containers: Record<string, Record<string, unknown>[]>;
}

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

export async function restoreSnapshot(cosmos: CosmosHandle, file: string): Promise<number> {
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  const snapshot = JSON.parse(raw) as SnapshotFile;
  let restored = 0;
  for (const name of CONTAINER_NAMES) {
    const container = cosmos.container(name);
    for (const doc of snapshot.containers[name] ?? []) {
      await container.items.upsert(doc);
      restored++;
    }
  }
  return restored;
}

export async function dumpDatabase(cosmos: CosmosHandle): Promise<SnapshotFile> {
  const containers: SnapshotFile['containers'] = {};
  for (const name of CONTAINER_NAMES) {
    const { resources } = await cosmos.container(name).items.readAll().fetchAll();
    containers[name] = resources.map((doc) => {
      const copy: Record<string, unknown> = { ...doc };
      for (const f of SYSTEM_FIELDS) delete copy[f];
      return copy;
    });
  }
  return { version: 1, savedAt: new Date().toISOString(), containers };
}

export class SnapshotWriter {
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly cosmos: CosmosHandle,
    readonly file: string,
    private readonly debounceMs = 250,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush().catch(this.onError);
      }, this.debounceMs);
      this.timer.unref();
    }
  }

  /** Writes the snapshot now if anything changed; waits for a write under way. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // After a failed write the chain goes on: the next flush tries again.
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (!this.dirty) return;
        this.dirty = false;
        try {
          const snapshot = await dumpDatabase(this.cosmos);
          await fs.mkdir(path.dirname(this.file), { recursive: true });
          const tmp = `${this.file}.${process.pid}.tmp`;
          await fs.writeFile(tmp, JSON.stringify(snapshot));
          await fs.rename(tmp, this.file);
        } catch (e) {
          this.dirty = true;
          throw e;
        }
      });
    return this.writing;
  }
}
