import { Campaign } from '../../../src/domain/needs/need';
import { NEED_FIELD_LABELS } from '../../../src/domain/needs/need-form';
import { ImportCell, MAX_IMPORT_ROWS, TEMPLATE_COLUMNS, checkImportRows } from '../../../src/domain/needs/need-import';

const campaign: Campaign = {
  id: 'campagne-1',
  centraleId: 'c',
  title: 'Besoins 2027',
  segments: ['Fournitures de bureau', 'Restauration collective'],
  targetMemberIds: ['bron'],
  deadline: '2026-12-20',
  timeZone: 'Europe/Paris',
  extensions: [],
  closedAt: null,
  instructions: '',
  channelInstanceId: null,
  openedBy: 'x',
  status: 'ouverte',
  serviceUrl: null,
  createdAt: '2026-12-01T00:00:00Z',
};
const today = { year: 2026, month: 12, day: 2 };
const headers = TEMPLATE_COLUMNS.map((c) => NEED_FIELD_LABELS[c.field]);
const row = (over: Record<number, ImportCell> = {}): ImportCell[] => {
  const r: ImportCell[] = ['Fournitures de bureau', 'Papier', 1500, 'ramettes', 4500.5, 13501.5, '2027-03-01', 36];
  for (const [i, v] of Object.entries(over)) r[Number(i)] = v;
  return r;
};

describe('the needs workbook read back row by row, with the need form’s validation', () => {
  it('turns typed cells into the form’s fields: euros to cents, French dates, Excel day numbers, lists whatever the case', () => {
    const r = checkImportRows(
      [
        headers,
        row(),
        [],
        row({ 0: 'restauration COLLECTIVE', 6: '15/03/2027', 4: '1 200,00', 5: 2400, 13: 'Ferme' }),
        row({ 6: 46447 }),
      ],
      campaign,
      today,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => x.line)).toEqual([2, 4, 5]);
    expect(r.rows[0]!.fields).toMatchObject({
      annualCents: 450_050,
      totalCents: 1_350_150,
      quantity: '1500',
      commitment: 'indicative',
    });
    expect(r.rows[1]!.fields).toMatchObject({
      segment: 'Restauration collective',
      wishedStart: '2027-03-15',
      annualCents: 120_000,
      commitment: 'ferme',
    });
    expect(r.rows[2]!.fields.wishedStart).toBe('2027-03-01');
  });

  it('names every wrong row and column in French, and accepts none of them', () => {
    const r = checkImportRows(
      [headers, row(), row({ 4: -0.5, 2: null }), row({ 4: 12.345, 7: 0.5, 6: '2026-11-01' })],
      campaign,
      today,
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        'Ligne 3, colonne « Quantité » : Indiquez la quantité estimée.',
        'Ligne 3, colonne « Montant annuel estimé (€ HT) » : Un montant ne peut pas être négatif.',
        'Ligne 4, colonne « Montant annuel estimé (€ HT) » : Montant non reconnu : écrivez par exemple 12 345,67.',
        'Ligne 4, colonne « Début souhaité » : La date de début souhaitée est passée : choisissez une date à venir.',
        'Ligne 4, colonne « Durée (mois) » : Indiquez la durée en mois : un nombre entier de 1 à 120.',
      ],
    });
  });

  it('refuses other headers, an empty sheet, too many rows', () => {
    const moved = checkImportRows([[...headers.slice(1), headers[0]!], row()], campaign, today);
    expect(moved.ok === false && moved.errors[1]).toBe(
      'Colonne A : l’en-tête doit être « Segment », et non « Description du besoin ».',
    );
    expect(checkImportRows([headers, [null, '']], campaign, today)).toEqual({
      ok: false,
      errors: ['La feuille « Besoins » ne contient aucun besoin : une ligne par besoin, sous les en-têtes.'],
    });
    const many = checkImportRows(
      [headers, ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => row())],
      campaign,
      today,
    );
    expect(many).toEqual({ ok: false, errors: ['Le classeur contient 501 besoins : 500 au plus par envoi.'] });
  });
});
