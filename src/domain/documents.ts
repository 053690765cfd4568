/** The kinds of documents of record, and their formats. */
export type DocumentKind = 'convocation' | 'proces-verbal' | 'emargement' | 'mise-en-demeure';
export type DocumentFormat = 'pdf' | 'docx';

/**
 * What a journal line says of a kept document, in structured form: enough to show its button
 * on a card without reading the documents store (the bytes stay there).
 */
export interface DocumentRef {
  id: string;
  kind: DocumentKind;
  format: DocumentFormat;
  version: number;
  label: string;
  filename: string;
  generatedAt: string;
}
