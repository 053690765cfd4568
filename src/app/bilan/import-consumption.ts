import { ConsumptionLine, ConsumptionReport } from '../../domain/bilan/consumption';
import {
  CONSUMPTION_HEADERS,
  CONSUMPTION_SHEET,
  ImportCell,
  MAX_CONSUMPTION_ROWS,
  checkConsumptionRows,
  csvRows,
  fold,
  ofPeriod,
  overlapsWithKept,
} from '../../domain/bilan/consumption-import';
import { contractLastDay } from '../../domain/bilan/economics';
import { Contract } from '../../domain/disputes/registry';
import { DomainError } from '../../domain/errors';
import { ErrorCode } from '../../domain/error-codes';
import { count, frenchList, plural } from '../../domain/french-text';
import { frenchNumber } from '../../domain/french-format';
import { authorize } from '../../domain/permissions';
import { WorkbookModel, XLSX_CONTENT_TYPE } from '../documents/workbook';
import { Actor, requirePerson } from '../identify-actor';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'consumption' | 'workbooks' | 'clock'>;

/** The largest report accepted (bytes): thousands of rows fit many times over. */
export const MAX_CONSUMPTION_BYTES = 2 * 1024 * 1024;

export type ConsumptionImportResult =
  | {
      ok: true;
      /** « 3 périodes importées : … ; remplace le relevé déjà importé du 1er semestre 2026. » */
      summary: string;
      periods: Array<{ key: string; label: string; lines: number; replaced: boolean; unchanged: boolean }>;
    }
  | { ok: false; errors: string[] };

/**
 * The contract of the actor's centrale that a person managing the registry imports for: another
 * centrale's id is simply not found (its data is never read).
 */
export async function managedContract(
  deps: Pick<AppDeps, 'disputes'>,
  actor: Actor,
  contractId: string,
): Promise<Contract> {
  const person = requirePerson(actor);
  authorize(person, 'registry.manage');
  const contract = await deps.disputes.getContract(person.centraleId, contractId);
  if (!contract || contract.centraleId !== person.centraleId)
    throw new DomainError(ErrorCode.UnknownContract, 'Ce marché n’existe pas (ou plus) dans votre centrale.');
  return contract;
}

const sameLines = (a: ConsumptionLine[], b: ConsumptionLine[]) => {
  const key = (l: ConsumptionLine) => `${l.memberId}\n${l.quantity}\n${l.amountCents}`;
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
};

/** The file's rows: an XLSX through the workbooks port, else a CSV (UTF-8, or Windows' encoding). */
async function rowsOf(
  deps: Pick<AppDeps, 'workbooks'>,
  filename: string,
  bytes: Buffer,
): Promise<{ ok: true; rows: ImportCell[][] } | { ok: false; error: string }> {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    const read = await deps.workbooks.read(bytes, { maxRows: MAX_CONSUMPTION_ROWS + 50, maxColumns: 30 });
    if (!read.ok) return read;
    const sheet =
      read.sheets.find((s) => fold(s.name) === fold(CONSUMPTION_SHEET)) ?? read.sheets.find((s) => s.rows.length > 0);
    return { ok: true, rows: sheet?.rows ?? [] };
  }
  if (/\.xls$/i.test(filename) || (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0))
    return {
      ok: false,
      error:
        'Ce fichier est au format Excel 97-2003 (.xls) : enregistrez-le au format « Classeur Excel (.xlsx) » ou « CSV UTF-8 », puis envoyez-le de nouveau.',
    };
  if (bytes.includes(0))
    return {
      ok: false,
      error: 'Ce fichier n’est ni un classeur Excel (.xlsx) ni un fichier CSV : envoyez le modèle rempli.',
    };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel's « CSV (séparateur : point-virgule) » is written in Windows' encoding.
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return csvRows(text);
}

const periodsText = (labels: string[]) => frenchList(labels.map(ofPeriod));

/**
 * Imports a supplier's consumption report for one contract (CSV or XLSX): every row checked,
 * nothing kept while one is wrong. A valid file replaces, for each period it contains, the
 * report kept for that period (the same file twice keeps one report per period); other periods
 * are kept. Refusals of the person or the contract are thrown (DomainError); a wrong file is
 * answered with its errors, in French.
 */
