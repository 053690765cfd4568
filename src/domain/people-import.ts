import { parse } from 'csv-parse/sync';
import { isValidEmail, normalizeEmail } from './email';
import { DeliveryPreference, Member } from './governance';
import { ROLES, ROLE_LABELS, Role } from './roles';

/** One person of the members file, checked. */
export interface ImportedPerson {
  /** The line of the file (the header is line 1), for messages. */
  line: number;
  name: string;
  /** As stored (normalizeEmail). */
  email: string;
  memberId: string | null;
  roles: Role[];
  delivery: DeliveryPreference;
}

export type PeopleImport = { ok: true; people: ImportedPerson[] } | { ok: false; errors: string[] };

/** The most lines one import takes: the card's text holds a few hundred people. */
export const MAX_IMPORT_ROWS = 1000;

export const IMPORT_COLUMNS = ['Nom', 'E-mail', 'Adhérent', 'Rôles', 'Envoi'] as const;
type Column = 'name' | 'email' | 'member' | 'roles' | 'delivery';

/** Lower case, no accents, no inclusive-writing dot, single spaces: how a header or a label is compared. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[·.•]/g, '')
    .replace(/[\s_]+/g, ' ')
    .trim()
    .toLowerCase();

const HEADERS: Record<string, Column> = {
  nom: 'name',
  'nom complet': 'name',
  'e-mail': 'email',
  email: 'email',
  mail: 'email',
  courriel: 'email',
  'adresse e-mail': 'email',
  adherent: 'member',
  commune: 'member',
  roles: 'roles',
  role: 'roles',
  envoi: 'delivery',
  'envoi des convocations': 'delivery',
};

/** The French names a role goes by in a file: its label, its masculine and feminine forms, its id. */
const ROLE_NAMES: Record<Role, string[]> = {
  administrateur: ['administratrice'],
  coordinateur: ['coordinateur', 'coordinatrice'],
  acheteur: ['acheteur', 'acheteuse', 'achats'],
  elu: ['elu', 'elue'],
  directeur: ['directeur', 'directrice'],
  referent: ['referent', 'referente', 'referente de commune'],
};
const ROLE_BY_NAME = new Map<string, Role>(
  ROLES.flatMap((r) => [r, ROLE_LABELS[r], ...ROLE_NAMES[r]].map((n) => [fold(n), r] as [string, Role])),
);

const DELIVERY_BY_NAME: Record<string, DeliveryPreference> = {
  '': 'teams',
  teams: 'teams',
  'e-mail': 'email',
  email: 'email',
  mail: 'email',
  courriel: 'email',
};

/** « ; » unless the header has no « ; » and has a « , » (a spreadsheet's CSV in English). */
function separatorOf(text: string): ';' | ',' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return !header.includes(';') && header.includes(',') ? ',' : ';';
}

const quote = (s: string) => `« ${s.length > 60 ? `${s.slice(0, 59)}…` : s} »`;

/**
 * Reads the members file an administrator pasted (`Nom;E-mail;Adhérent;Rôles;Envoi`, header
 * required, « ; » or « , » between columns, quotes as spreadsheets write them, a BOM tolerated):
 * every person checked, or every line's error in French. `members` are the centrale's adhérents,
 * named in the file by their name or their id.
 */
export function readPeopleImport(text: string, members: readonly Member[]): PeopleImport {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter: separatorOf(text),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    const where = line ? `Ligne ${line} : ` : '';
    return { ok: false, errors: [`${where}guillemet ouvert jamais fermé ou ligne illisible.`] };
  }
  records = records.filter((r) => r.record.some((cell) => cell !== ''));
  if (records.length === 0) {
    return {
      ok: false,
      errors: [
        `Le texte est vide : collez la ligne d’en-tête (${IMPORT_COLUMNS.join(';')}) puis une ligne par personne.`,
      ],
    };
  }

  const [header, ...rows] = records;
  const columns: Array<Column | null> = header.record.map((h) => HEADERS[fold(h)] ?? null);
  const errors: string[] = [];
  header.record.forEach((h, i) => {
    if (!columns[i])
      errors.push(`Ligne 1 : colonne inconnue ${quote(h)} (colonnes attendues : ${IMPORT_COLUMNS.join(', ')}).`);
  });
  for (const needed of ['name', 'email'] as const) {
    if (!columns.includes(needed)) {
      errors.push(
        `Ligne 1 : la colonne ${quote(needed === 'name' ? 'Nom' : 'E-mail')} manque (en-tête attendu : ${IMPORT_COLUMNS.join(';')}).`,
      );
    }
  }
  if (errors.length) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: ['Aucune personne après la ligne d’en-tête.'] };
  if (rows.length > MAX_IMPORT_ROWS) {
    return { ok: false, errors: [`${rows.length} personnes : importez-en ${MAX_IMPORT_ROWS} au plus à la fois.`] };
  }

  const memberByName = new Map<string, Member>();
  for (const m of members) {
    memberByName.set(fold(m.id), m);
    memberByName.set(fold(m.name), m);
  }
  const seen = new Map<string, number>();
  const people: ImportedPerson[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    const cell = (c: Column) => {
      const i = columns.indexOf(c);
      return i < 0 ? '' : (record[i] ?? '');
    };
    const lineErrors: string[] = [];
    if (record.length > columns.length) lineErrors.push(`${record.length} colonnes au lieu de ${columns.length}`);
    const name = cell('name');
    if (!name) lineErrors.push('nom manquant');
    else if (name.length > 200) lineErrors.push('nom trop long (200 caractères au plus)');
    const rawEmail = cell('email');
    let email: string | null = null;
    if (!rawEmail) lineErrors.push('adresse e-mail manquante');
    else if (!isValidEmail(rawEmail)) lineErrors.push(`adresse e-mail invalide : ${quote(rawEmail)}`);
    else {
      email = normalizeEmail(rawEmail)!;
      const earlier = seen.get(email.toLowerCase());
      if (earlier !== undefined) lineErrors.push(`adresse e-mail ${quote(email)} déjà donnée ligne ${earlier}`);
      else seen.set(email.toLowerCase(), line);
    }
    const memberName = cell('member');
    const member = memberName ? memberByName.get(fold(memberName)) : undefined;
    if (memberName && !member) lineErrors.push(`adhérent inconnu ${quote(memberName)}`);
    const roles: Role[] = [];
    for (const roleName of cell('roles')
      .split(/[,|]/)
      .map((r) => r.trim())
      .filter(Boolean)) {
      const role = ROLE_BY_NAME.get(fold(roleName));
      if (!role) lineErrors.push(`rôle inconnu ${quote(roleName)}`);
      else if (!roles.includes(role)) roles.push(role);
    }
    if (roles.includes('referent') && !memberName) lineErrors.push('un référent doit être rattaché à un adhérent');
    const deliveryName = cell('delivery');
    const delivery = DELIVERY_BY_NAME[fold(deliveryName)];
    if (!delivery) lineErrors.push(`envoi inconnu ${quote(deliveryName)} (« Teams » ou « E-mail »)`);

    if (lineErrors.length) errors.push(`Ligne ${line} : ${lineErrors.join(' ; ')}.`);
    else people.push({ line, name, email: email!, memberId: member?.id ?? null, roles, delivery: delivery! });
  }
  return errors.length ? { ok: false, errors } : { ok: true, people };
}
