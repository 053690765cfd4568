import { frenchNumber } from '../french-format';
import { LocalDate } from '../meetings/zoned-time';
import { Campaign, NeedDraft, NeedFields, validateNeed } from './need';
import { NEED_FIELD_LABELS, NEED_FIELD_MAX } from './need-form';

/**
 * The needs' workbook template: the need form's fields as columns (its labels as headers, in its
 * order), one need a row; and the rules that read it back, row by row, with the form's validation.
 */
export type TemplateColumnType = 'text' | 'decimal' | 'euros' | 'date' | 'integer';

export const TEMPLATE_SHEET = 'Besoins';
export const TEMPLATE_VALUES_SHEET = 'Valeurs permises';
export const TEMPLATE_HELP_SHEET = 'Mode d’emploi';
/** The most needs one workbook declares. */
export const MAX_IMPORT_ROWS = 500;
/** The most errors listed (the others counted). */
export const MAX_LISTED_ERRORS = 30;

export const TEMPLATE_COLUMNS: Array<{ field: keyof NeedDraft; type: TemplateColumnType; width: number }> = [
  { field: 'segment', type: 'text', width: 28 },
  { field: 'description', type: 'text', width: 40 },
  { field: 'quantity', type: 'decimal', width: 12 },
  { field: 'unit', type: 'text', width: 14 },
  { field: 'annual', type: 'euros', width: 20 },
  { field: 'total', type: 'euros', width: 22 },
  { field: 'wishedStart', type: 'date', width: 14 },
  { field: 'duration', type: 'integer', width: 10 },
  { field: 'currentContractEnd', type: 'date', width: 16 },
  { field: 'currentSupplier', type: 'text', width: 24 },
  { field: 'currentPrice', type: 'euros', width: 20 },
  { field: 'constraints', type: 'text', width: 36 },
  { field: 'clauses', type: 'text', width: 36 },
  { field: 'commitment', type: 'text', width: 14 },
];

/** The commitment as the workbook writes it, and as the form keeps it. */
export const COMMITMENT_CHOICES: Array<{ label: string; value: 'indicative' | 'ferme' }> = [
  { label: 'indicatif', value: 'indicative' },
  { label: 'ferme', value: 'ferme' },
];

/** Units people usually write (free text: the list only suggests). */
export const UNIT_EXAMPLES = ['pièces', 'repas', 'jours', 'heures', 'lots', 'ramettes', 'litres', 'kWh', 'forfaits'];

export type ImportCell = string | number | null;

