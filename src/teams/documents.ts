import { OwnedDocumentRef } from '../app/documents/ports';
import { OpenUrl } from './doc-links';
import { BotDeps } from './turn';

const DAY = 86_400_000;

/** The PDF (what is filed) before its editable copy. */
const FORMAT_ORDER = ['pdf', 'docx'];

/** A document's link stays valid this long from the card that shows it (the card is refreshed on each visit). */
export const DOCUMENT_LINK_DAYS = 30;

/** The signed address of a kept document (`/fichiers/document/<owner>|<id>`). */
export const documentUrl = (deps: Pick<BotDeps, 'links' | 'clock'>, r: OwnedDocumentRef, days = DOCUMENT_LINK_DAYS) =>
  deps.links.url('document', `${r.ownerId}|${r.id}`, new Date(deps.clock.now().getTime() + days * DAY));

/**
 * The buttons that open a sitting's or a dispute's documents: the latest version of each kind
 * and format (« Convocation, version 2 (PDF) »), in the order they were made. Older versions stay
 * kept and in the journal; a card shows what is current.
 */
export function documentButtons(deps: Pick<BotDeps, 'links' | 'clock'>, records: OwnedDocumentRef[]): OpenUrl[] {
  const latest = new Map<string, OwnedDocumentRef>();
  for (const r of records) {
    // Each bilan des marchés attached (one per window) keeps its button; other kinds show their latest version.
    const key = `${r.kind === 'bilan-marches' ? r.label : r.kind}.${r.format}`;
    const seen = latest.get(key);
    if (!seen || seen.version < r.version) latest.set(key, r);
  }
  return [...latest.values()]
    .sort(
      (a, b) =>
        a.generatedAt.localeCompare(b.generatedAt) ||
        a.kind.localeCompare(b.kind) ||
        FORMAT_ORDER.indexOf(a.format) - FORMAT_ORDER.indexOf(b.format),
    )
    .map((r) => ({
      type: 'Action.OpenUrl',
      title: `${r.label} (${r.format.toUpperCase()})`,
      url: documentUrl(deps, r),
    }));
}
