import { z } from 'zod';
import { DocumentRecord, DocumentStore } from '../app/documents/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';

const recordSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  ownerKind: z.enum(['seance', 'litige', 'centrale']),
  ownerId: z.string(),
  kind: z.enum(['convocation', 'proces-verbal', 'emargement', 'mise-en-demeure', 'bilan-marches']),
  version: z.number().int(),
  format: z.enum(['pdf', 'docx']),
  label: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  fingerprint: z.string().optional(),
}) satisfies z.ZodType<DocumentRecord>;

const contentSchema = z.object({ base64: z.string() });

/**
 * Container `documents`, partition = the owner's id (a sitting's, a dispute's): its documents of
 * record. The bytes sit in an item of their own named by their SHA-256, written before the record
 * that points to them — so two instances generating the same document at once cannot leave a
 * record whose fingerprint is not its file's (the loser's bytes stay, unreferenced).
 */
export class CosmosDocumentStore implements DocumentStore {
  private readonly records: DocTable<DocumentRecord>;
  private readonly contents: DocTable<z.infer<typeof contentSchema>>;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('documents');
    this.records = new DocTable(c, 'document', recordSchema);
    this.contents = new DocTable(c, 'document-content', contentSchema);
  }

  async save(record: DocumentRecord, content: Buffer): Promise<boolean> {
    await this.contents.createIfAbsent(record.ownerId, contentId(record), { base64: content.toString('base64') });
    return this.records.createIfAbsent(record.ownerId, record.id, record);
  }

  async get(ownerId: string, id: string) {
    const record = await this.records.get(ownerId, id);
    if (!record) return null;
    const content = await this.contents.get(ownerId, contentId(record));
    if (!content) throw new Error(`document ${id} of ${ownerId}: its content is missing`);
    return { record, content: Buffer.from(content.base64, 'base64') };
  }

  async list(ownerId: string): Promise<DocumentRecord[]> {
    const all = await this.records.inPartition(ownerId);
    return all.sort((a, b) => a.generatedAt.localeCompare(b.generatedAt) || a.id.localeCompare(b.id));
  }
}

const contentId = (r: Pick<DocumentRecord, 'id' | 'sha256'>) => `${r.id}~${r.sha256}`;
