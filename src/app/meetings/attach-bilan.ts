import { centraleWindows, Window } from '../../domain/bilan/indicators';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Sitting, draftOf, revisionBlocker } from '../../domain/meetings/sitting';
import { frenchDay, localDateOf } from '../../domain/meetings/zoned-time';
import { authorize } from '../../domain/permissions';
import { bilanLabel, buildBilanDocument } from '../bilan/bilan-document';
import { loadBilanData, pickWindow } from '../bilan/queries';
import { DocumentRecord } from '../documents/ports';
import { recordDocument } from '../documents/record-document';
import { SignedLinks } from '../files/signed-links';
import { Actor } from '../identify-actor';
import { AppDeps } from '../ports';
import { organisedSitting } from './organised-sitting';
import { MeetingPresenters } from './ports';
import { reviseConvenedSitting } from './revise-sitting';
import { documentBasename, journalSittingDocuments } from './sitting-documents';
import { SittingForecast, forecastFor } from './sitting-forecast';

/**
 * The bilan des marchés put before a sitting: the organiser of any instance (Comité de DG,
 * Conférence des Maires…) attaches the bilan of a window to an agenda item. The PDF is made and
 * kept as one of the sitting's documents (its SHA-256 in the sitting's journal), and its link is
 * added to the item as a document added after convening: a new version of the convocation, the
 * members told (« document ajouté : … (point 2) »), their cards and the e-mail dating it
 * « (ajouté le …) ».
 */

type Deps = Parameters<typeof reviseConvenedSitting>[0] &
  Pick<AppDeps, 'disputes' | 'consumption' | 'surveys' | 'charts'> &
  MeetingPresenters;

const DAY = 86_400_000;

/** The link in the agenda stays valid a year after the sitting (the cards' document buttons are signed anew). */
export const AGENDA_DOCUMENT_LINK_DAYS = 365;

export interface BilanAttachChoices {
  sitting: Sitting;
  /** « 1. Programmation 2027 »…, valued by the item's number. */
  items: Array<{ value: string; title: string }>;
  windows: Window[];
  defaultWindow: string;
}

/** Checks who asks (the sitting's organiser, who may see the bilan) and what may be attached now. */
async function checked(deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>, actor: Actor, sittingId: string) {
  const found = await organisedSitting(deps, actor, sittingId);
  authorize(found.person, 'bilan.view');
  const blocked = revisionBlocker(found.current, deps.clock.now());
  if (blocked) throw new DomainError(blocked.code, blocked.message);
  return found;
}

/** The form's choices: the sitting's agenda items and the bilan's windows (the current year first chosen). */
export async function bilanAttachChoices(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock' | 'disputes' | 'consumption' | 'surveys'>,
  actor: Actor,
  sittingId: string,
): Promise<BilanAttachChoices> {
  const { current } = await checked(deps, actor, sittingId);
  const data = await loadBilanData(deps, current.centraleId);
  const windows = centraleWindows(data.contracts);
  if (!windows.length)
    throw new DomainError(
      ErrorCode.NoContract,
      'Aucun marché n’est enregistré dans la centrale : le bilan des marchés serait vide. Enregistrez d’abord les marchés (« dossiers »).',
    );
  return {
    sitting: current,
    items: current.agenda.map((item, n) => ({ value: String(n + 1), title: `${n + 1}. ${item.title}` })),
    windows,
    defaultWindow: pickWindow(windows, undefined, data.today).key,
  };
}

