/**
 * Reads a PDF back with Debian's poppler-utils, as a person's reader would: the text
 * (`pdftotext -layout`), the page count (`pdfinfo`), the fonts and whether each is embedded
 * (`pdffonts`), and every page rendered to PNG (`pdftoppm`).
 */
import { execFile } from 'child_process';
import { mkdtemp, readdir, rm, writeFile } from 'fs/promises';
import os from 'os';
import path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

async function withFile<T>(pdf: Buffer, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text as laid out (`-layout`), every page, exactly as extracted (no-break spaces kept). */
export const pdfRawText = (pdf: Buffer): Promise<string> =>
  withFile(pdf, async (file) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout);

/** As `pdfRawText`, with the no-break spaces (U+00A0, U+202F) read as spaces: what a search finds. */
export const pdfText = async (pdf: Buffer): Promise<string> => (await pdfRawText(pdf)).replace(/[\u00a0\u202f]/g, ' ');

/** pdfinfo's fields (`Pages`, `Title`, `Author`, `CreationDate`…). */
export const pdfInfo = (pdf: Buffer): Promise<Record<string, string>> =>
  withFile(pdf, async (file) => {
    const { stdout } = await run('pdfinfo', [file]);
    return Object.fromEntries(
      stdout
        .split('\n')
        .map((l) => /^([^:]+):\s*(.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => [m[1]!.trim(), m[2]!.trim()]),
    );
  });

/** Each font: its name and whether it is embedded (`pdffonts`' « emb » column). */
export const pdfFonts = (pdf: Buffer): Promise<Array<{ name: string; embedded: boolean }>> =>
  withFile(pdf, async (file) => {
    const { stdout } = await run('pdffonts', [file]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => {
        const cols = l.trim().split(/\s+/);
        // name type [encoding…] emb sub uni object ID: the emb column is the 5th from the end.
        return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
      });
  });

/**
 * Every page rendered to PNG (`pdftoppm -r <dpi>`), into `outDir` when given (kept), else read
 * and dropped; returns the PNGs' bytes in page order. pdftoppm fails on a broken page.
 */
export async function pdfPages(pdf: Buffer, options: { dpi?: number; outDir?: string; prefix?: string } = {}) {
  return withFile(pdf, async (file, dir) => {
    const target = options.outDir ?? dir;
    const prefix = path.join(target, options.prefix ?? 'page');
    await run('pdftoppm', ['-png', '-r', String(options.dpi ?? 50), file, prefix]);
    const base = path.basename(prefix);
    const names = (await readdir(target)).filter((n) => n.startsWith(`${base}-`) && n.endsWith('.png')).sort();
    const { readFile } = await import('fs/promises');
    return Promise.all(
      names.map(async (n) => ({ file: path.join(target, n), png: await readFile(path.join(target, n)) })),
    );
  });
}

/** Writes the bytes where a person could open them (build/…), for looking at after a run. */
export const keep = (file: string, content: Buffer) => writeFile(file, content);

/** The pictures embedded in the PDF (`pdfimages -list`): each one's page, size in pixels and type. */
export const pdfImages = (pdf: Buffer): Promise<Array<{ page: number; width: number; height: number; type: string }>> =>
  withFile(pdf, async (file) => {
    const { stdout } = await run('pdfimages', ['-list', file]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => {
        const cols = l.trim().split(/\s+/);
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        return { page: Number(cols[0]), type: cols[2]!, width: Number(cols[3]), height: Number(cols[4]) };
      });
  });
