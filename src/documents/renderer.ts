import { DocumentRenderer } from '../app/documents/ports';
import { WorkbookReader, WorkbookRenderer } from '../app/documents/workbook';
import { renderDocx } from './docx';
import { renderPdf } from './pdf';
import { renderXlsx } from './xlsx';
import { readXlsx } from './xlsx-read';

/** The documents' renderer the app is given (main.ts). */
export function createDocumentRenderer(): DocumentRenderer {
  return { pdf: renderPdf, docx: renderDocx };
}

/** The workbooks' renderer and reader (exports, the needs' template and its import). */
export function createWorkbooks(): WorkbookRenderer & WorkbookReader {
  return { xlsx: renderXlsx, read: readXlsx };
}
