import { DocumentOwner, DocumentRecord } from '../documents/ports';
import { DocumentDeps, recordDocument } from '../documents/record-document';
import { SignedLinks } from '../files/signed-links';
import { AppDeps } from '../ports';
import { ChartRenderer } from './ports';
import { bilanBasename, bilanLabel, buildBilanDocument } from './bilan-document';

const DAY = 86_400_000;

/** An export link stays valid a day from the card that shows it, as the other exports' do. */
export const BILAN_LINK_DAYS = 1;

/**
 * Where the exports of a window are kept: the centrale's own documents, one partition per
 * window (`bilan-marches~<centrale>~<window>`), so its versions are listed in one read.
 */
export const bilanExportOwner = (centraleId: string, windowKey: string): DocumentOwner => ({
  kind: 'centrale',
  id: `bilan-marches~${centraleId}~${windowKey}`,
});

type ExportDeps = Pick<AppDeps, 'governance' | 'disputes' | 'consumption' | 'surveys' | 'clock'> &
  DocumentDeps & { charts: ChartRenderer };

/**
 * The bilan des marchés of a window as a document of record (PDF): made from today's figures and
 * kept frozen with its SHA-256. Asked again with the same figures — a double click, another
 * person the same week — it is the version already kept (`created` false); once the figures have
 * changed (a new consumption report, a contract's price), a new version beside the old ones.
 */
export async function recordBilanExport(
  deps: ExportDeps,
  input: { centraleId: string; windowKey: string; by: string },
): Promise<{ record: DocumentRecord; created: boolean }> {
  const built = await buildBilanDocument(deps, input.centraleId, input.windowKey);
  const w = built.review.window;
  const owner = bilanExportOwner(input.centraleId, w.key);
  const kept = (await deps.documents.list(owner.id)).filter((r) => r.kind === 'bilan-marches' && r.format === 'pdf');
  const same = kept.find((r) => r.fingerprint === built.fingerprint);
  if (same) return { record: same, created: false };
  let version = Math.max(0, ...kept.map((r) => r.version)) + 1;
  // Two people exporting changed figures at once both take the next version: the first kept is it.
  for (;;) {
    const [result] = await recordDocument(deps, {
      centraleId: input.centraleId,
      owner,
      kind: 'bilan-marches',
      version,
      label: `${bilanLabel(w)}, version ${version}`,
      basename: `${bilanBasename(w)}-v${version}`,
      formats: ['pdf'],
      by: input.by,
      model: built.model,
      fingerprint: built.fingerprint,
    });
    if (result!.created || result!.record.fingerprint === built.fingerprint || version > kept.length + 5)
      return result!;
    version += 1;
  }
}

export interface BilanExportLinks {
  /** The PDF of record: opening it keeps (or finds) the version of today's figures, then serves it. */
  pdfUrl: string;
  /** The workbook (« Marchés », « Adhérents », « Consommation »), made on each opening. */
  xlsxUrl: string;
}

/**
 * The export links of the centrale's bilan over a window, for a card shown to someone allowed
 * to see it (`bilan.view`, checked by the caller): signed for that centrale and window only, so
 * a link altered to another centrale opens nothing (403). `personKey` is who the PDF's record
 * names as having asked for it.
 */
export function bilanExportLinks(
  deps: { links: Pick<SignedLinks, 'url'>; clock: AppDeps['clock'] },
  centraleId: string,
  windowKey: string,
  personKey?: string,
): BilanExportLinks {
  const expires = new Date(deps.clock.now().getTime() + BILAN_LINK_DAYS * DAY);
  const id = `${centraleId}|${windowKey}`;
  return {
    pdfUrl: deps.links.url('bilan-marches-pdf', personKey ? `${id}|${personKey}` : id, expires),
    xlsxUrl: deps.links.url('bilan-marches-xlsx', id, expires),
  };
}
