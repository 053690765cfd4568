/**
 * Reads a DOCX back as Word would lay out its words: `unzip -p` takes `word/document.xml` (and
 * the footers) out of the archive, then each paragraph's runs (`<w:t>`) are joined, one
 * paragraph a line, the XML entities decoded and the no-break spaces read as spaces.
 */
import { execFile } from 'child_process';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import os from 'os';
import path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/** The paragraphs' text of an XML part of the archive (`word/document.xml`, `word/footer1.xml`). */
export async function docxPart(docx: Buffer, part: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docx-'));
  try {
    const file = path.join(dir, 'doc.docx');
    await writeFile(file, docx);
    const { stdout } = await run('unzip', ['-p', file, part], { maxBuffer: 20_000_000 });
    return stdout
      .split(/<\/w:p>/)
      .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
      .filter((l) => l.length > 0)
      .join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The archive's parts (`unzip -Z1`). */
export async function docxParts(docx: Buffer): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docx-'));
  try {
    const file = path.join(dir, 'doc.docx');
    await writeFile(file, docx);
    return (await run('unzip', ['-Z1', file])).stdout.split('\n').filter(Boolean);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The body's text, no-break spaces read as spaces: what a search in Word finds. */
export const docxText = async (docx: Buffer): Promise<string> =>
  (await docxPart(docx, 'word/document.xml')).replace(/[\u00a0\u202f]/g, ' ');
