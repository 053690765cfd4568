import { z } from 'zod';
import { DirectoryRepository } from '../app/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable, inBatches } from './doc-table';
import { ReferenceCache } from './reference-cache';

const personIndex = z.object({ centraleIds: z.array(z.string()) });
const conversationIndex = z.object({ centraleId: z.string(), instanceId: z.string() });
type Binding = z.infer<typeof conversationIndex>;

/**
 * Container `directory`: one document per lookup key, partition = id, point reads only, kept in
 * `cache` (shared with the governance: reference-cache.ts says for how long); every write
 * forgets them.
 */
export class CosmosDirectoryRepository implements DirectoryRepository {
  private readonly people: DocTable<z.infer<typeof personIndex>>;
  private readonly conversations: DocTable<z.infer<typeof conversationIndex>>;
  private readonly tenants: DocTable<z.infer<typeof personIndex>>;

  constructor(
    cosmos: CosmosHandle,
    private readonly cache = new ReferenceCache(),
  ) {
    const c = cosmos.container('directory');
    this.people = new DocTable(c, 'person-index', personIndex);
    this.conversations = new DocTable(c, 'conversation-index', conversationIndex);
    this.tenants = new DocTable(c, 'tenant-index', personIndex);
  }

  centralesOf(personKey: string): Promise<string[]> {
    const id = `person:${personKey}`;
    return this.cache.read(`directory:${id}`, async () => (await this.people.get(id, id))?.centraleIds ?? []);
  }

  /** The centrales that have people from this tenant (to tell a newcomer whom to ask). */
  centralesOfTenant(tenantId: string): Promise<string[]> {
    const id = `tenant:${safeId(tenantId.toLowerCase())}`;
    return this.cache.read(`directory:${id}`, async () => (await this.tenants.get(id, id))?.centraleIds ?? []);
  }

  addPersonCentrale(personKey: string, centraleId: string) {
    return this.cache.writing(async () => {
      // The key is `tenant:object`: the tenant index holds organisations, no person.
      await this.addTo(this.tenants, `tenant:${safeId(personKey.split(':')[0]!)}`, centraleId);
      await this.addTo(this.people, `person:${personKey}`, centraleId);
    });
  }

  private async addTo(table: DocTable<z.infer<typeof personIndex>>, id: string, centraleId: string) {
    const current = await table.get(id, id);
    if (current?.centraleIds.includes(centraleId)) return;
    await table.update(
      id,
      id,
      (doc) => (doc.centraleIds.includes(centraleId) ? doc : { centraleIds: [...doc.centraleIds, centraleId] }),
      () => ({ centraleIds: [centraleId] }),
    );
  }

  instanceOfConversation(conversationId: string): Promise<Binding | null> {
    const id = conversationDocId(conversationId);
    return this.cache.read(`directory:${id}`, () => this.conversations.get(id, id));
  }

  /** Points the conversation at `target` in one conditional write; returns what it pointed at. */
  bindConversation(conversationId: string, target: { centraleId: string; instanceId: string }) {
    return this.cache.writing(() => this.bind(conversationId, target));
  }

  private async bind(conversationId: string, target: Binding) {
    const id = conversationDocId(conversationId);
    let previous: Binding | null = null;
    await this.conversations.update(
      id,
      id,
      (current) => {
        previous = current;
        return target;
      },
      () => {
        previous = null;
        return target;
      },
    );
    return previous as Binding | null;
  }

  /** Removes the binding only if it still points where the caller thinks (no lost update). */
  unbindConversationIf(conversationId: string, expected: Binding) {
    return this.cache.writing(() => this.unbindIf(conversationId, expected));
  }

  private async unbindIf(conversationId: string, expected: Binding) {
    const id = conversationDocId(conversationId);
    const current = await this.conversations.read(id, id);
    if (
      current &&
      current.value.centraleId === expected.centraleId &&
      current.value.instanceId === expected.instanceId
    ) {
      await this.conversations.deleteIfMatch(id, id, current.etag);
    }
  }
}