/** Column letters of the n-th column (0 → A, 25 → Z, 26 → AA). */
const letter = (i: number): string =>
  (i >= 26 ? letter(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

const pad = (n: number) => String(n).padStart(2, '0');

/** A date cell: a real date (read as YYYY-MM-DD), « 15/03/2027 » typed as text, or Excel's day number. */
function dateText(v: ImportCell): string {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 2_958_465) return String(v);
    const d = new Date(Date.UTC(1899, 11, 30) + v * 86_400_000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  const s = (v ?? '').trim();
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  return fr ? `${fr[3]}-${pad(Number(fr[2]))}-${pad(Number(fr[1]))}` : s;
}

/** A cell as the form would have it typed. */
function typed(type: TemplateColumnType, v: ImportCell): string {
  if (v === null) return '';
  switch (type) {
    case 'euros':
      if (typeof v === 'number') {
        const cents = Math.round(v * 100);
        // A fraction of a cent is refused, never rounded.
        return Math.abs(v * 100 - cents) < 1e-6
          ? `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${pad(Math.abs(cents) % 100)}`
          : String(v);
      }
      return v.trim();
    case 'date':
      return dateText(v);
    case 'decimal':
    case 'integer':
      return typeof v === 'number' ? String(v) : v.trim();
    case 'text':
      return String(v).trim();
  }
}

export type ImportCheck =
  { ok: true; rows: Array<{ line: number; fields: NeedFields; draft: NeedDraft }> } | { ok: false; errors: string[] };

/**
 * Reads the template's sheet (its header row first): the headers must be the template's; each
 * non-empty row is checked as the form checks a need sent (complete); every error is named by
 * its line and column. Nothing is accepted unless every row is.
 */
export function checkImportRows(rows: ImportCell[][], campaign: Campaign, today: LocalDate): ImportCheck {
  const header = (rows[0] ?? []).map((c) => (c === null ? '' : String(c).trim()));
  const errors: string[] = [];
  TEMPLATE_COLUMNS.forEach((col, i) => {
    const expected = NEED_FIELD_LABELS[col.field];
    if (header[i] !== expected)
      errors.push(
        `Colonne ${letter(i)} : l’en-tête doit être « ${expected} »${header[i] ? `, et non « ${header[i]} »` : ''}.`,
      );
  });
  const extra = header.slice(TEMPLATE_COLUMNS.length).findIndex((h) => h !== '');
  if (extra >= 0)
    errors.push(
      `Colonne ${letter(TEMPLATE_COLUMNS.length + extra)} : le modèle n’a pas de colonne « ${header[TEMPLATE_COLUMNS.length + extra]} ».`,
    );
  if (errors.length)
    return {
      ok: false,
      errors: [
        `Les en-têtes de la feuille « ${TEMPLATE_SHEET} » ne sont pas ceux du modèle : téléchargez de nouveau le modèle et recopiez-y vos besoins.`,
        ...errors,
      ],
    };
  const data = rows
    .map((cells, i) => ({ line: i + 1, cells }))
    .slice(1)
    .filter(({ cells }) => cells.some((c) => c !== null && String(c).trim() !== ''));
  if (data.length === 0)
    return {
      ok: false,
      errors: [`La feuille « ${TEMPLATE_SHEET} » ne contient aucun besoin : une ligne par besoin, sous les en-têtes.`],
    };
  if (data.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      errors: [
        `Le classeur contient ${frenchNumber(data.length)} besoins : ${frenchNumber(MAX_IMPORT_ROWS)} au plus par envoi.`,
      ],
    };
  const checked: Array<{ line: number; fields: NeedFields; draft: NeedDraft }> = [];
  for (const { line, cells } of data) {
    const draft = Object.fromEntries(
      TEMPLATE_COLUMNS.map((col, i) => [col.field, typed(col.type, cells[i] ?? null)]),
    ) as NeedDraft;
    // The segment and the commitment as the lists write them, whatever the case.
    const segment = campaign.segments.find((s) => s.toLowerCase() === draft.segment.toLowerCase());
    if (segment) draft.segment = segment;
    const commitment = COMMITMENT_CHOICES.find((c) => c.label === draft.commitment.toLowerCase());
    draft.commitment = !draft.commitment ? 'indicative' : (commitment?.value ?? draft.commitment);
    const rowErrors: Partial<Record<keyof NeedDraft, string>> = {};
    for (const col of TEMPLATE_COLUMNS) {
      const value = draft[col.field];
      if (value.length > NEED_FIELD_MAX[col.field])
        rowErrors[col.field] =
          `Raccourcissez ce texte : ${frenchNumber(NEED_FIELD_MAX[col.field])} caractères au plus (${frenchNumber(value.length)} saisis).`;
    }
    const result = Object.keys(rowErrors).length ? null : validateNeed(draft, campaign, today, true);
    if (result && !result.ok) Object.assign(rowErrors, result.errors);
    if (rowErrors.commitment)
      rowErrors.commitment = 'Écrivez « indicatif » ou « ferme » (feuille « Valeurs permises »).';
    if (rowErrors.segment && draft.segment)
      rowErrors.segment = `« ${draft.segment} » n’est pas un segment de la campagne : recopiez-en un de la feuille « ${TEMPLATE_VALUES_SHEET} ».`;
    TEMPLATE_COLUMNS.forEach((col) => {
      const e = rowErrors[col.field];
      if (e) errors.push(`Ligne ${line}, colonne « ${NEED_FIELD_LABELS[col.field]} » : ${e}`);
    });
    if (result?.ok) checked.push({ line, fields: result.fields, draft });
  }
  if (errors.length) {
    const listed = errors.slice(0, MAX_LISTED_ERRORS);
    if (errors.length > listed.length)
      listed.push(`… et ${frenchNumber(errors.length - listed.length)} autres erreurs.`);
    return { ok: false, errors: listed };
  }
  return { ok: true, rows: checked };
}
