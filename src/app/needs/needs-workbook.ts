import { createHash } from 'crypto';
import { frenchDayOf, frenchNumber } from '../../domain/french-format';
import { count } from '../../domain/french-text';
import { localDateOf } from '../../domain/meetings/zoned-time';
import { NEED_STATUS_LABELS } from '../../domain/needs/need';
import { NEED_FIELD_LABELS, NEED_FIELD_MAX } from '../../domain/needs/need-form';
import {
  COMMITMENT_CHOICES,
  MAX_IMPORT_ROWS,
  TEMPLATE_COLUMNS,
  TEMPLATE_HELP_SHEET,
  TEMPLATE_SHEET,
  TEMPLATE_VALUES_SHEET,
  UNIT_EXAMPLES,
  checkImportRows,
} from '../../domain/needs/need-import';
import { PROCEDURE_LABELS, consolidate } from '../../domain/needs/programme';
import { WorkbookColumn, WorkbookModel, XLSX_CONTENT_TYPE } from '../documents/workbook';
import { Actor, requirePerson } from '../identify-actor';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';
import { zoneOf, zoneOfCentrale } from '../time-zone';
import { refreshProgress } from './progress';
import { campaignOf, memberOf, saveNeed } from './member-needs';

type ReadDeps = Pick<AppDeps, 'needs' | 'governance' | 'workbooks' | 'clock'>;

const creatorOf = async (deps: Pick<AppDeps, 'governance'>, centraleId: string) =>
  (await deps.governance.getCentrale(centraleId))?.name ?? 'Centrale d’achat';

const xlsxFile = async (
  deps: Pick<AppDeps, 'workbooks'>,
  filename: string,
  model: WorkbookModel,
): Promise<ServedFile> => ({
  filename,
  contentType: XLSX_CONTENT_TYPE,
  body: await deps.workbooks.xlsx(model),
});

/** Every need of the campaign (the CSV's columns), typed: amounts in euros, days as dates. */
export async function needsWorkbook(deps: ReadDeps, campaignId: string): Promise<ServedFile | null> {
  const c = await deps.needs.getCampaign(campaignId);
  if (!c) return null;
  const members = await deps.governance.listMembers(c.centraleId);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const columns: WorkbookColumn[] = [
    { header: 'Besoin', type: 'text', width: 18 },
    { header: 'Adhérent', type: 'text', width: 28 },
    { header: 'Segment', type: 'text', width: 26 },
    { header: 'Description', type: 'text', width: 40 },
    { header: 'Quantité', type: 'decimal' },
    { header: 'Unité', type: 'text', width: 12 },
    { header: 'Montant annuel HT', type: 'euros' },
    { header: 'Montant total HT', type: 'euros' },
    { header: 'Début souhaité', type: 'date', width: 14 },
    { header: 'Durée (mois)', type: 'integer' },
    { header: 'Fin du contrat actuel', type: 'date', width: 14 },
    { header: 'Fournisseur actuel', type: 'text', width: 24 },
    { header: 'Prix actuel HT', type: 'euros' },
    { header: 'Contraintes et lieux', type: 'text', width: 36 },
    { header: 'Clauses environnementales et sociales', type: 'text', width: 36 },
    { header: 'Engagement', type: 'text', width: 12 },
    { header: 'Statut', type: 'text', width: 22 },
    { header: 'Fusionné avec', type: 'text', width: 18 },
  ];
  const needs = await deps.needs.needs(c.id);
  const rows = needs.map((n) => [
    n.id,
    nameOf(n.memberId),
    n.segment,
    n.description,
    n.quantity ? Number(n.quantity) : null,
    n.unit,
    n.annualCents,
    n.totalCents,
    n.wishedStart || null,
    n.durationMonths || null,
    n.currentContractEnd,
    n.currentSupplier,
    n.currentPriceCents,
    n.constraints,
    n.clauses,
    n.commitment === 'ferme' ? 'ferme' : 'indicatif',
    NEED_STATUS_LABELS[n.status],
    n.mergedInto,
  ]);
  return xlsxFile(deps, `besoins-${c.id.slice(-8)}.xlsx`, {
    title: `Besoins — ${c.title}`,
    creator: await creatorOf(deps, c.centraleId),
    generatedAt: deps.clock.now(),
    sheets: [
      { name: 'Besoins', columns, rows },
      {
        // The follow-up card's totals: the retained needs (and those merged into one), per segment.
        name: 'Par segment',
        columns: [
          { header: 'Segment', type: 'text', width: 28 },
          { header: 'Besoins', type: 'integer', width: 10 },
          { header: 'Adhérents', type: 'integer', width: 11 },
          { header: 'Montant annuel HT', type: 'euros' },
          { header: 'Montant total HT', type: 'euros' },
          { header: 'Début au plus tôt', type: 'date', width: 16 },
          { header: 'Quantités', type: 'text', width: 30 },
        ],
        rows: consolidate(needs).map((t) => [
          t.segment,
          t.needs,
          t.memberIds.length,
          t.annualCents,
          t.totalCents,
          t.earliestStart || null,
          t.quantities.map((q) => `${q.quantity.replace('.', ',')} ${q.unit}`).join(', '),
        ]),
      },
    ],
  });
}

