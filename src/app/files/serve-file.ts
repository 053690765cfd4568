import { AppDeps } from '../ports';
import { ServedFile, proofOfNoticeFile, sittingCalendarFile } from '../meetings/sitting-files';
import { SignedLinks } from './signed-links';
import { auditFile } from '../ballots/audit-file';
import { needsCsv, programmeCsv } from '../needs/programme';
import { readableDocuments } from '../privacy/personal-data';
import { auditWorkbook } from '../ballots/audit-workbook';
import { bilanWorkbook } from '../disputes/bilan-workbook';
import { bilanMarchesWorkbook } from '../bilan/bilan-marches-workbook';
import { recordBilanExport } from '../bilan/bilan-exports';
import { needsTemplate, needsWorkbook, programmeWorkbook } from '../needs/needs-workbook';
import { consumptionTemplate, consumptionTemplateCsv } from '../bilan/import-consumption';
import { chartImageFile } from '../bilan/chart-image';

export type FileAnswer = { status: 200; file: ServedFile } | { status: 403 | 404 | 410; message: string };

/**
 * A file asked for by its signed link (opened from a card). The signature is the permission:
 * it was made for one file, by the bot, after checking who asked.
 */
export async function serveFile(
  deps: Pick<
    AppDeps,
    | 'governance'
    | 'meetings'
    | 'ballots'
    | 'circuits'
    | 'needs'
    | 'personalData'
    | 'documents'
    | 'outbox'
    | 'clock'
    | 'reminderOffsetsMs'
    | 'workbooks'
    | 'disputes'
    | 'disputeDelaysH'
    | 'consumption'
    | 'surveys'
    | 'charts'
    | 'documentRenderer'
  >,
  links: SignedLinks,
  request: { kind: string; id: string; exp: string; sig: string },
): Promise<FileAnswer> {
  const now = deps.clock.now();
  const check = links.check(request.kind, request.id, request.exp, request.sig, now);
  if (check === 'invalid')
    return { status: 403, message: 'Ce lien n’est pas valide : rouvrez-le depuis la carte dans Teams.' };
  if (check === 'expired')
    return { status: 410, message: 'Ce lien a expiré : demandez-en un nouveau depuis la carte dans Teams.' };
  if (request.kind === 'besoins' || request.kind === 'programme') {
    const file = request.kind === 'besoins' ? await needsCsv(deps, request.id) : await programmeCsv(deps, request.id);
    return file ? { status: 200, file } : { status: 404, message: 'Cette campagne ou ce programme n’existe plus.' };
  }
  if (request.kind === 'besoins-xlsx' || request.kind === 'modele-besoins') {
    const file =
      request.kind === 'besoins-xlsx' ? await needsWorkbook(deps, request.id) : await needsTemplate(deps, request.id);
    return file ? { status: 200, file } : { status: 404, message: 'Cette campagne n’existe plus.' };
  }
  if (request.kind === 'modele-consommation' || request.kind === 'modele-consommation-csv') {
    const file =
      request.kind === 'modele-consommation'
        ? await consumptionTemplate(deps, request.id)
        : await consumptionTemplateCsv(deps, request.id);
    return file ? { status: 200, file } : { status: 404, message: 'Ce marché n’existe plus.' };
  }
  if (request.kind === 'programme-xlsx') {
    const file = await programmeWorkbook(deps, request.id);
    return file ? { status: 200, file } : { status: 404, message: 'Ce programme n’existe plus.' };
  }
  if (request.kind === 'journal-xlsx') {
    const file = await auditWorkbook(deps, request.id);
    return file ? { status: 200, file } : { status: 404, message: 'Ce scrutin ou ce circuit n’existe plus.' };
  }
  if (request.kind === 'bilan-xlsx') {
    const file = await bilanWorkbook(deps, request.id);
    return file ? { status: 200, file } : { status: 404, message: 'Cette centrale n’est plus configurée.' };
  }
  if (request.kind === 'bilan-marches-xlsx' || request.kind === 'bilan-marches-pdf') {
    // `<centrale>|<window>[|<person>]`: signed for that centrale's bilan over that window.
    const [centraleId = '', windowKey = '', personKey = ''] = request.id.split('|');
    if (!(await deps.governance.getCentrale(centraleId)))
      return { status: 404, message: 'Cette centrale n’est plus configurée.' };
    if (request.kind === 'bilan-marches-xlsx') {
      const file = await bilanMarchesWorkbook(deps, centraleId, windowKey);
      return file ? { status: 200, file } : { status: 404, message: 'Cette centrale n’est plus configurée.' };
    }
    const { record } = await recordBilanExport(deps, { centraleId, windowKey, by: personKey || 'bot' });
    const kept = await deps.documents.get(record.ownerId, record.id);
    if (!kept) return { status: 404, message: 'Ce document n’existe plus.' };
    return {
      status: 200,
      file: { filename: kept.record.filename, contentType: kept.record.contentType, body: kept.content },
    };
  }
  if (request.kind === 'bilan-graphique') {
    // `<centrale>|<scope>|<window>|<chart>`: the chart this link was signed for, of that centrale only.
    const file = await chartImageFile(deps, request.id);
    return file ? { status: 200, file } : { status: 404, message: 'Ce bilan n’existe plus pour cette période.' };
  }
  if (request.kind === 'donnees') {
    // The link names the centrale and the person (`<centrale>|<person key>`): it was signed for that export.
    const [centraleId = '', personKey = ''] = request.id.split('|');
    const person = await deps.governance.getPerson(centraleId, personKey);
    if (!person) return { status: 404, message: 'Cette personne n’est plus enregistrée dans la centrale.' };
    const documents = await readableDocuments(deps, await deps.personalData.find(centraleId, person));
    const body = JSON.stringify({ personKey, exportedAt: now.toISOString(), documents }, null, 2);
    return {
      status: 200,
      file: { filename: 'donnees-personnelles.json', contentType: 'application/json; charset=utf-8', body },
    };
  }
  if (request.kind === 'document') {
    // `<owner id>|<document id>`: a document of record, served as it was kept (its bytes, its SHA-256).
    const [ownerId = '', documentId = ''] = request.id.split('|');
    const kept = await deps.documents.get(ownerId, documentId);
    if (!kept) return { status: 404, message: 'Ce document n’existe plus.' };
    const { filename, contentType } = kept.record;
    return { status: 200, file: { filename, contentType, body: kept.content } };
  }
  if (request.kind === 'journal') {
    const file = await auditFile(deps, request.id);
    return file ? { status: 200, file } : { status: 404, message: 'Ce scrutin ou ce circuit n’existe plus.' };
  }
  const sitting = await deps.meetings.get(request.id);
  if (!sitting) return { status: 404, message: 'Cette séance n’existe plus.' };
  if (request.kind === 'agenda') return { status: 200, file: sittingCalendarFile(sitting, now) };
  if (request.kind === 'preuve') return { status: 200, file: await proofOfNoticeFile(deps, sitting) };
  return { status: 404, message: 'Fichier inconnu.' };
}
