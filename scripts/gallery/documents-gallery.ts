import { readFileSync, readdirSync } from 'fs';
import path from 'path';
import { projectRoot } from '../../src/project-root';
import { GalleryDocument, writeDocumentsGallery } from './documents-page';

/**
 * The documents gallery: every document of record and workbook as the bot served it through its
 * signed link in the end-to-end tests (they keep them in build/documents/served with where each is
 * made), shown in build/documents/index.html — a PDF's first page rendered by pdftoppm, a DOCX by
 * LibreOffice when installed, a workbook's sheets as SheetJS reads them.
 * Usage: npm run gallery:documents (runs those tests first).
 */
const SERVED = path.join(projectRoot, 'build', 'documents', 'served');
const OUT = path.join(projectRoot, 'build', 'documents');
const ORDER = [
  'convocation',
  'proces-verbal',
  'emargement',
  'mise-en-demeure',
  'modele',
  'besoins',
  'programme',
  'bilan',
  'journal',
];

const notes = readdirSync(SERVED).filter((f) => f.endsWith('.json'));
const documents: GalleryDocument[] = notes
  .map((f) => JSON.parse(readFileSync(path.join(SERVED, f), 'utf8')) as Omit<GalleryDocument, 'bytes'>)
  .map((n) => ({ ...n, bytes: readFileSync(path.join(SERVED, n.filename)) }))
  .sort((a, b) => {
    const rank = (d: GalleryDocument) => ORDER.findIndex((p) => d.filename.startsWith(p));
    return (
      rank(a) - rank(b) ||
      Number(a.filename.endsWith('.docx')) - Number(b.filename.endsWith('.docx')) ||
      a.filename.localeCompare(b.filename)
    );
  });
if (documents.length === 0) throw new Error(`no served documents in ${SERVED}: run the end-to-end tests first`);
console.log(`documents gallery: ${writeDocumentsGallery(OUT, documents)} (${documents.length} documents)`);