/** The bilan of `windowKey` kept as the sitting's document: the one already kept for that window, else a new one. */
async function keepSittingBilan(
  deps: Deps,
  s: Sitting,
  by: string,
  windowKey: string,
): Promise<{ record: DocumentRecord; window: Window }> {
  const context = `${s.instanceName} — séance du ${frenchDay(localDateOf(new Date(s.startsAt), s.timeZone))}`;
  const built = await buildBilanDocument(deps, s.centraleId, windowKey, context);
  const window = built.review.window;
  const label = bilanLabel(window);
  const kept = (await deps.documents.list(s.id)).filter((r) => r.kind === 'bilan-marches' && r.format === 'pdf');
  // Attached once, it stays the document the members were given: a second click finds it.
  const same = kept.find((r) => r.label === label);
  if (same) return { record: same, window };
  let version = Math.max(0, ...kept.map((r) => r.version)) + 1;
  for (;;) {
    const [result] = await recordDocument(deps, {
      centraleId: s.centraleId,
      owner: { kind: 'seance', id: s.id },
      kind: 'bilan-marches',
      version,
      label,
      basename: documentBasename(`bilan-marches-${window.key}`, s, version),
      formats: ['pdf'],
      by,
      model: built.model,
      fingerprint: built.fingerprint,
    });
    // Another window's bilan attached at the same instant took this version: the next one is ours.
    if (result!.record.label === label || version > kept.length + 5) return { record: result!.record, window };
    version += 1;
  }
}

/** The agenda's link to the kept bilan: `<sitting>|<document>|<file name>`, so cards name the file. */
export const agendaDocumentLink = (links: Pick<SignedLinks, 'url'>, s: Sitting, r: DocumentRecord): string =>
  links.url(
    'document',
    `${s.id}|${r.id}|${r.filename}`,
    new Date(Date.parse(s.startsAt) + AGENDA_DOCUMENT_LINK_DAYS * DAY),
  );

export type AttachBilanResult = {
  sitting: Sitting;
  forecast: SittingForecast;
  document: DocumentRecord;
  /** The same bilan was already on that item (a double click): nothing changed. */
  already: boolean;
};

/**
 * Attaches the bilan of a window to item `item` (from 1) of a convened sitting, before it starts.
 * Refused to anyone but its organisers (and to those who may not see the bilan), for another
 * centrale's sitting (« introuvable »), for a cancelled or begun sitting, or an unknown item.
 */
export async function attachBilanToSitting(
  deps: Deps,
  links: Pick<SignedLinks, 'url'>,
  actor: Actor,
  input: { sittingId: string; item: number; windowKey: string; serviceUrl: string | null },
): Promise<AttachBilanResult> {
  const { person, current } = await checked(deps, actor, input.sittingId);
  const n = input.item - 1;
  if (!Number.isInteger(n) || !current.agenda[n])
    throw new DomainError(
      ErrorCode.InvalidData,
      'Ce point n’est pas à l’ordre du jour de la séance : choisissez-en un dans la liste.',
    );
  const { record } = await keepSittingBilan(deps, current, person.key, input.windowKey);
  const link = agendaDocumentLink(links, current, record);
  const journalled = await journalSittingDocuments(deps, current, [record]);
  if (journalled.agenda[n]!.links.includes(link))
    return {
      sitting: journalled,
      forecast: await forecastFor(deps, journalled, undefined, deps.outbox),
      document: record,
      already: true,
    };
  const draft = draftOf(journalled);
  const agenda = draft.agenda.map((item, i) => (i === n ? { ...item, links: [...item.links, link] } : item));
  const result = await reviseConvenedSitting(deps, actor, {
    sittingId: current.id,
    draft: { ...draft, agenda },
    serviceUrl: input.serviceUrl,
    draftId: `bilan~${record.id}~${input.item}`,
    ownLinks: [link],
  });
  if (!result.ok) {
    // A second click that met the first one's change on its way: the bilan is there, once.
    const latest = await deps.meetings.get(current.id);
    if (latest?.agenda[n]?.links.includes(link))
      return {
        sitting: latest,
        forecast: await forecastFor(deps, latest, undefined, deps.outbox),
        document: record,
        already: true,
      };
    throw new DomainError(
      ErrorCode.InvalidData,
      Object.values(result.errors)[0] ?? 'Le bilan n’a pas pu être joint : rouvrez la prévision du quorum.',
    );
  }
  return { sitting: result.sitting, forecast: result.forecast, document: record, already: false };
}
