import {
  ImportCell,
  checkConsumptionRows,
  csvRows,
  ofPeriod,
  parseAmountCents,
  parseConsumedQuantity,
} from '../../../src/domain/bilan/consumption-import';
import { Contract } from '../../../src/domain/disputes/registry';
import { Member } from '../../../src/domain/governance';

/**
 * The supplier's consumption report, checked row by row: each bad row named by its line (the
 * headers are line 1) and what to change, nothing kept while one is wrong.
 */
const member = (id: string, name: string): Member => ({ id, centraleId: 'c', name, kind: 'commune' });
const members = [
  member('villeurbanne', 'Ville de Villeurbanne'),
  member('venissieux', 'Ville de Vénissieux'),
  member('bron', 'Ville de Bron'),
];
const contract: Contract = {
  id: 'marche-1',
  centraleId: 'c',
  number: '2026-001',
  title: 'Restauration',
  supplier: 'Cuisine du Midi',
  lots: [],
  startDate: '2025-07-01',
  endDate: '2026-06-30',
  memberIds: ['villeurbanne', 'venissieux'],
  fileId: 'f',
  economics: {
    unit: 'repas',
    unitPriceCents: 300,
    awardedAnnualCents: null,
    renewals: [{ to: '2027-06-30', unitPriceCents: null, awardedAnnualCents: null }],
    sustainable: { environmental: false, social: false },
    forecasts: [],
    campaignId: null,
  },
};
const meta = { contract, members, importedAt: '2026-12-01T09:00:00.000Z', importedBy: 'k', source: 'releve.csv' };
const HEADER = ['Adhérent', 'Période', 'Quantité', 'Montant HT'];
const check = (rows: ImportCell[][]) => checkConsumptionRows(rows, meta);
const errorsOf = (rows: ImportCell[][]) => {
  const r = check(rows);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('quantities and amounts as suppliers write them', () => {
  it.each<[ImportCell, string | null]>([
    ['1 200,5', '1200.5'],
    ['1\u202f200', '1200'],
    ['0', '0'],
    ['12.250', '12.25'],
    [1500, '1500'],
    [0.1 + 0.2, '0.3'],
    ['-3', null],
    ['douze', null],
    ['1,2345', null],
    [-1, null],
    ['', null],
  ])('quantity %p → %p', (raw, expected) => expect(parseConsumedQuantity(raw)).toBe(expected));

  it.each<[ImportCell, number | null]>([
    ['12 345,67', 1_234_567],
    ['12 345,67 €', 1_234_567],
    ['4500', 450_000],
    [4500.5, 450_050],
    [0, 0],
    ['-10', null],
    ['12,345', null],
    [1.234, null],
    ['beaucoup', null],
  ])('amount %p → %p cents', (raw, expected) => expect(parseAmountCents(raw)).toBe(expected));
});

describe('checkConsumptionRows', () => {
  it('makes one report per period, headers tolerant, members by name or id whatever the accents and case', () => {
    const r = check([
      ['Commune', 'Période', 'Quantité (repas)', 'Montant (€ HT)'],
      ['VILLE DE VENISSIEUX', '2026-S1', '1 200,5', '3 601,50'],
      ['villeurbanne', 'S1 2026', 2000, 6000],
      [],
      ['Villeurbanne', 'T3 2026', '0', '0'],
    ]);
    expect(r).toEqual({
      ok: true,
      reports: [
        expect.objectContaining({
          contractId: 'marche-1',
          centraleId: 'c',
          periodKey: '2026-S1',
          from: '2026-01-01',
          to: '2026-06-30',
          label: '1er semestre 2026',
          lines: [
            { memberId: 'venissieux', quantity: '1200.5', amountCents: 360_150 },
            { memberId: 'villeurbanne', quantity: '2000', amountCents: 600_000 },
          ],
          source: 'releve.csv',
        }),
        expect.objectContaining({
          periodKey: '2026-T3',
          label: '3e trimestre 2026',
          lines: [{ memberId: 'villeurbanne', quantity: '0', amountCents: 0 }],
        }),
      ],
    });
  });

  it('skips the template’s rows left untouched (the member’s name only)', () => {
    const r = check([HEADER, ['Ville de Villeurbanne'], ['Ville de Vénissieux', '2026', 10, 30]]);
    expect(r.ok && r.reports.map((x) => x.lines.length)).toEqual([1]);
  });

  it.each<[string, ImportCell[][], string[]]>([
    [
      'an empty file',
      [],
      ['Le fichier est vide : la ligne 1 porte les en-têtes « Adhérent », « Période », « Quantité » et « Montant HT »'],
    ],
    [
      'a missing column, naming the expected headers',
      [
        ['Adhérent', 'Période', 'Quantité', 'Montant TTC'],
        ['Bron', '2026', 1, 1],
      ],
      [
        'Ligne 1 : il manque la colonne « Montant HT ». Les en-têtes attendus sont « Adhérent », « Période », « Quantité » et « Montant HT »',
      ],
    ],
    [
      'two missing columns',
      [
        ['Membre', 'Qté'],
        ['Bron', 1],
      ],
      ['Ligne 1 : il manque les colonnes « Période », « Quantité » et « Montant HT »'],
    ],
    ['headers and no row', [HEADER], ['Le fichier ne contient aucune consommation']],
    [
      'a member of the centrale not on this contract, named',
      [HEADER, ['Ville de Villeurbanne', '2026', 1, 1], ['bron', '2026', 1, 1]],
      ['Ligne 3 : « Ville de Bron » n’est pas adhérent de ce marché'],
    ],
    [
      'an unknown member',
      [HEADER, ['Lyon 3e', '2026', 1, 1]],
      ['Ligne 2 : Adhérent inconnu « Lyon 3e » : écrivez le nom d’un adhérent du marché'],
    ],
    [
      'an unreadable period',
      [HEADER, ['Villeurbanne', '2026-T5', 1, 1]],
      ['Ligne 2 : Période illisible « 2026-T5 » : écrivez par exemple « 2026 », « 2026-T1 »'],
    ],
    [
      'a period outside the contract’s duration, renewals included',
      [
        HEADER,
        ['Villeurbanne', '2027-T3', 1, 1],
        ['Villeurbanne', '2027-T2', 1, 1],
        ['Villeurbanne', 'mars 2025', 1, 1],
      ],
      [
        'Ligne 2 : La période « 3e trimestre 2027 » est hors de la durée du marché (du 01/07/2025 au 30/06/2027, reconductions comprises).',
        'Ligne 4 : La période « mars 2025 » est hors de la durée du marché',
      ],
    ],
    [
      'a quantity that is not a number ≥ 0',
      [HEADER, ['Villeurbanne', '2026', '-5', 1], ['Vénissieux', '2026', '', 1]],
      [
        'Ligne 2 : Quantité « -5 » non reconnue : un nombre positif ou nul, par exemple 1 200 ou 12,5.',
        'Ligne 3 : Indiquez la quantité (0 si rien n’a été consommé).',
      ],
    ],
    [
      'an amount that is not euros',
      [HEADER, ['Villeurbanne', '2026', 1, '12,345 €']],
      ['Ligne 2 : Montant « 12,345 € » non reconnu : un montant en euros hors taxes'],
    ],
    [
      'a member and period twice, both lines named',
      [
        HEADER,
        ['Villeurbanne', '2026-S1', 1, 1],
        ['Vénissieux', '2026-S1', 1, 1],
        ['Ville de Villeurbanne', 'S1 2026', 2, 2],
      ],
      [
        'Ligne 4 : « Ville de Villeurbanne » a déjà une ligne pour « 1er semestre 2026 » (ligne 2) : gardez-en une seule.',
      ],
    ],
    [
      'periods of one file that overlap',
      [HEADER, ['Villeurbanne', '2026-S1', 1, 1], ['Vénissieux', '2026-T1', 1, 1]],
      ['Ligne 3 : la période « 1er trimestre 2026 » chevauche « 1er semestre 2026 » (ligne 2)'],
    ],
    [
      'every problem of a row in one line',
      [HEADER, ['', 'hier', 'x', 'y']],
      ['Ligne 2 : Indiquez l’adhérent (colonne « Adhérent ») ; période illisible « hier »'],
    ],
  ])('refuses %s, and says what to fix', (_, rows, expected) => {
    const errors = errorsOf(rows);
    for (const [i, e] of expected.entries()) expect(errors[i]).toContain(e);
  });

  it('imports nothing when one row of many is wrong', () => {
    const r = check([HEADER, ['Villeurbanne', '2026', 1, 1], ['Vénissieux', '2026', 1, 1], ['Bron', '2026', 1, 1]]);
    expect(r).toEqual({ ok: false, lines: 1, errors: [expect.stringMatching(/^Ligne 4 : /)] });
  });

  it('lists the first 20 lines in error and counts the others', () => {
    const rows: ImportCell[][] = [HEADER, ...Array.from({ length: 25 }, () => ['Villeurbanne', 'jamais', 1, 1])];
    const r = check(rows);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.lines).toBe(25);
    expect(r.errors).toHaveLength(21);
    expect(r.errors[19]).toMatch(/^Ligne 21 : /);
    expect(r.errors[20]).toBe('… et 5 autres lignes à corriger.');
  });
});

