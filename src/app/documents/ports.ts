import { DocumentFormat, DocumentKind, DocumentRef } from '../../domain/documents';
import { DocumentModel } from './model';

/** Renders a document model; implemented in `src/documents` (pdfkit, docx). */
export interface DocumentRenderer {
  pdf(model: DocumentModel): Promise<Buffer>;
  docx(model: DocumentModel): Promise<Buffer>;
}

/**
 * What a document of record belongs to: a sitting, a dispute (by its file's id and its own), or
 * the centrale itself for an export (its id names the centrale and what is exported, e.g.
 * `bilan-marches~<centrale>~<window>`, so that each export's versions share a partition).
 */
export type DocumentOwner =
  { kind: 'seance'; id: string } | { kind: 'litige'; id: string; fileId: string } | { kind: 'centrale'; id: string };

export type { DocumentKind, DocumentFormat, DocumentRef } from '../../domain/documents';

/** A document as a card needs it: what it is and whose (a kept record is one). */
export type OwnedDocumentRef = DocumentRef & { ownerId: string };

/**
 * A generated document as kept: frozen bytes with their SHA-256, so the file a member downloads
 * years later is the one whose fingerprint the journal quotes.
 */
export interface DocumentRecord {
  /** `<kind>-v<version>.<format>`: unique per owner, so a retry finds the document already kept. */
  id: string;
  centraleId: string;
  ownerKind: DocumentOwner['kind'];
  ownerId: string;
  kind: DocumentKind;
  version: number;
  format: DocumentFormat;
  /** As shown on cards and in the journal (« Convocation, version 2 »). */
  label: string;
  filename: string;
  contentType: string;
  sha256: string;
  size: number;
  generatedAt: string;
  generatedBy: string;
  /**
   * What the document says, fingerprinted without its generation time (SHA-256 of its model):
   * an export asked again with the same figures finds this version instead of making another.
   */
  fingerprint?: string;
}

export interface DocumentStore {
  /** Keeps the record and its bytes; false (nothing written) when that id is already kept. */
  save(record: DocumentRecord, content: Buffer): Promise<boolean>;
  get(ownerId: string, id: string): Promise<{ record: DocumentRecord; content: Buffer } | null>;
  /** The owner's documents, oldest first (records only, not their bytes). */
  list(ownerId: string): Promise<DocumentRecord[]>;
}
