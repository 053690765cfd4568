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
