/** The kinds of documents of record, and their formats. */
/** `bilan-marches`: the bilan des marchés of a window, exported or attached to a sitting's agenda item. */
export type DocumentKind = 'convocation' | 'proces-verbal' | 'emargement' | 'mise-en-demeure' | 'bilan-marches';
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
