import { parse } from 'csv-parse/sync';
import { Contract } from '../disputes/registry';
import { frenchNumber } from '../french-format';
import { count, frenchList } from '../french-text';
import { Member } from '../governance';
import { parseEuros } from '../needs/money';
import { ConsumptionLine, ConsumptionReport } from './consumption';
import { contractLastDay } from './economics';
import { Period, overlapDays, parsePeriod } from './periods';

/**
 * The supplier's periodic consumption report, imported per contract: one row per member and
 * period (« Adhérent », « Période », « Quantité », « Montant HT »), read from a CSV or a sheet.
 * Every row is checked; nothing is imported while one is wrong, and each error names its line
 * in the file (the headers are line 1) and what to change.
 */
export type ImportCell = string | number | null;

/** The template's sheet, and the headers it writes (the reader takes synonyms too). */
export const CONSUMPTION_SHEET = 'Consommation';
export const CONSUMPTION_HEADERS = ['Adhérent', 'Période', 'Quantité', 'Montant HT'] as const;
/** The most rows one file carries (members × periods, many times over). */
export const MAX_CONSUMPTION_ROWS = 5000;
/** The most errors a refusal lists (the other lines counted). */
export const MAX_LISTED_LINES = 20;

type Column = 'member' | 'period' | 'quantity' | 'amount';
const COLUMNS: Column[] = ['member', 'period', 'quantity', 'amount'];

/** Case, accents, punctuation and spaces dropped: « Montant (€ HT) » → « montantht ». */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const compact = (s: string) => fold(s).replace(/ /g, '');

/** Which column a header names, tolerant of the words suppliers use. */
function columnOf(header: string): Column | null {
  const h = compact(header);
  if (['adherent', 'commune', 'membre', 'collectivite', 'adherentcommune'].includes(h)) return 'member';
  if (h === 'periode' || h === 'periodedeconsommation') return 'period';
  if (h === 'quantite' || h.startsWith('quantite') || h === 'volume') return 'quantity';
  if (['montantht', 'montanteurosht', 'montanteht', 'montanthteuros', 'montanthte'].includes(h)) return 'amount';
  return null;
}

const quote = (s: string) => `« ${s.length > 60 ? `${s.slice(0, 59)}…` : s} »`;
const cellText = (v: ImportCell | undefined): string => (v === null || v === undefined ? '' : String(v).trim());

/** A quantity ≥ 0, as typed (« 1 200,5 ») or a number cell; normalised (« 1200.5 »), or null. */
export function parseConsumedQuantity(v: ImportCell): string | null {
  if (typeof v === 'number') {
    const milli = Math.round(v * 1000);
    return Number.isFinite(v) && v >= 0 && Math.abs(v * 1000 - milli) < 1e-6 && v < 1e12
      ? (milli / 1000).toString()
      : null;
  }
  const s = cellText(v).replace(/[\s\u00a0\u202f]/g, '');
  const m = /^(\d{1,12})(?:[,.](\d{1,3}))?$/.exec(s);
  return m ? (Number(`${m[1]}.${m[2] ?? '0'}`) * 1).toString() : null;
}

/** An amount in euros HT ≥ 0 (« 12 345,67 », « 12 345,67 € »), or a number cell; in cents, or null. */
export function parseAmountCents(v: ImportCell): number | null {
  if (typeof v === 'number') {
    const cents = Math.round(v * 100);
    return Number.isFinite(v) && v >= 0 && Math.abs(v * 100 - cents) < 1e-6 ? cents : null;
  }
  const cents = parseEuros(cellText(v));
  return cents === null || cents < 0 ? null : cents;
}

/** A period cell: the supplier's words, a year typed as a number, or a month cell (its 1st day). */
function periodOf(v: ImportCell): Period | null {
  if (typeof v === 'number') return Number.isInteger(v) ? parsePeriod(String(v)) : null;
  const s = cellText(v);
  const day = /^(\d{4})-(\d{2})-01$/.exec(s);
  return parsePeriod(day ? `${day[1]}-${day[2]}` : s);
}

const frenchDay = (iso: string) => iso.split('-').reverse().join('/');

/** « du 1er semestre 2026 », « de mars 2026 », « de 2026 ». */
export const ofPeriod = (label: string) => (/^\d+(er|e) /.test(label) ? `du ${label}` : `de ${label}`);

export interface ConsumptionImportInput {
  contract: Contract;
  /** The centrale's members: those of the contract are matched; another is named as not on it. */
  members: Member[];
  importedAt: string;
  importedBy: string;
  source: string;
}

export type ConsumptionCheck =
  | { ok: true; reports: ConsumptionReport[] }
  /** `lines`: how many lines of the file have an error (0 when the file as a whole is wrong). */
  | { ok: false; errors: string[]; lines: number };

