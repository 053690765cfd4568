import { DocumentRef } from '../../domain/documents';
import { Sitting } from '../../domain/meetings/sitting';
import { formatLocalDate, localDateOf } from '../../domain/meetings/zoned-time';
import { documentJournalLine } from '../documents/record-document';
import { DocumentRecord, OwnedDocumentRef } from '../documents/ports';
import { MeetingRepository } from './ports';

const refOf = (r: DocumentRecord): DocumentRef => ({
  id: r.id,
  kind: r.kind,
  format: r.format,
  version: r.version,
  label: r.label,
  filename: r.filename,
  generatedAt: r.generatedAt,
});

/**
 * Writes each kept document's line in the sitting's journal (its SHA-256 and generation time),
 * once: a retry or a double click that finds the line already there changes nothing.
 */
export async function journalSittingDocuments(
  deps: { meetings: Pick<MeetingRepository, 'update'> },
  sitting: Sitting,
  records: DocumentRecord[],
): Promise<Sitting> {
  const logged = (s: Sitting, r: DocumentRecord) =>
    s.history.some((h) => h.action === 'document' && (h.document?.id === r.id || h.summary === line(s, r)));
  const line = (s: Sitting, r: DocumentRecord) => documentJournalLine(r, s.timeZone);
  if (records.every((r) => logged(sitting, r))) return sitting;
  return deps.meetings.update(sitting.id, (s) => {
    const missing = records.filter((r) => !logged(s, r));
    if (!missing.length) return s;
    return {
      ...s,
      history: [
        ...s.history,
        ...missing.map((r) => ({
          at: r.generatedAt,
          by: r.generatedBy,
          action: 'document' as const,
          summary: line(s, r),
          document: refOf(r),
        })),
      ],
    };
  });
}

/** The sitting's kept documents, as its journal names them (no read of the documents store). */
export const sittingDocuments = (s: Sitting): OwnedDocumentRef[] =>
  s.history.flatMap((h) => (h.action === 'document' && h.document ? [{ ...h.document, ownerId: s.id }] : []));

/** « proces-verbal-copil-rret-2026-12-10-v2 »: a sitting's document's file name, without extension. */
export function documentBasename(kind: string, s: Sitting, version: number): string {
  const slug =
    s.instanceName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'seance';
  return `${kind}-${slug}-${formatLocalDate(localDateOf(new Date(s.startsAt), s.timeZone))}-v${version}`;
}