describe('csvRows', () => {
  it('reads « ; » or « , », with or without a BOM, each row at its line (blank lines kept in place)', () => {
    expect(csvRows('\uFEFFAdhérent;Période;Quantité;Montant HT\r\n\r\nBron;2026;"1 200,5";"3,50"\r\n')).toEqual({
      ok: true,
      rows: [['Adhérent', 'Période', 'Quantité', 'Montant HT'], [], ['Bron', '2026', '1 200,5', '3,50']],
    });
    expect(csvRows('Adhérent,Période,Quantité,Montant HT\n"Ville\nde Bron",2026,1,"2,5"\nBron,2026,1,2\n')).toEqual({
      ok: true,
      rows: [
        ['Adhérent', 'Période', 'Quantité', 'Montant HT'],
        ['Ville\nde Bron', '2026', '1', '2,5'],
        [],
        ['Bron', '2026', '1', '2'],
      ],
    });
  });

  it('names the line of a quote never closed', () => {
    expect(csvRows('Adhérent;Période\nBron;"2026\n')).toEqual({ ok: false, error: expect.stringMatching(/guillemet/) });
  });
});

it('says « du » before a half or a quarter, « de » before a year or a month', () => {
  expect(ofPeriod('1er semestre 2026')).toBe('du 1er semestre 2026');
  expect(ofPeriod('3e trimestre 2026')).toBe('du 3e trimestre 2026');
  expect(ofPeriod('2026')).toBe('de 2026');
  expect(ofPeriod('mars 2026')).toBe('de mars 2026');
});
