import { z } from 'zod';
import { DirectoryRepository } from '../app/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';

const personIndex = z.object({ centraleIds: z.array(z.string()) });
const conversationIndex = z.object({ centraleId: z.string(), instanceId: z.string() });
type Binding = z.infer<typeof conversationIndex>;

/** Container `directory`: one document per lookup key, partition = id, point reads only. */
export class CosmosDirectoryRepository implements DirectoryRepository {
  private readonly people: DocTable<z.infer<typeof personIndex>>;
  private readonly conversations: DocTable<z.infer<typeof conversationIndex>>;
  private readonly tenants: DocTable<z.infer<typeof personIndex>>;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('directory');
    this.people = new DocTable(c, 'person-index', personIndex);
    this.conversations = new DocTable(c, 'conversation-index', conversationIndex);
    this.tenants = new DocTable(c, 'tenant-index', personIndex);
  }

  async centralesOf(personKey: string) {
    const id = `person:${personKey}`;
    return (await this.people.get(id, id))?.centraleIds ?? [];
  }

  /** The centrales that have people from this tenant (to tell a newcomer whom to ask). */
  async centralesOfTenant(tenantId: string) {
    const id = `tenant:${safeId(tenantId.toLowerCase())}`;
    return (await this.tenants.get(id, id))?.centraleIds ?? [];
  }

  async addPersonCentrale(personKey: string, centraleId: string) {
    // The key is `tenant:object`: the tenant index holds organisations, no person.
    await this.addTo(this.tenants, `tenant:${safeId(personKey.split(':')[0]!)}`, centraleId);
    await this.addTo(this.people, `person:${personKey}`, centraleId);
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

  async instanceOfConversation(conversationId: string) {
    const id = conversationDocId(conversationId);
    return this.conversations.get(id, id);
  }

  /** Points the conversation at `target` in one conditional write; returns what it pointed at. */
  async bindConversation(conversationId: string, target: { centraleId: string; instanceId: string }) {
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
  async unbindConversationIf(conversationId: string, expected: Binding) {
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

const sittingEntry = z.object({ sittingId: z.string(), startsAt: z.string() });
const upcomingDoc = z.object({ sittings: z.array(sittingEntry) });
const migrationDoc = z.object({ at: z.string() });
export type UpcomingDoc = z.infer<typeof upcomingDoc>;
/** How long a sitting stays in a person's index after it started (then pruned at the next write). */
const KEEP_AFTER_START_MS = 2 * 86_400_000;
const BUILT = 'migration:upcoming-index';

/**
 * Container `directory`, one document per person: the sittings they are convened to
 * (`upcoming:<personKey>`), so that « mes convocations » is one point read, not a query across
 * every sitting's partition. Kept by the meetings repository when a sitting is convened or its
 * members or date change; entries of sittings past for two days are pruned at each write.
 */
export class UpcomingIndex {
  private readonly docs: DocTable<UpcomingDoc>;
  private readonly migrations: DocTable<z.infer<typeof migrationDoc>>;

  constructor(cosmos: CosmosHandle) {
    this.docs = new DocTable(cosmos.container('directory'), 'upcoming-index', upcomingDoc);
    this.migrations = new DocTable(cosmos.container('directory'), 'migration', migrationDoc);
  }

  private id = (personKey: string) => `upcoming:${safeId(personKey)}`;

  async read(personKey: string): Promise<UpcomingDoc['sittings']> {
    return (await this.docs.get(this.id(personKey), this.id(personKey)))?.sittings ?? [];
  }

  /** Puts (or moves, or with `startsAt` null removes) one sitting in a person's index, under its etag. */
  async set(personKey: string, sittingId: string, startsAt: string | null, now: Date): Promise<void> {
    const keepFrom = new Date(now.getTime() - KEEP_AFTER_START_MS).toISOString();
    const apply = (doc: UpcomingDoc): UpcomingDoc => ({
      sittings: [
        ...doc.sittings.filter((e) => e.sittingId !== sittingId && e.startsAt >= keepFrom),
        ...(startsAt && startsAt >= keepFrom ? [{ sittingId, startsAt }] : []),
      ],
    });
    await this.docs.update(this.id(personKey), this.id(personKey), apply, () => apply({ sittings: [] }));
  }

  /** Whether the sittings stored before the index existed have been indexed (once, at start-up). */
  async built(): Promise<boolean> {
    return (await this.migrations.get(BUILT, BUILT)) !== null;
  }

  async markBuilt(now: Date): Promise<void> {
    await this.migrations.upsert(BUILT, BUILT, { at: now.toISOString() });
  }
}
