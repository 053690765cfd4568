import { ConsumptionReport } from '../../src/domain/bilan/consumption';
import { ContractEconomics } from '../../src/domain/bilan/economics';
import { ContractReviewInput } from '../../src/domain/bilan/indicators';
import { Contract } from '../../src/domain/disputes/registry';
import { parsePeriod } from '../../src/domain/bilan/periods';
import { aDispute } from './disputes';

/**
 * The bilan's hand-computed fixture: three contracts, five communes (m1…m5), two reporting
 * periods (2026-S1, 2026-S2). Every expected figure of test/domain/bilan/indicators.test.ts is
 * worked out by hand in the comments there, from these numbers.
 *
 * A — restauration, 3,00 €/repas in 2025, renewed for 2026 at 3,10 €; m1, m2 gave a baseline, m3 did not.
 * B — fournitures, 2,50 €/ramette, 2026–2027; nobody gave a baseline (« non calculable »).
 * C — nettoyage, a forfait of 90 000 € per year from 2026-07-01 to 2027-06-30; both gave one.
 */
const economics = (over: Partial<ContractEconomics>): ContractEconomics => ({
  unit: 'unité',
  unitPriceCents: null,
  awardedAnnualCents: null,
  renewals: [],
  sustainable: { environmental: false, social: false },
  forecasts: [],
  campaignId: null,
  ...over,
});

const contract = (over: Partial<Contract>): Contract => ({
  id: 'x',
  centraleId: 'c',
  number: '0',
  title: '',
  supplier: '',
  lots: [],
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  memberIds: [],
  fileId: 'f',
  ...over,
});

export const contractA = contract({
  id: 'A',
  number: '2025-001',
  title: 'Restauration scolaire',
  supplier: 'Cuisine du Midi',
  startDate: '2025-01-01',
  endDate: '2025-12-31',
  memberIds: ['m1', 'm2', 'm3'],
  economics: economics({
    unit: 'repas',
    unitPriceCents: 300,
    renewals: [{ to: '2026-12-31', unitPriceCents: 310, awardedAnnualCents: null }],
    forecasts: [
      {
        memberId: 'm1',
        annualQuantity: '10000',
        referenceAnnualCents: 3_500_000,
        referenceSupplier: 'Ancien',
        needId: null,
      },
      {
        memberId: 'm2',
        annualQuantity: '5000',
        referenceAnnualCents: 1_600_000,
        referenceSupplier: 'Ancien',
        needId: null,
      },
      { memberId: 'm3', annualQuantity: '2000', referenceAnnualCents: null, referenceSupplier: '', needId: null },
    ],
  }),
});

export const contractB = contract({
  id: 'B',
  number: '2026-002',
  title: 'Fournitures de bureau',
  supplier: 'Papeterie Martin',
  startDate: '2026-01-01',
  endDate: '2027-12-31',
  memberIds: ['m3', 'm4'],
  economics: economics({
    unit: 'ramette',
    unitPriceCents: 250,
    sustainable: { environmental: true, social: false },
    forecasts: [
      { memberId: 'm3', annualQuantity: '1000', referenceAnnualCents: null, referenceSupplier: '', needId: null },
      { memberId: 'm4', annualQuantity: '400', referenceAnnualCents: null, referenceSupplier: '', needId: null },
    ],
  }),
});

export const contractC = contract({
  id: 'C',
  number: '2026-003',
  title: 'Nettoyage des locaux',
  supplier: 'Propreté Services',
  startDate: '2026-07-01',
  endDate: '2027-06-30',
  memberIds: ['m4', 'm5'],
  economics: economics({
    unit: 'heure',
    awardedAnnualCents: 9_000_000,
    sustainable: { environmental: false, social: true },
    forecasts: [
      {
        memberId: 'm4',
        annualQuantity: '600',
        referenceAnnualCents: 5_500_000,
        referenceSupplier: 'Net+',
        needId: null,
      },
      {
        memberId: 'm5',
        annualQuantity: '400',
        referenceAnnualCents: 4_200_000,
        referenceSupplier: 'Net+',
        needId: null,
      },
    ],
  }),
});

const report = (contractId: string, period: string, lines: Array<[string, string, number]>): ConsumptionReport => {
  const p = parsePeriod(period)!;
  return {
    contractId,
    centraleId: 'c',
    periodKey: p.key,
    from: p.from,
    to: p.to,
    label: p.label,
    lines: lines.map(([memberId, quantity, amountCents]) => ({ memberId, quantity, amountCents })),
    importedAt: '2026-11-01T08:00:00Z',
    importedBy: 'k',
    source: 'rapport.csv',
  };
};

export const reports: ConsumptionReport[] = [
  report('A', '2026-S1', [
    ['m1', '4800', 1_488_000],
    ['m2', '2600', 806_000],
    ['m3', '0', 0],
  ]),
  report('A', '2026-S2', [
    ['m1', '5400', 1_674_000],
    ['m2', '2400', 744_000],
    ['m3', '1000', 310_000],
  ]),
  report('B', '2026-S1', [['m4', '300', 75_000]]),
];

export const disputesA = [
  aDispute({
    id: 'd1',
    contractId: 'A',
    category: 'retard',
    factsDate: '2026-02-03',
    createdAt: '2026-02-03T08:00:00Z',
  }),
  aDispute({
    id: 'd2',
    contractId: 'A',
    category: 'retard',
    factsDate: '2026-05-10',
    createdAt: '2026-05-10T08:00:00Z',
    takenAt: '2026-05-10T10:00:00Z',
    resolvedAt: '2026-05-12T08:00:00Z',
    status: 'resolu',
    penaltyCents: 50_000,
  }),
  aDispute({
    id: 'd3',
    contractId: 'A',
    category: 'qualite',
    factsDate: '2026-09-01',
    createdAt: '2026-09-01T08:00:00Z',
  }),
  // Facts in 2025: outside the 2026 window.
  aDispute({
    id: 'd4',
    contractId: 'A',
    category: 'qualite',
    factsDate: '2025-06-01',
    createdAt: '2025-06-01T08:00:00Z',
  }),
];

export const inputs = (): ContractReviewInput[] => [
  {
    contract: contractA,
    reports,
    disputes: disputesA,
    satisfaction: [{ ratings: [4, 5, 3, 4, 2, 4], answers: 4, threshold: 3 }],
  },
  { contract: contractB, reports, disputes: [], satisfaction: [{ ratings: [5, 5], answers: 2, threshold: 3 }] },
  { contract: contractC, reports, disputes: [], satisfaction: null },
];