/** The programme (one row per purchase file) and its rétroplanning (one row per step, with its date). */
export async function programmeWorkbook(deps: ReadDeps, campaignId: string): Promise<ServedFile | null> {
  const p = await deps.needs.getProgramme(campaignId);
  if (!p) return null;
  const members = await deps.governance.listMembers(p.centraleId);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  return xlsxFile(deps, `programme-${campaignId.slice(-8)}.xlsx`, {
    title: p.title,
    creator: await creatorOf(deps, p.centraleId),
    generatedAt: deps.clock.now(),
    sheets: [
      {
        name: 'Programme',
        columns: [
          { header: 'Dossier d’achat', type: 'text', width: 36 },
          { header: 'Segment', type: 'text', width: 26 },
          { header: 'Montant consolidé HT', type: 'euros', width: 22 },
          { header: 'Adhérents participants', type: 'text', width: 40 },
          { header: 'Procédure', type: 'text', width: 28 },
          { header: 'Lancement prévu', type: 'date', width: 16 },
          { header: 'Début d’exécution', type: 'date', width: 16 },
        ],
        rows: p.items.map((i) => [
          i.fileName,
          i.segment,
          i.consolidatedCents,
          i.memberIds.map(nameOf).join(', '),
          PROCEDURE_LABELS[i.procedure],
          i.plannedLaunch,
          i.wishedStart,
        ]),
      },
      {
        name: 'Rétroplanning',
        columns: [
          { header: 'Dossier d’achat', type: 'text', width: 36 },
          { header: 'Étape', type: 'text', width: 40 },
          { header: 'Date', type: 'date', width: 14 },
        ],
        rows: p.items.flatMap((i) => i.retroplanning.map((s) => [i.fileName, s.step, s.date])),
      },
    ],
  });
}

/**
 * The template a référent fills offline: the need form's fields as columns (its labels), the
 * allowed values (segments, units, commitment), and how to fill and send it.
 */
export async function needsTemplate(deps: ReadDeps, campaignId: string): Promise<ServedFile | null> {
  const c = await deps.needs.getCampaign(campaignId);
  if (!c) return null;
  const values = Math.max(c.segments.length, UNIT_EXAMPLES.length, COMMITMENT_CHOICES.length);
  const required = TEMPLATE_COLUMNS.slice(0, 8).map((col) => `« ${NEED_FIELD_LABELS[col.field]} »`);
  const help = [
    `Campagne « ${c.title} » : répondez au plus tard le ${frenchDayOf(c.deadline)} inclus.`,
    `Une ligne par besoin dans la feuille « ${TEMPLATE_SHEET} », sous les en-têtes ; ne changez ni l’ordre ni le nom des colonnes.`,
    `Obligatoires : ${required.join(', ')}. Les autres colonnes sont facultatives.`,
    `Segment : recopiez un segment de la feuille « ${TEMPLATE_VALUES_SHEET} », tel quel.`,
    'Quantité : un nombre positif (par exemple 1200 ou 12,5) ; l’unité dans la colonne suivante.',
    'Montants en euros hors taxes (par exemple 12345,67) ; le montant total couvre toute la durée et n’est pas inférieur au montant annuel.',
    'Dates : une date à venir pour le début souhaité (par exemple 01/03/2027).',
    'Durée : un nombre entier de mois, de 1 à 120.',
    `Engagement : « indicatif » ou « ferme » (« indicatif » si la case est vide).`,
    `Textes : ${frenchNumber(NEED_FIELD_MAX.description)} caractères au plus pour la description, les contraintes et les clauses.`,
    `Au plus ${frenchNumber(MAX_IMPORT_ROWS)} besoins par classeur. Envoyez le classeur depuis la page des besoins de votre collectivité (le bouton « Saisir dans un classeur (XLSX) » de votre carte de campagne dans Teams, ou le lien de l’e-mail de la campagne), rubrique « Importer un classeur » : si une ligne est à corriger, rien n’est importé et chaque erreur est indiquée par sa ligne et sa colonne.`,
    ...(c.instructions ? [`Consignes de la coordination : ${c.instructions}`] : []),
  ];
  return xlsxFile(deps, `modele-besoins-${c.id.slice(-8)}.xlsx`, {
    title: `Modèle de saisie des besoins — ${c.title}`,
    creator: await creatorOf(deps, c.centraleId),
    generatedAt: deps.clock.now(),
    sheets: [
      {
        name: TEMPLATE_SHEET,
        columns: TEMPLATE_COLUMNS.map((col) => ({
          header: NEED_FIELD_LABELS[col.field],
          type: col.type,
          width: col.width,
        })),
        rows: [],
      },
      {
        name: TEMPLATE_VALUES_SHEET,
        notes: true,
        columns: [
          { header: 'Segments de la campagne', type: 'text', width: 36 },
          { header: 'Unités (exemples)', type: 'text', width: 18 },
          { header: 'Engagement', type: 'text', width: 14 },
        ],
        rows: Array.from({ length: values }, (_, i) => [
          c.segments[i] ?? null,
          UNIT_EXAMPLES[i] ?? null,
          COMMITMENT_CHOICES[i]?.label ?? null,
        ]),
      },
      {
        name: TEMPLATE_HELP_SHEET,
        notes: true,
        columns: [{ header: 'Comment remplir ce classeur', type: 'text', width: 110 }],
        rows: help.map((line) => [line]),
      },
    ],
  });
}

