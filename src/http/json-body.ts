import type { IncomingMessage } from 'http';

/** The largest activity accepted (Teams sends at most ~100 KB; cards with forms stay well under). */
export const MAX_ACTIVITY_BYTES = 1_000_000;

export type BodyResult = { ok: true; body: unknown } | { ok: false; status: 400 | 413 | 415; error: string };

/**
 * Reads a JSON body the way Teams sends it: plain `application/json`, never compressed. Nothing
 * is decompressed, parsed as a form or written to disk; the size limit counts the bytes read,
 * whatever `Content-Length` claims, and the read stops as soon as it is passed.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_ACTIVITY_BYTES): Promise<BodyResult> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity') return refuse(req, 415, 'Content-Encoding non accepté : envoyez du JSON non compressé.');
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json') return refuse(req, 415, 'Seul application/json est accepté.');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return refuse(req, 413, 'Corps de requête trop volumineux.');
  const chunks = await readCapped(req, maxBytes);
  if (!chunks) return { ok: false, status: 413, error: 'Corps de requête trop volumineux.' };
  try {
    return { ok: true, body: JSON.parse(chunks.toString('utf8')) };
  } catch {
    return { ok: false, status: 400, error: 'Le corps de la requête n’est pas du JSON valide.' };
  }
}

/**
 * The body's bytes, or null once they pass `maxBytes` (the read stops there, whatever
 * `Content-Length` claimed) or the request fails.
 */
export async function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  const tooLarge = await new Promise<boolean>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.pause();
        resolve(true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(false));
    req.on('error', reject);
  }).catch(() => true);
  return tooLarge ? null : Buffer.concat(chunks);
}

/** Refused before reading: the rest of the body is drained, never stored, so the socket can answer. */
function refuse(req: IncomingMessage, status: 413 | 415, error: string): BodyResult {
  req.resume();
  return { ok: false, status, error };
}
