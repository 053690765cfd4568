import { parseEconomics, typedOf } from '../../../src/domain/bilan/economics-form';
import { ContractEconomics } from '../../../src/domain/bilan/economics';
import { forecastsFromNeeds, segmentMatches } from '../../../src/domain/bilan/forecasts';
import { Need } from '../../../src/domain/needs/need';

let seq = 0;
const need = (over: Partial<Need>): Need => ({
  id: `n${++seq}`,
  campaignId: 'c',
  memberId: 'bron',
  status: 'accepte',
  mergedInto: null,
  question: '',
  answer: '',
  history: [],
  createdBy: 'k',
  updatedAt: '2026-10-01T00:00:00Z',
  segment: 'Restauration',
  description: 'Repas des écoles',
  quantity: '1000',
  unit: 'repas',
  annualCents: 350_000,
  totalCents: 1_050_000,
  wishedStart: '2027-09-01',
  durationMonths: 36,
  currentContractEnd: null,
  currentSupplier: 'Cuisines du Rhône',
  currentPriceCents: 350_000,
  constraints: '',
  clauses: '',
  commitment: 'ferme',
  ...over,
});
const contract = { memberIds: ['bron', 'villeurbanne', 'venissieux'], startDate: '2027-01-01', endDate: '2027-12-31' };

describe('forecastsFromNeeds: a campaign’s counted needs become one forecast per member', () => {
  it.each<[string, Need[], unknown]>([
    [
      'one need per member, in the contract’s order',
      [need({ memberId: 'villeurbanne', quantity: '2500', currentPriceCents: 900_000 }), need({ id: 'b1' })],
      [
        {
          memberId: 'bron',
          annualQuantity: '1000',
          referenceAnnualCents: 350_000,
          referenceSupplier: 'Cuisines du Rhône',
          needId: 'b1',
        },
        {
          memberId: 'villeurbanne',
          annualQuantity: '2500',
          referenceAnnualCents: 900_000,
          referenceSupplier: 'Cuisines du Rhône',
          needId: expect.any(String),
        },
      ],
    ],
    [
      'two needs of a member: quantities and baselines summed, suppliers joined, no single need',
      [
        need({ quantity: '1000', currentPriceCents: 100_00 }),
        need({ quantity: '12.5', unit: 'Repas', currentPriceCents: 50_00, currentSupplier: 'Sodexo' }),
      ],
      [
        {
          memberId: 'bron',
          annualQuantity: '1012.5',
          referenceAnnualCents: 150_00,
          referenceSupplier: 'Cuisines du Rhône, Sodexo',
          needId: null,
        },
      ],
    ],
    [
      'a member that gave no « Prix actuel » on one of its needs has no baseline (null, never 0)',
      [need({ currentPriceCents: 100_00 }), need({ currentPriceCents: null, currentSupplier: '' })],
      [expect.objectContaining({ memberId: 'bron', annualQuantity: '2000', referenceAnnualCents: null })],
    ],
    [
      'needs not counted (rejected, withdrawn, merged into a rejected one), of another segment or member: left out',
      [
        need({ status: 'rejete' }),
        need({ status: 'retire' }),
        need({ status: 'soumis' }),
        need({ id: 'r', status: 'rejete', memberId: 'venissieux' }),
        need({ status: 'fusionne', mergedInto: 'r', memberId: 'venissieux' }),
        need({ segment: 'Énergie', memberId: 'villeurbanne' }),
        need({ memberId: 'lyon' }),
      ],
      [],
    ],
    [
      'a need merged into a retained one counts (consolidation)',
      [need({ id: 'kept', memberId: 'villeurbanne' }), need({ status: 'fusionne', mergedInto: 'kept' })],
      [expect.objectContaining({ memberId: 'bron' }), expect.objectContaining({ memberId: 'villeurbanne' })],
    ],
  ])('%s', (_, needs, expected) => {
    expect(forecastsFromNeeds(needs, contract, 'Restauration').forecasts).toEqual(expected);
  });

  it('keeps the contract’s unit, else the one most needs use; a need in another unit is named, not summed', () => {
    const needs = [
      need({ id: 'kg', quantity: '40', unit: 'kg', description: 'Pain' }),
      need({ memberId: 'villeurbanne' }),
      need({ memberId: 'venissieux' }),
    ];
    const proposed = forecastsFromNeeds(needs, contract, 'restauration ');
    expect(proposed.unit).toBe('repas');
    expect(proposed.forecasts.map((f) => f.memberId)).toEqual(['villeurbanne', 'venissieux']);
    expect(proposed.unused).toEqual([
      { needId: 'kg', memberId: 'bron', description: 'Pain', quantity: '40', unit: 'kg' },
    ]);
    const inKg = forecastsFromNeeds(needs, { ...contract, economics: { unit: 'kg' } }, 'Restauration');
    expect(inKg.forecasts).toEqual([expect.objectContaining({ memberId: 'bron', annualQuantity: '40' })]);
    expect(inKg.unused.map((u) => u.memberId)).toEqual(['villeurbanne', 'venissieux']);
  });

  it('matches segments whatever the accents and case', () => {
    expect(segmentMatches('Énergie', 'energie')).toBe(true);
    expect(segmentMatches('Énergie', 'Énergies')).toBe(false);
  });
});

const base = { unit: 'repas', unitPrice: '3,10', awardedAnnual: '', environmental: 'true', social: 'false' };
const parse = (typed: Record<string, string>, needIds?: Record<string, string | null>) =>
  parseEconomics({ ...base, ...typed }, contract, { campaignId: 'campagne-1', ...(needIds ? { needIds } : {}) });