/** Cosmos ids may not contain '/', '\\', '?' or '#'; Teams conversation ids can. */
export const safeId = (raw: string): string => raw.replace(/[/\\?#%]/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`);
const conversationDocId = (conversationId: string) => `conv:${safeId(conversationId)}`;

const indexEntry = z.object({ id: z.string(), at: z.string(), centraleId: z.string() });
const personIndexDoc = z.object({ entries: z.array(indexEntry) });
const migrationDoc = z.object({ at: z.string() });
export type IndexEntry = z.infer<typeof indexEntry>;

/**
 * Container `directory`, one document per person and kind: what concerns them — the sittings
 * they are convened to (`upcoming:<personKey>`, by start), the ballots they vote in or organise
 * (`scrutins:<personKey>`, by closing) — so that « mes convocations » and « mes scrutins » are one
 * point read, not a query across every sitting's or ballot's partition. Kept by the repository
 * of those documents at each write that changes who or when; entries older than `keepMs` are
 * pruned at each write.
 */
/** What a person index knows of a document: its people and its date. */
export interface Indexed {
  id: string;
  centraleId: string;
  keys: string[];
  at: string;
}

export class PersonIndex {
  private readonly docs: DocTable<z.infer<typeof personIndexDoc>>;
  private readonly migrations: DocTable<z.infer<typeof migrationDoc>>;

  constructor(
    cosmos: CosmosHandle,
    private readonly kind: 'upcoming' | 'scrutins' | 'seances',
    private readonly keepMs: number,
    /** How many of the latest past entries are kept however old (an instance's last sittings held). */
    private readonly keepLatest = 0,
  ) {
    this.docs = new DocTable(cosmos.container('directory'), `${kind}-index`, personIndexDoc);
    this.migrations = new DocTable(cosmos.container('directory'), 'migration', migrationDoc);
  }

  /**
   * One document per centrale too, its id ending with the centrale's (as every document of a
   * centrale's): the right of access finds it, the erasure pseudonymises it with the rest.
   */
  private id = (centraleId: string, key: string) => `${this.kind}:${safeId(key)}:${centraleId}`;

  async read(centraleId: string, key: string): Promise<IndexEntry[]> {
    const id = this.id(centraleId, key);
    return (await this.docs.get(id, id))?.entries ?? [];
  }

  /** Puts (or moves, or with `at` null removes) one entry in a person's index, under its etag. */
  set(key: string, entry: { id: string; centraleId: string; at: string | null }, now: Date) {
    return this.setMany(entry.centraleId, key, [entry], now);
  }

  /**
   * The indexes of the people of a document that changed (`before` null when new): each person
   * who joined or left, or everyone when its date moved, has their entry put, moved or removed.
   */
  async follow(before: Indexed | null, after: Indexed, now: Date) {
    const changed = (k: string) =>
      !before || before.at !== after.at || before.keys.includes(k) !== after.keys.includes(k);
    const keys = [...new Set([...(before?.keys ?? []), ...after.keys])].filter(changed);
    await inBatches(keys, 16, (k) =>
      this.set(k, { id: after.id, centraleId: after.centraleId, at: after.keys.includes(k) ? after.at : null }, now),
    );
  }

  /** The same for several entries, in one write (the one-time indexing of older data). */
  async setMany(
    centraleId: string,
    key: string,
    entries: Array<{ id: string; centraleId: string; at: string | null }>,
    now: Date,
  ) {
    const id = this.id(centraleId, key);
    const keepFrom = new Date(now.getTime() - this.keepMs).toISOString();
    const ids = new Set(entries.map((e) => e.id));
    const apply = (doc: z.infer<typeof personIndexDoc>) => {
      const all = [
        ...doc.entries.filter((e) => !ids.has(e.id)),
        ...entries.flatMap(({ id, centraleId, at }) => (at ? [{ id, at, centraleId }] : [])),
      ].sort((a, b) => a.at.localeCompare(b.at));
      const nowIso = now.toISOString();
      const past = all.filter((e) => e.at < nowIso);
      const latest = new Set(this.keepLatest ? past.slice(-this.keepLatest) : []);
      return { entries: all.filter((e) => e.at >= keepFrom || latest.has(e)) };
    };
    const kept = apply({ entries: [] });
    // Nothing to keep and nothing stored: no document written (a past sitting's members).
    if (kept.entries.length === 0 && !(await this.docs.get(id, id))) return;
    await this.docs.update(id, id, apply, () => kept);
  }

  private marker = () => `migration:${this.kind}-index`;

  /** Whether the documents stored before the index existed have been indexed (once, at start-up). */
  async built(): Promise<boolean> {
    return (await this.migrations.get(this.marker(), this.marker())) !== null;
  }

  async markBuilt(now: Date): Promise<void> {
    await this.migrations.upsert(this.marker(), this.marker(), { at: now.toISOString() });
  }
}
