import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import path from 'path';
import * as XLSX from 'xlsx';

/** One document the gallery shows: as the bot served it (bytes downloaded through its signed link). */
export interface GalleryDocument {
  name: string;
  /** Where in the product it is made (« Carte de l’organisateur → Convocation (PDF) »). */
  where: string;
  filename: string;
  bytes: Buffer;
  sha256?: string;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

/**
 * The first page of a PDF as PNG (poppler's pdftoppm), and its page count (pdfinfo). A DOCX is
 * first turned into a PDF by LibreOffice when it is installed (not needed by CI: the gallery is
 * for people to look at), else shown by its text.
 */
function firstPage(file: string, outDir: string, id: string): { png: string | null; pages: number; note: string } {
  let pdf = file;
  let note = '';
  if (file.endsWith('.docx')) {
    if (!SOFFICE) return { png: null, pages: 0, note: 'LibreOffice absent : DOCX non rendu ici, ouvrez le fichier.' };
    execFileSync(SOFFICE, ['--headless', '--convert-to', 'pdf', '--outdir', outDir, file], { stdio: 'ignore' });
    pdf = path.join(outDir, path.basename(file).replace(/\.docx$/, '.pdf'));
    note = 'Rendu par LibreOffice (comme Word l’ouvrirait).';
  }
  const info = execFileSync('pdfinfo', [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(outDir, id)]);
  return { png: `${id}.png`, pages, note };
}

/**
 * A workbook's sheets as HTML tables (SheetJS reads it back, as a spreadsheet would), 25 rows
 * each. SheetJS formats numbers without a locale (« 4,500.50 € »): French Excel shows « 4 500,50 € ».
 */
function sheetsHtml(bytes: Buffer): string {
  const wb = XLSX.read(bytes, { cellDates: true });
  return wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name]!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: false }).slice(0, 25);
    const body = rows
      .map(
        (r, i) =>
          `<tr>${r.map((c) => `<${i ? 'td' : 'th'}>${escape(String(c ?? ''))}</${i ? 'td' : 'th'}>`).join('')}</tr>`,
      )
      .join('');
    return `<h4>Feuille « ${escape(name)} »</h4><div class="sheet"><table>${body}</table></div>`;
  }).join('');
}

/** Writes build/documents/index.html: every document, its first page (or its sheets), where it is made. */
export function writeDocumentsGallery(outDir: string, documents: GalleryDocument[]): string {
  mkdirSync(outDir, { recursive: true });
  const figures = documents.map((d, n) => {
    const id = `doc-${String(n + 1).padStart(2, '0')}`;
    const file = path.join(outDir, d.filename);
    writeFileSync(file, d.bytes);
    const head = `<h3>${escape(d.name)}</h3><p class="where">${escape(d.where)} — <a href="${escape(d.filename)}">${escape(d.filename)}</a> (${Math.round(d.bytes.length / 1024)} Ko)${d.sha256 ? `<br>SHA-256 <code>${d.sha256}</code>` : ''}</p>`;
    if (d.filename.endsWith('.xlsx')) return `<section id="${id}">${head}${sheetsHtml(d.bytes)}</section>`;
    const page = firstPage(file, outDir, id);
    const img = page.png ? `<img src="${page.png}" alt="Première page de ${escape(d.name)}">` : '';
    return `<section id="${id}">${head}<p class="where">${page.pages ? `${page.pages} page${page.pages > 1 ? 's' : ''}. ` : ''}${escape(page.note)}</p>${img}</section>`;
  });
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Documents de la centrale</title>
<style>body{font:15px system-ui,sans-serif;margin:24px;max-width:1100px}section{border-top:1px solid #ccc;padding:12px 0}
img{border:1px solid #999;max-width:100%;box-shadow:0 1px 4px #0003}.where{color:#555;margin:4px 0}
.sheet{overflow:auto;max-height:420px;border:1px solid #ccc}table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #ddd;padding:2px 6px;white-space:nowrap}th{background:#eee;position:sticky;top:0}code{font-size:12px}</style>
</head><body><h1>Documents de la centrale</h1><p>Chaque document tel que le bot le sert, téléchargé par son lien signé depuis la carte qui le propose, au cours d’un scénario joué sur la base embarquée.</p>
${figures.join('\n')}</body></html>`;
  const index = path.join(outDir, 'index.html');
  writeFileSync(index, html);
  return index;
}
