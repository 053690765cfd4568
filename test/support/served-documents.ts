/**
 * The documents a test downloaded through the bot's signed links, kept under
 * build/documents/served/ with a note of where the product makes them: the documents gallery
 * (`npm run gallery:documents`) shows exactly these, as the bot served them.
 */
import { createHash } from 'crypto';
import { mkdir, writeFile } from 'fs/promises';
import path from 'path';

export const SERVED_DIR = path.join(__dirname, '..', '..', 'build', 'documents', 'served');

export async function keepServed(filename: string, bytes: Buffer, name: string, where: string): Promise<void> {
  await mkdir(SERVED_DIR, { recursive: true });
  await writeFile(path.join(SERVED_DIR, filename), bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(path.join(SERVED_DIR, `${filename}.json`), JSON.stringify({ filename, name, where, sha256 }));
}
