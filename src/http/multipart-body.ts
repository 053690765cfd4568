import type { IncomingMessage } from 'http';
import { readCapped } from './json-body';

/** A needs' workbook (2 MB at most, checked again by the use case) and the form's few fields. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 + 16_384;

export interface UploadedFile {
  field: string;
  filename: string;
  content: Buffer;
}

export type MultipartResult =
  | { ok: true; fields: Record<string, string>; files: UploadedFile[] }
  | { ok: false; status: 400 | 413 | 415; error: string };

const CRLF2 = Buffer.from('\r\n\r\n');

/** `name="x"` or `filename="y"` in a part's Content-Disposition. */
const param = (header: string, name: string) =>
  new RegExp(`(?:^|;)\\s*${name}="([^"]*)"`, 'i').exec(header)?.[1] ?? null;

/**
 * Reads a page's file upload (`multipart/form-data`, as a browser posts `<input type="file">`):
 * the whole body in memory within `maxBytes` (counted as read, whatever `Content-Length` says),
 * then split on its boundary. No file is written to disk.
 */
export async function readMultipartBody(req: IncomingMessage, maxBytes = MAX_UPLOAD_BYTES): Promise<MultipartResult> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const contentType = String(req.headers['content-type'] ?? '');
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  if (encoding !== 'identity' || !/^multipart\/form-data\s*;/i.test(contentType) || !boundary) {
    req.resume();
    return { ok: false, status: 415, error: 'Envoi non reconnu : rouvrez la page depuis votre lien.' };
  }
  const tooLarge = 'Ce fichier est trop volumineux : 2 Mo au plus. Envoyez le modèle rempli, sans images.';
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    req.resume();
    return { ok: false, status: 413, error: tooLarge };
  }
  const body = await readCapped(req, maxBytes);
  if (!body) return { ok: false, status: 413, error: tooLarge };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, string> = Object.create(null);
  const files: UploadedFile[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0)
    return { ok: false, status: 400, error: 'Envoi incomplet : choisissez le fichier et envoyez de nouveau.' };
  for (let parts = 0; parts < 20; parts++) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return { ok: true, fields, files };
    const headerEnd = body.indexOf(CRLF2, at);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), at);
    if (headerEnd < 0 || next < 0 || next < headerEnd)
      return { ok: false, status: 400, error: 'Envoi incomplet : choisissez le fichier et envoyez de nouveau.' };
    const headers = body.subarray(at, headerEnd).toString('utf8');
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = param(disposition, 'name');
    const filename = param(disposition, 'filename');
    const content = body.subarray(headerEnd + 4, next);
    if (name !== null && filename !== null) files.push({ field: name, filename, content: Buffer.from(content) });
    else if (name !== null && !(name in fields)) fields[name] = content.toString('utf8').slice(0, 1000);
    at = next + 2;
  }
  return { ok: false, status: 400, error: 'Envoi non reconnu : trop de champs.' };
}