/** How a member is named in a file: its id, its name, or its name without « Ville de ». */
function memberMatcher(members: Member[]) {
  const short = (name: string) => fold(name).replace(/^(ville|commune|mairie) (de |d |du |des )?/, '');
  return (raw: string): Member | null => {
    const f = fold(raw);
    const exact = members.find((m) => fold(m.id) === f || fold(m.name) === f);
    if (exact) return exact;
    const loose = members.filter((m) => short(m.name) === short(raw));
    return loose.length === 1 ? loose[0]! : null;
  };
}

/**
 * The rows of a file (the first one its headers; a row's index + 1 is its line) to the
 * contract's reports, one per period; or every error, by line, in French.
 */
export function checkConsumptionRows(rows: ImportCell[][], input: ConsumptionImportInput): ConsumptionCheck {
  const { contract } = input;
  const header = (rows[0] ?? []).map(cellText);
  const at: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const c = columnOf(h);
    if (c && at[c] === undefined) at[c] = i;
  });
  const expected = frenchList(CONSUMPTION_HEADERS.map((h) => `« ${h} »`));
  const missing = COLUMNS.filter((c) => at[c] === undefined).map((c) => CONSUMPTION_HEADERS[COLUMNS.indexOf(c)]!);
  const data = rows
    .map((cells, i) => ({ line: i + 1, cells: cells ?? [] }))
    .slice(1)
    .filter(({ cells }) => cells.some((c) => cellText(c) !== ''));
  if (header.every((h) => h === '') && data.length === 0)
    return {
      ok: false,
      lines: 0,
      errors: [
        `Le fichier est vide : la ligne 1 porte les en-têtes ${expected}, puis une ligne par adhérent et par période.`,
      ],
    };
  if (missing.length)
    return {
      ok: false,
      lines: 0,
      errors: [
        `Ligne 1 : ${missing.length > 1 ? 'il manque les colonnes' : 'il manque la colonne'} ${frenchList(missing.map((h) => `« ${h} »`))}. Les en-têtes attendus sont ${expected} (téléchargez le modèle du marché).`,
      ],
    };
  const cell = (cells: ImportCell[], c: Column) => cells[at[c]!] ?? null;
  // A row of the template left as it was (the member's name only) is no report.
  const filled = data.filter(({ cells }) =>
    (['period', 'quantity', 'amount'] as Column[]).some((c) => cellText(cell(cells, c)) !== ''),
  );
  if (filled.length === 0)
    return {
      ok: false,
      lines: 0,
      errors: [
        'Le fichier ne contient aucune consommation : une ligne par adhérent et par période, sous les en-têtes, avec la période, la quantité et le montant HT.',
      ],
    };
  if (filled.length > MAX_CONSUMPTION_ROWS)
    return {
      ok: false,
      lines: 0,
      errors: [
        `Le fichier contient ${frenchNumber(filled.length)} lignes : ${frenchNumber(MAX_CONSUMPTION_ROWS)} au plus par envoi. Envoyez-le en plusieurs fois, par période.`,
      ],
    };

  const onContract = input.members.filter((m) => contract.memberIds.includes(m.id));
  const findOnContract = memberMatcher(onContract);
  const findInCentrale = memberMatcher(input.members);
  const active = { from: contract.startDate, to: contractLastDay(contract, contract.economics) };
  const errors: string[] = [];
  const seen = new Map<string, number>();
  const periods = new Map<string, { period: Period; lines: ConsumptionLine[]; firstLine: number }>();
  for (const { line, cells } of filled) {
    const problems: string[] = [];
    const name = cellText(cell(cells, 'member'));
    let member: Member | null = null;
    if (!name) problems.push('indiquez l’adhérent (colonne « Adhérent »)');
    else {
      member = findOnContract(name);
      if (!member) {
        const elsewhere = findInCentrale(name);
        problems.push(
          elsewhere
            ? `${quote(elsewhere.name)} n’est pas adhérent de ce marché : retirez la ligne, ou demandez à la Direction Achats de l’ajouter aux adhérents du marché`
            : `adhérent inconnu ${quote(name)} : écrivez le nom d’un adhérent du marché, tel que le modèle l’écrit`,
        );
      }
    }
    const rawPeriod = cell(cells, 'period');
    const period = periodOf(rawPeriod);
    if (!cellText(rawPeriod))
      problems.push('indiquez la période (par exemple « 2026 », « 2026-T1 », « 2026-S2 » ou « mars 2026 »)');
    else if (!period)
      problems.push(
        `période illisible ${quote(cellText(rawPeriod))} : écrivez par exemple « 2026 », « 2026-T1 », « 2026-S2 » ou « mars 2026 »`,
      );
    else if (overlapDays(period, active) === 0)
      problems.push(
        `la période « ${period.label} » est hors de la durée du marché (du ${frenchDay(active.from)} au ${frenchDay(active.to)}, reconductions comprises)`,
      );
    const rawQuantity = cell(cells, 'quantity');
    const quantity = parseConsumedQuantity(rawQuantity);
    if (quantity === null)
      problems.push(
        cellText(rawQuantity)
          ? `quantité ${quote(cellText(rawQuantity))} non reconnue : un nombre positif ou nul, par exemple 1 200 ou 12,5`
          : 'indiquez la quantité (0 si rien n’a été consommé)',
      );
    const rawAmount = cell(cells, 'amount');
    const amountCents = parseAmountCents(rawAmount);
    if (amountCents === null)
      problems.push(
        cellText(rawAmount)
          ? `montant ${quote(cellText(rawAmount))} non reconnu : un montant en euros hors taxes, positif ou nul, par exemple 12 345,67`
          : 'indiquez le montant HT (0 si rien n’a été consommé)',
      );
    if (member && period) {
      const key = `${member.id}\n${period.key}`;
      const first = seen.get(key);
      if (first !== undefined)
        problems.push(
          `${quote(member.name)} a déjà une ligne pour « ${period.label} » (ligne ${first}) : gardez-en une seule`,
        );
      else seen.set(key, line);
    }
    if (problems.length) {
      const [head, ...rest] = problems;
      errors.push(`Ligne ${line} : ${[head!.charAt(0).toUpperCase() + head!.slice(1), ...rest].join(' ; ')}.`);
      continue;
    }
    const entry = periods.get(period!.key) ?? { period: period!, lines: [], firstLine: line };
    entry.lines.push({ memberId: member!.id, quantity: quantity!, amountCents: amountCents! });
    periods.set(period!.key, entry);
  }
  // Two periods of one file that overlap (« 2026 » and « 2026-T1 ») would count twice.
  const kept = [...periods.values()];
  for (const [i, a] of kept.entries())
    for (const b of kept.slice(i + 1))
      if (overlapDays(a.period, b.period) > 0)
        errors.push(
          `Ligne ${b.firstLine} : la période « ${b.period.label} » chevauche « ${a.period.label} » (ligne ${a.firstLine}) : un relevé porte sur des périodes distinctes, par exemple des trimestres ou des semestres.`,
        );
  if (errors.length) {
    const listed = errors.slice(0, MAX_LISTED_LINES);
    if (errors.length > listed.length) {
      const others = errors.length - listed.length;
      listed.push(`… et ${count(others, 'autre ligne', 'autres lignes')} à corriger.`);
    }
    return { ok: false, errors: listed, lines: errors.length };
  }
  return {
    ok: true,
    reports: kept
      .sort((a, b) => a.period.from.localeCompare(b.period.from))
      .map(({ period, lines }) => ({
        contractId: contract.id,
        centraleId: contract.centraleId,
        periodKey: period.key,
        from: period.from,
        to: period.to,
        label: period.label,
        lines,
        importedAt: input.importedAt,
        importedBy: input.importedBy,
        source: input.source,
      })),
  };
}