/** The largest workbook accepted (bytes): 500 needs fit many times over. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** `saved`: needs already sent when a row failed midway (the same file sent again finishes, declaring none twice). */
export type ImportResult = { ok: true; created: number } | { ok: false; errors: string[]; saved?: number };

/**
 * A référent sends the filled template: every row checked as the need form checks a need sent,
 * the errors named by line and column, and nothing imported unless every row is valid. Then each
 * row is a need sent to the coordination, journalled with the workbook's name and line. The
 * same workbook sent again declares nothing twice (each row's need is named by the file's
 * SHA-256 and its line).
 */
export async function importNeeds(
  deps: Parameters<typeof saveNeed>[0] & Pick<AppDeps, 'workbooks'>,
  actor: Actor,
  input: { campaignId: string; filename: string; bytes: Buffer },
): Promise<ImportResult> {
  const person = requirePerson(actor);
  const c = await campaignOf(deps, actor, input.campaignId);
  memberOf(person, c);
  if (input.bytes.length === 0)
    return { ok: false, errors: ['Aucun fichier reçu : choisissez le classeur à envoyer.'] };
  if (input.bytes.length > MAX_IMPORT_BYTES)
    return {
      ok: false,
      errors: ['Ce fichier est trop volumineux : 2 Mo au plus. Envoyez le modèle rempli, sans images.'],
    };
  const read = await deps.workbooks.read(input.bytes, { maxRows: MAX_IMPORT_ROWS + 50, maxColumns: 40 });
  if (!read.ok) return { ok: false, errors: [read.error] };
  const sheet = read.sheets.find((s) => s.name === TEMPLATE_SHEET);
  if (!sheet)
    return {
      ok: false,
      errors: [
        `Ce classeur n’a pas de feuille « ${TEMPLATE_SHEET} » : téléchargez le modèle de la campagne et remplissez-le.`,
      ],
    };
  const today = localDateOf(deps.clock.now(), zoneOf(actor));
  const checked = checkImportRows(sheet.rows, c, today);
  if (!checked.ok) return checked;
  const sha = createHash('sha256').update(input.bytes).digest('hex');
  // Each row's need is named by the person, the file and the line: the same file sent again
  // (a double click, a retry) declares nothing twice; another référent's copy is theirs.
  const key = createHash('sha256').update(person.key).update('\n').update(sha).digest('hex').slice(0, 16);
  const name = input.filename.replace(/[\r\n"]/g, '').slice(0, 120) || 'classeur.xlsx';
  for (const [n, row] of checked.rows.entries()) {
    const saved = await saveNeed(
      deps,
      actor,
      {
        campaignId: c.id,
        needId: null,
        draftId: `import-${key}-${row.line}`,
        draft: row.draft,
        submit: true,
        campaign: c,
        journal: `import du classeur « ${name} », ligne ${row.line} (SHA-256 ${sha})`,
      },
      today,
    );
    // Checked above with the same rules: a refusal now is a change meanwhile (the campaign closed).
    if (!saved.ok)
      return {
        ok: false,
        errors: [
          `Ligne ${row.line} : le besoin n’a pas pu être enregistré (${Object.values(saved.errors).join(' ') || 'la campagne a changé entre-temps'}).`,
        ],
        saved: n,
      };
  }
  refreshProgress(deps, c);
  return { ok: true, created: checked.rows.length };
}

/** « 3 besoins importés et envoyés à la coordination. » */
export const importedBanner = (n: number) =>
  `${count(n, 'besoin importé et envoyé', 'besoins importés et envoyés')} à la coordination.`;

export { zoneOfCentrale };
