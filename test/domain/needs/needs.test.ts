import { addQuantities, csvEuros, formatEuros, parseEuros, parseQuantity } from '../../../src/domain/needs/money';
import { Campaign, NeedDraft, validateNeed } from '../../../src/domain/needs/need';
import { defaultProcedure, editItem, retroplanning } from '../../../src/domain/needs/programme';

describe('amounts', () => {
  it('are integer cents parsed from French input and shown the French way', () => {
    expect(parseEuros('12 345,67')).toBe(1234567);
    expect(parseEuros('12345.6')).toBe(1234560);
    expect(parseEuros('1 000 000 €')).toBe(100000000);
    expect(parseEuros('12,345')).toBeNull();
    expect(parseEuros('douze')).toBeNull();
    expect(formatEuros(1234567)).toBe('12 345,67 € HT');
    expect(formatEuros(5)).toBe('0,05 € HT');
    expect(csvEuros(100000050)).toBe('1000000,50');
  });

  it('add without float drift', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in cents it is exact.
    expect(formatEuros([parseEuros('0,10')!, parseEuros('0,20')!].reduce((a, b) => a + b, 0))).toBe('0,30 € HT');
    expect(addQuantities(['0.1', '0.2'])).toBe('0.3');
    expect(parseQuantity('1 200')).toBe('1200');
    expect(parseQuantity('-3')).toBeNull();
  });
});

describe('a need', () => {
  const campaign = { segments: ['Fournitures de bureau'] } as Campaign;
  const today = { year: 2026, month: 11, day: 22 };
  const draft = (over: Partial<NeedDraft> = {}): NeedDraft => ({
    segment: 'Fournitures de bureau',
    description: 'Papier',
    quantity: '10',
    unit: 'ramettes',
    annual: '100',
    total: '300',
    wishedStart: '2027-09-01',
    duration: '36',
    currentContractEnd: '',
    currentSupplier: '',
    currentPrice: '',
    constraints: '',
    clauses: '',
    commitment: 'ferme',
    ...over,
  });
  const errors = (d: NeedDraft, complete = true) => {
    const r = validateNeed(d, campaign, today, complete);
    return r.ok ? {} : r.errors;
  };

  it('is checked field by field, in French', () => {
    expect(validateNeed(draft(), campaign, today, true)).toMatchObject({
      ok: true,
      fields: { annualCents: 10000, totalCents: 30000 },
    });
    expect(errors(draft({ annual: '-1' }))).toEqual({ annual: 'Un montant ne peut pas être négatif.' });
    expect(errors(draft({ total: '50' }))).toEqual({
      total: expect.stringMatching(/ne peut être inférieur au montant annuel/),
    });
    expect(errors(draft({ wishedStart: '2026-11-22' }))).toEqual({ wishedStart: expect.stringMatching(/est passée/) });
    expect(errors(draft({ segment: 'Informatique' }))).toEqual({
      segment: expect.stringMatching(/ne fait pas partie de la campagne/),
    });
    expect(errors(draft({ duration: '0' }))).toEqual({
      duration: 'Indiquez la durée en mois : un nombre entier de 1 à 120.',
    });
  });

  it('may be saved incomplete as a draft, but not sent incomplete', () => {
    expect(validateNeed(draft({ quantity: '', total: '' }), campaign, today, false).ok).toBe(true);
    expect(errors(draft({ quantity: '', total: '' }))).toEqual({
      quantity: 'Indiquez la quantité estimée.',
      total: expect.any(String),
    });
  });
});

describe('the programme', () => {
  it('chooses the procedure by the EU threshold and plans backwards from the wished start', () => {
    expect(defaultProcedure(215_999_99)).toBe('mapa');
    expect(defaultProcedure(216_000_00)).toBe('appel-offres-ouvert');
    expect(retroplanning('2027-09-01', 'mapa')).toEqual([
      // each step lasts until the next: DCE 30 d, offers 20 d, analysis 20 d, then 7 d to start
      { step: 'Préparation du DCE', date: '2027-06-16' },
      { step: 'Publication (lancement)', date: '2027-07-16' },
      { step: 'Remise des offres', date: '2027-08-05' },
      { step: 'Attribution', date: '2027-08-25' },
      { step: 'Début d’exécution', date: '2027-09-01' },
    ]);
  });

  it('refuses a launch too late for the procedure’s delays', () => {
    const item = {
      id: 'i',
      fileName: 'F',
      segment: 'S',
      consolidatedCents: 1,
      memberIds: [],
      needIds: [],
      procedure: 'mapa' as const,
      wishedStart: '2027-09-01',
      plannedLaunch: '2027-06-26',
      retroplanning: [],
    };
    const today = { year: 2026, month: 11, day: 22 };
    expect(() =>
      editItem(
        item,
        { fileName: 'F', procedure: 'appel-offres-ouvert', wishedStart: '2027-09-01', plannedLaunch: '2027-06-26' },
        today,
      ),
    ).toThrow(/au plus tard le vendredi 11 juin 2027/);
    expect(
      editItem(
        item,
        { fileName: 'F', procedure: 'mapa', wishedStart: '2027-09-01', plannedLaunch: '2027-06-01' },
        today,
      ).plannedLaunch,
    ).toBe('2027-06-01');
  });
});
