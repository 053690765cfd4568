import { z } from 'zod';
import { DirectoryRepository } from '../app/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';

const personIndex = z.object({ centraleIds: z.array(z.string()) });
const conversationIndex = z.object({ centraleId: z.string(), instanceId: z.string() });

/** Container `directory`: one document per lookup key, partition = id, point reads only. */
export class CosmosDirectoryRepository implements DirectoryRepository {
  private readonly people: DocTable<z.infer<typeof personIndex>>;
  private readonly conversations: DocTable<z.infer<typeof conversationIndex>>;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('directory');
    this.people = new DocTable(c, 'person-index', personIndex);
    this.conversations = new DocTable(c, 'conversation-index', conversationIndex);
  }

  async centralesOf(personKey: string) {
    const id = `person:${personKey}`;
    return (await this.people.get(id, id))?.centraleIds ?? [];
  }

  async addPersonCentrale(personKey: string, centraleId: string) {
    const id = `person:${personKey}`;
    const current = await this.people.get(id, id);
    if (current?.centraleIds.includes(centraleId)) return;
    await this.people.update(
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

  async bindConversation(conversationId: string, target: { centraleId: string; instanceId: string } | null) {
    const id = conversationDocId(conversationId);
    if (target) await this.conversations.upsert(id, id, target);
    else await this.conversations.delete(id, id);
  }
}

/** Cosmos ids may not contain '/', '\\', '?' or '#'; Teams conversation ids can. */
export const safeId = (raw: string): string => raw.replace(/[/\\?#%]/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`);
const conversationDocId = (conversationId: string) => `conv:${safeId(conversationId)}`;
