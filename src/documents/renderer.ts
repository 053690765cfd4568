import { DocumentRenderer } from '../app/documents/ports';
import { renderPdf } from './pdf';

/** The documents' renderer the app is given (main.ts). */
export function createDocumentRenderer(): DocumentRenderer {
  return {
    pdf: renderPdf,
    docx: () => Promise.reject(new Error('DOCX rendering is not built yet')),
  };
}