/**
 * A CSV as rows of cells, each at its line's index (line n at n - 1: blank lines keep their
 * place), UTF-8 with or without BOM, « ; » or « , » between columns; or why not.
 */
export function csvRows(text: string): { ok: true; rows: ImportCell[][] } | { ok: false; error: string } {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (first.match(/;/g)?.length ?? 0) >= (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return {
      ok: false,
      error: `${line ? `Ligne ${line} : ` : ''}guillemet ouvert jamais fermé ou ligne illisible. Enregistrez le fichier au format « CSV UTF-8 (délimité par des points-virgules) ».`,
    };
  }
  const rows: ImportCell[][] = [];
  // `info.lines` is the record's last line: a quoted field may span several.
  for (const { record, info } of records)
    rows[info.lines - 1 - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0)] = record;
  return { ok: true, rows: Array.from(rows, (r) => r ?? []) };
}

/**
 * The file's periods that overlap a report already kept for another period (« 2026-T2 » after
 * « 2026 »): refused in French, naming both, for the same consumption would count twice.
 */
export function overlapsWithKept(reports: ConsumptionReport[], kept: ConsumptionReport[]): string[] {
  return reports.flatMap((r) =>
    kept
      .filter((k) => k.periodKey !== r.periodKey && overlapDays(k, r) > 0)
      .map(
        (k) =>
          `Le relevé « ${r.label} » chevauche celui de « ${k.label} », déjà importé : envoyez les mêmes périodes que ce relevé (ou « ${k.label} » corrigé), pour ne pas compter deux fois la même consommation.`,
      ),
  );
}