export async function importConsumption(
  deps: Deps,
  actor: Actor,
  input: { contractId: string; filename: string; bytes: Buffer },
): Promise<ConsumptionImportResult> {
  const person = requirePerson(actor);
  const contract = await managedContract(deps, actor, input.contractId);
  if (input.bytes.length === 0)
    return { ok: false, errors: ['Aucun fichier reçu : choisissez le relevé à envoyer (.xlsx ou .csv).'] };
  if (input.bytes.length > MAX_CONSUMPTION_BYTES)
    return {
      ok: false,
      errors: [
        'Ce fichier est trop volumineux : 2 Mo au plus. Envoyez le relevé sans images ni feuilles ajoutées, ou en plusieurs fois, par période.',
      ],
    };
  const read = await rowsOf(deps, input.filename, input.bytes);
  if (!read.ok) return { ok: false, errors: [read.error] };
  const members = await deps.governance.listMembers(contract.centraleId);
  const source = input.filename.replace(/[\r\n"]/g, '').slice(0, 120) || 'relevé';
  const checked = checkConsumptionRows(read.rows, {
    contract,
    members,
    importedAt: deps.clock.now().toISOString(),
    importedBy: person.key,
    source,
  });
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const kept = await deps.consumption.listReports(contract.centraleId, { contractId: contract.id });
  // A period kept under another key that shares days with one of the file's would be counted twice.
  const clash = overlapsWithKept(checked.reports, kept);
  if (clash.length) return { ok: false, errors: clash };
  const periods = checked.reports.map((r) => {
    const before = kept.find((k) => k.periodKey === r.periodKey);
    return {
      report: r,
      key: r.periodKey,
      label: r.label,
      lines: r.lines.length,
      replaced: !!before && !sameLines(before.lines, r.lines),
      unchanged: !!before && sameLines(before.lines, r.lines),
    };
  });
  // A report identical to the one kept is left as it was (its first import's date and author).
  const changed: ConsumptionReport[] = periods.filter((p) => !p.unchanged).map((p) => p.report);
  if (changed.length) await deps.consumption.saveReports(changed);
  return {
    ok: true,
    summary: importSummary(periods),
    periods: periods.map(({ report: _, ...p }) => p),
  };
}

/**
 * « 3 périodes importées : 1er semestre 2026 (12 lignes), … et 2027 (3 lignes) ; remplace le
 * relevé déjà importé du 1er semestre 2026. »
 */
export function importSummary(
  periods: Array<{ label: string; lines: number; replaced: boolean; unchanged: boolean }>,
): string {
  const n = periods.length;
  const list = frenchList(periods.map((p) => `${p.label} (${count(p.lines, 'ligne', 'lignes')})`));
  const unchanged = periods.filter((p) => p.unchanged).map((p) => p.label);
  if (unchanged.length === n)
    return `${count(n, 'période', 'périodes')} déjà ${plural(n, 'importée', 'importées')} à l’identique : ${list}. Rien n’a changé.`;
  const replaced = periods.filter((p) => p.replaced).map((p) => p.label);
  const clauses = [`${count(n, 'période importée', 'périodes importées')} : ${list}`];
  if (replaced.length)
    clauses.push(
      replaced.length > 1
        ? `remplace les relevés déjà importés ${periodsText(replaced)}`
        : `remplace le relevé déjà importé ${periodsText(replaced)}`,
    );
  if (unchanged.length)
    clauses.push(
      `${unchanged.length > 1 ? 'les relevés' : 'le relevé'} ${periodsText(unchanged)} ${plural(unchanged.length, 'était', 'étaient')} déjà ${plural(unchanged.length, 'importé', 'importés')} à l’identique`,
    );
  return `${clauses.join(' ; ')}.`;
}

/** A template's id in its link: `<centrale id>~<contract id>` (signed: the link is the permission). */
export const templateId = (c: Pick<Contract, 'centraleId' | 'id'>) => `${c.centraleId}~${c.id}`;

async function templateContract(
  deps: Pick<AppDeps, 'disputes' | 'governance'>,
  id: string,
): Promise<{ contract: Contract; names: string[]; centraleName: string } | null> {
  const cut = id.indexOf('~');
  if (cut < 0) return null;
  const contract = await deps.disputes.getContract(id.slice(0, cut), id.slice(cut + 1));
  if (!contract) return null;
  const [members, centrale] = await Promise.all([
    deps.governance.listMembers(contract.centraleId),
    deps.governance.getCentrale(contract.centraleId),
  ]);
  const names = contract.memberIds.map((m) => members.find((x) => x.id === m)?.name ?? m);
  return { contract, names, centraleName: centrale?.name ?? 'Centrale d’achat' };
}

const fileStem = (c: Contract) => `consommation-${c.number.replace(/[^A-Za-z0-9-]+/g, '-') || c.id.slice(-8)}`;
const frenchDay = (iso: string) => iso.split('-').reverse().join('/');

/** The template as XLSX: the contract's members one a row, the expected headers, how to fill it. */
export async function consumptionTemplate(
  deps: Pick<AppDeps, 'disputes' | 'governance' | 'workbooks' | 'clock'>,
  id: string,
): Promise<ServedFile | null> {
  const found = await templateContract(deps, id);
  if (!found) return null;
  const { contract: c, names, centraleName } = found;
  const unit = c.economics?.unit ? ` (en ${c.economics.unit})` : '';
  const help = [
    `Marché ${c.number} — ${c.title} (${c.supplier}), du ${frenchDay(c.startDate)} au ${frenchDay(contractLastDay(c, c.economics))}, reconductions comprises.`,
    `Une ligne par adhérent et par période dans la feuille « ${CONSUMPTION_SHEET} », sous les en-têtes ${frenchList(CONSUMPTION_HEADERS.map((h) => `« ${h} »`))}.`,
    'Adhérent : le nom tel que le modèle l’écrit (une ligne laissée sans période, quantité ni montant est ignorée).',
    'Période : « 2026 », « 2026-S1 » (semestre), « 2026-T1 » ou « T1 2026 » (trimestre), « 2026-03 », « 03/2026 » ou « mars 2026 » (mois) ; dans la durée du marché.',
    `Quantité${unit} : un nombre positif ou nul, par exemple 1 200 ou 12,5.`,
    'Montant HT : en euros hors taxes, par exemple 12 345,67.',
    `Au plus ${frenchNumber(MAX_CONSUMPTION_ROWS)} lignes et 2 Mo par envoi, en .xlsx ou en .csv (« ; » ou « , »). Si une ligne est à corriger, rien n’est importé et chaque erreur est indiquée par sa ligne. Un relevé envoyé de nouveau pour une période remplace le précédent.`,
  ];
  const model: WorkbookModel = {
    title: `Relevé de consommation — ${c.number} — ${c.title}`,
    creator: centraleName,
    generatedAt: deps.clock.now(),
    sheets: [
      {
        name: CONSUMPTION_SHEET,
        columns: [
          { header: CONSUMPTION_HEADERS[0], type: 'text', width: 32 },
          { header: CONSUMPTION_HEADERS[1], type: 'text', width: 16 },
          { header: CONSUMPTION_HEADERS[2], type: 'decimal', width: 14 },
          { header: CONSUMPTION_HEADERS[3], type: 'euros', width: 18 },
        ],
        rows: names.map((n) => [n, null, null, null]),
      },
      {
        name: 'Mode d’emploi',
        notes: true,
        columns: [{ header: 'Comment remplir ce relevé', type: 'text', width: 110 }],
        rows: help.map((l) => [l]),
      },
    ],
  };
  return { filename: `${fileStem(c)}.xlsx`, contentType: XLSX_CONTENT_TYPE, body: await deps.workbooks.xlsx(model) };
}

const csvCell = (s: string) => (/[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The same template as CSV (UTF-8 with BOM, « ; »: what Excel opens in French). */
export async function consumptionTemplateCsv(
  deps: Pick<AppDeps, 'disputes' | 'governance'>,
  id: string,
): Promise<ServedFile | null> {
  const found = await templateContract(deps, id);
  if (!found) return null;
  const lines = [CONSUMPTION_HEADERS.join(';'), ...found.names.map((n) => `${csvCell(n)};;;`)];
  return {
    filename: `${fileStem(found.contract)}.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: `\uFEFF${lines.join('\r\n')}\r\n`,
  };
}
