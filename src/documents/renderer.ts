import { DocumentRenderer } from '../app/documents/ports';
import { renderDocx } from './docx';
import { renderPdf } from './pdf';

/** The documents' renderer the app is given (main.ts). */
export function createDocumentRenderer(): DocumentRenderer {
  return { pdf: renderPdf, docx: renderDocx };
}
