import { z } from 'zod';
import { ConversationRepository } from '../app/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';
import { safeId } from './directory-repository';

const referenceDoc = z.object({ reference: z.unknown(), updatedAt: z.string() });

/** Container `conversations`: conversation references, by conversation and by person. */
export class CosmosConversationRepository implements ConversationRepository {
  private readonly refs: DocTable<z.infer<typeof referenceDoc>>;

  constructor(
    cosmos: CosmosHandle,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.refs = new DocTable(cosmos.container('conversations'), 'conversation-reference', referenceDoc);
  }

  private async save(id: string, reference: unknown) {
    await this.refs.upsert(id, id, { reference, updatedAt: this.now().toISOString() });
  }

  private async get(id: string) {
    return (await this.refs.get(id, id))?.reference ?? null;
  }

  async saveForConversation(conversationId: string, reference: unknown) {
    const id = `conv:${safeId(conversationId)}`;
    const doc = { reference, updatedAt: this.now().toISOString() };
    if (await this.refs.createIfAbsent(id, id, doc)) return true;
    await this.refs.upsert(id, id, doc);
    return false;
  }

  saveForPerson(personKey: string, reference: unknown) {
    return this.save(`user:${personKey}`, reference);
  }

  getForConversation(conversationId: string) {
    return this.get(`conv:${safeId(conversationId)}`);
  }

  getForPerson(personKey: string) {
    return this.get(`user:${personKey}`);
  }
}
