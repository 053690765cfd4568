/**
 * A document of record (convocation, procès-verbal, feuille d'émargement, mise en demeure) as
 * plain blocks. The app builds it from the same data the cards show; `src/documents` renders it
 * to PDF (pdfkit, fonts embedded) and to DOCX (docx) without knowing what it says.
 */
export type DocBlock =
  /** A section title (level 1) or a sub-title (level 2). */
  | { kind: 'heading'; text: string; level?: 1 | 2 }
  | { kind: 'paragraph'; text: string; bold?: boolean; small?: boolean; align?: 'left' | 'right' | 'justify' }
  /** Label and value side by side (« Date : mardi 8 décembre 2026 à 14 h »). */
  | { kind: 'facts'; rows: Array<[label: string, value: string]> }
  | { kind: 'list'; items: string[]; numbered?: boolean }
  /** A table; `width` is a share of the line (the shares are normalised), `align` a column's. */
  | {
      kind: 'table';
      columns: Array<{ header: string; width?: number; align?: 'left' | 'right' | 'center' }>;
      rows: string[][];
    }
  /** Signature blocks side by side: the role, the name, and room to sign. */
  | { kind: 'signatures'; blocks: Array<{ role: string; name: string }> }
  /** A letter's addressee, placed on the right as French letters do. */
  | { kind: 'address'; lines: string[] }
  /**
   * A picture (a chart) as PNG bytes, `width` in points (the line's width at most; its height
   * follows the picture's proportions), with the text that says what it shows: printed under it
   * as its caption when `caption` is set, and given to a reader that cannot show pictures.
   */
  | { kind: 'image'; png: Buffer; width: number; alt: string; caption?: string };

export interface DocumentModel {
  /** The document's title, as printed and as the PDF's Title (« Convocation — COPIL RReT »). */
  title: string;
  /** Who issues it: the centrale's name, printed at the top of each page. */
  issuer: string;
  /** A line under the title: a version, a reference (« Version 2 du 3 décembre 2026 »). */
  subtitle?: string;
  blocks: DocBlock[];
  /** Printed at the foot of each page with « Page n / N » (« Généré par le bot le … »). */
  footer: string;
  /** The PDF's creation date: when the document was generated. */
  generatedAt: Date;
}
