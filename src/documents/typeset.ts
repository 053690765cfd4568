import { DocumentModel } from '../app/documents/model';

/**
 * French typography: no line break inside « guillemets » nor before : ; ! ? (a narrow no-break
 * space, U+202F, which DejaVu Sans has and the line breaker keeps together).
 */
export const typeset = (text: string): string =>
  text
    .replace(/« /g, '«\u202F')
    .replace(/ »/g, '\u202F»')
    .replace(/ ([:;!?])/g, '\u202F$1')
    // « 1 000,00 € », « 10 % »: the sign stays with its number.
    .replace(/(\d) (€|%)/g, '$1\u00A0$2');

/** Every string of the model typeset (the dates stay dates, a picture's bytes its bytes). */
export function typesetModel(m: DocumentModel): DocumentModel {
  const deep = (v: unknown): unknown =>
    typeof v === 'string'
      ? typeset(v)
      : Array.isArray(v)
        ? v.map(deep)
        : v && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'kind' ? x : deep(x)]))
          : v;
  return deep(m) as DocumentModel;
}