describe('parseEconomics: the form as typed, in French', () => {
  it('reads French euros, quantities with spaces, clauses, renewals, and the need of each forecast', () => {
    const r = parse(
      {
        volume_bron: '1 200',
        reference_bron: '4 200,50',
        supplier_bron: 'Cuisines du Rhône',
        volume_villeurbanne: '12,5',
        renewalTo_0: '2028-12-31',
        renewalPrice_0: '3,25',
        newRenewalTo: '31/12/2029',
      },
      { bron: 'n-bron' },
    );
    expect(r).toEqual({
      ok: true,
      economics: {
        unit: 'repas',
        unitPriceCents: 310,
        awardedAnnualCents: null,
        renewals: [
          { to: '2028-12-31', unitPriceCents: 325, awardedAnnualCents: null },
          { to: '2029-12-31', unitPriceCents: null, awardedAnnualCents: null },
        ],
        sustainable: { environmental: true, social: false },
        forecasts: [
          {
            memberId: 'bron',
            annualQuantity: '1200',
            referenceAnnualCents: 420_050,
            referenceSupplier: 'Cuisines du Rhône',
            needId: 'n-bron',
          },
          {
            memberId: 'villeurbanne',
            annualQuantity: '12.5',
            referenceAnnualCents: null,
            referenceSupplier: '',
            needId: null,
          },
        ],
        campaignId: 'campagne-1',
      },
    });
  });

  it('a forfait: the renewal’s revised price is its annual amount', () => {
    const r = parse({ unitPrice: '', awardedAnnual: '120 000', renewalTo_0: '2028-12-31', renewalPrice_0: '125 000' });
    expect(r.ok && r.economics).toMatchObject({
      unitPriceCents: null,
      awardedAnnualCents: 12_000_000,
      renewals: [{ to: '2028-12-31', unitPriceCents: null, awardedAnnualCents: 12_500_000 }],
    });
  });

  it('a renewal whose date is emptied is removed', () => {
    const r = parse({ renewalTo_0: '', renewalPrice_0: '3,25', renewalTo_1: '2029-06-30' });
    expect(r.ok && r.economics.renewals).toEqual([
      { to: '2029-06-30', unitPriceCents: null, awardedAnnualCents: null },
    ]);
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['no unit', { unit: ' ' }, { unit: 'Indiquez l’unité des volumes (par exemple « repas »).' }],
    ['a price not read', { unitPrice: '3,1O' }, { unitPrice: expect.stringContaining('Montant non reconnu') }],
    ['a negative price', { unitPrice: '-3' }, { unitPrice: 'Un montant ne peut pas être négatif.' }],
    ['no price', { unitPrice: '' }, { unitPrice: expect.stringContaining('prix unitaire attribué ou le montant') }],
    ['both prices', { awardedAnnual: '1 000' }, { awardedAnnual: expect.stringContaining('pas les deux') }],
    ['a volume not read', { volume_bron: 'mille' }, { volume_bron: expect.stringContaining('nombre positif') }],
    [
      'a baseline without volume',
      { reference_bron: '100' },
      { volume_bron: expect.stringContaining('videz la ligne') },
    ],
    ['a baseline not read', { volume_bron: '10', reference_bron: '1OO' }, { reference_bron: expect.any(String) }],
    ['a renewal date not read', { renewalTo_0: '31-12-2028' }, { renewalTo_0: expect.stringContaining('calendrier') }],
    [
      'a renewal ending before the contract',
      { renewalTo_0: '2027-06-30' },
      { renewalTo_0: 'Une reconduction doit finir après le 31/12/2027.' },
    ],
    [
      'a new renewal before the last one',
      { renewalTo_0: '2028-12-31', newRenewalTo: '2028-06-30' },
      { newRenewalTo: 'Une reconduction doit finir après le 31/12/2028.' },
    ],
    ['a new renewal price without its date', { newRenewalPrice: '3,30' }, { newRenewalTo: expect.any(String) }],
    [
      'a renewal price not read',
      { renewalTo_0: '2028-12-31', renewalPrice_0: 'x' },
      { renewalPrice_0: expect.any(String) },
    ],
  ])('%s: refused on its field', (_, typed, errors) => {
    expect(parse(typed)).toEqual({ ok: false, errors });
  });

  it('a member row not on the contract is not read; the foundation’s checks run on the whole', () => {
    expect(parse({ volume_lyon: '10' })).toMatchObject({ ok: true, economics: { forecasts: [] } });
  });

  it('typedOf gives back what parseEconomics reads (the form prefilled from stored economics)', () => {
    const stored: ContractEconomics = {
      unit: 'repas',
      unitPriceCents: 310,
      awardedAnnualCents: null,
      renewals: [{ to: '2028-12-31', unitPriceCents: 325, awardedAnnualCents: null }],
      sustainable: { environmental: false, social: true },
      forecasts: [
        {
          memberId: 'venissieux',
          annualQuantity: '12000.5',
          referenceAnnualCents: 4_000_000,
          referenceSupplier: 'X',
          needId: 'n',
        },
      ],
      campaignId: 'campagne-1',
    };
    const typed = typedOf(stored, contract.memberIds);
    expect(typed).toMatchObject({
      unitPrice: '3,10',
      volume_venissieux: '12 000,5',
      reference_venissieux: '40 000,00',
    });
    expect(typed.volume_bron).toBe('');
    expect(parseEconomics(typed, contract, { campaignId: 'campagne-1', needIds: { venissieux: 'n' } })).toEqual({
      ok: true,
      economics: stored,
    });
  });
});
