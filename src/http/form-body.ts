import type { IncomingMessage } from 'http';
import { readCapped } from './json-body';

/** An answer form is a few short fields: a few kilobytes at most. */
export const MAX_FORM_BYTES = 8_192;
/**
 * A need's form (the page behind a référent's link) carries up to 6,605 characters (three texts
 * of 2,000): percent-encoded, up to 9 bytes each.
 */
export const MAX_NEED_FORM_BYTES = 65_536;

export type FormResult = { ok: true; fields: Record<string, string> } | { ok: false; status: 413 | 415; error: string };

/**
 * Reads a page's form as browsers post it (`application/x-www-form-urlencoded`, never
 * compressed); the size limit counts the bytes read, whatever `Content-Length` claims.
 */
export async function readFormBody(req: IncomingMessage, maxBytes = MAX_FORM_BYTES): Promise<FormResult> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' || type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return { ok: false, status: 415, error: 'Formulaire non reconnu : rouvrez la page depuis votre e-mail.' };
  }
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    req.resume();
    return { ok: false, status: 413, error: 'Formulaire trop volumineux.' };
  }
  const body = await readCapped(req, maxBytes);
  if (!body) return { ok: false, status: 413, error: 'Formulaire trop volumineux.' };
  // The first value of each field counts; with no prototype, « __proto__ » is a field like another.
  const fields: Record<string, string> = Object.create(null);
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
    if (!(k in fields)) fields[k] = v;
  }
  return { ok: true, fields };
}
