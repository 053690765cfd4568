import { createHash } from 'crypto';
import { localTimestamp } from '../../domain/meetings/zoned-time';
import { DocumentModel } from './model';
import { DocumentFormat, DocumentKind, DocumentOwner, DocumentRecord, DocumentRenderer, DocumentStore } from './ports';

export interface DocumentDeps {
  documents: DocumentStore;
  documentRenderer: DocumentRenderer;
}

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** A document's bytes may not outgrow one stored item (Cosmos DB's item limit is 2 MB, base64 inflates by a third). */
export const MAX_DOCUMENT_BYTES = 1_400_000;

export const sha256Of = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

export const documentId = (kind: DocumentKind, version: number, format: DocumentFormat) =>
  `${kind}-v${version}.${format}`;

/**
 * Renders a document of record in each format asked, fingerprints it and keeps it frozen with
 * its owner. The same (kind, version) asked again — a double click, a retry after a fault — finds
 * the kept one and returns it unchanged (`created` false): a version is generated once.
 */
export async function recordDocument(
  deps: DocumentDeps,
  input: {
    centraleId: string;
    owner: DocumentOwner;
    kind: DocumentKind;
    version: number;
    label: string;
    /** Without extension (« convocation-copil-2026-12-08-v2 »). */
    basename: string;
    formats: DocumentFormat[];
    by: string;
    model: DocumentModel;
    /** Kept with the record (see `DocumentRecord.fingerprint`). */
    fingerprint?: string;
  },
): Promise<Array<{ record: DocumentRecord; created: boolean }>> {
  const out: Array<{ record: DocumentRecord; created: boolean }> = [];
  for (const format of input.formats) {
    const id = documentId(input.kind, input.version, format);
    const kept = await deps.documents.get(input.owner.id, id);
    if (kept) {
      out.push({ record: kept.record, created: false });
      continue;
    }
    const content =
      format === 'pdf' ? await deps.documentRenderer.pdf(input.model) : await deps.documentRenderer.docx(input.model);
    if (content.length > MAX_DOCUMENT_BYTES)
      throw new Error(`document ${id} of ${input.owner.id} is ${content.length} bytes, above ${MAX_DOCUMENT_BYTES}`);
    const record: DocumentRecord = {
      id,
      centraleId: input.centraleId,
      ownerKind: input.owner.kind,
      ownerId: input.owner.id,
      kind: input.kind,
      version: input.version,
      format,
      label: input.label,
      filename: `${input.basename}.${format}`,
      contentType: CONTENT_TYPES[format],
      sha256: sha256Of(content),
      size: content.length,
      generatedAt: input.model.generatedAt.toISOString(),
      generatedBy: input.by,
      ...(input.fingerprint ? { fingerprint: input.fingerprint } : {}),
    };
    const created = await deps.documents.save(record, content);
    // Another instance kept it first: theirs is the document of record.
    out.push({
      record: created ? record : ((await deps.documents.get(input.owner.id, id))?.record ?? record),
      created,
    });
  }
  return out;
}

/**
 * The journal's line for a generated document: what, when (the centrale's local time, with its
 * offset) and the full SHA-256, so the file can be checked against it later (`sha256sum`).
 */
export function documentJournalLine(record: DocumentRecord, timeZone: string): string {
  return (
    `${record.label} : fichier ${record.format.toUpperCase()} généré le ` +
    `${localTimestamp(new Date(record.generatedAt), timeZone)} — SHA-256 ${record.sha256}`
  );
}
