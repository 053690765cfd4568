import { disputeBilan, isOverdue } from '../../../src/domain/disputes/bilan';
import { handle } from '../../../src/domain/disputes/dispute';
import { Contract } from '../../../src/domain/disputes/registry';
import { aDispute } from '../../support/disputes';

const contract = (id: string, supplier: string): Contract => ({
  id,
  centraleId: 'c',
  number: id,
  title: `Marché ${id}`,
  supplier,
  lots: [],
  startDate: '2026-01-01',
  endDate: '2027-12-31',
  memberIds: ['m'],
  fileId: 'f',
});
const dispute = aDispute;

describe('the disputes bilan (hand-computed fixture)', () => {
  const now = new Date('2026-11-20T08:00:00Z');
  const disputes = [
    // A, supplier X: taken after 2 h, resolved after 50 h
    dispute({
      id: '1',
      contractId: 'A',
      category: 'retard',
      status: 'resolu',
      takenAt: '2026-11-01T10:00:00Z',
      resolvedAt: '2026-11-03T10:00:00Z',
    }),
    // A, supplier X: taken after 6 h, still open (moyenne: 72 h to take charge, 30 d to resolve: not overdue)
    dispute({
      id: '2',
      contractId: 'A',
      category: 'qualite',
      status: 'pris-en-charge',
      takenAt: '2026-11-01T14:00:00Z',
    }),
    // B, supplier X: critical, never taken in charge (4 h allowed): overdue
    dispute({ id: '3', contractId: 'B', category: 'retard', severity: 'critique' }),
    // C, supplier Y: low severity, resolved after 10 h
    dispute({
      id: '4',
      contractId: 'C',
      category: 'facturation',
      severity: 'faible',
      status: 'resolu',
      takenAt: '2026-11-01T09:00:00Z',
      resolvedAt: '2026-11-01T18:00:00Z',
    }),
  ];
  const b = disputeBilan(
    disputes,
    [contract('A', 'X'), contract('B', 'X'), contract('C', 'Y'), contract('D', 'Z')],
    now,
  );

  it('per contract: counts by category and status, mean delays, overdue', () => {
    expect(b.perContract.map((l) => l.key)).toEqual(['A', 'B', 'C']); // D has none
    expect(b.perContract[0]).toMatchObject({
      total: 2,
      byCategory: { retard: 1, qualite: 1 },
      byStatus: { resolu: 1, 'pris-en-charge': 1 },
      meanTakeChargeH: 4,
      meanResolveH: 50,
      overdue: 0,
    });
    expect(b.perContract[1]).toMatchObject({ total: 1, meanTakeChargeH: null, meanResolveH: null, overdue: 1 });
    expect(b.perContract[2]).toMatchObject({ total: 1, meanTakeChargeH: 1, meanResolveH: 10, overdue: 0 });
  });

  it('per supplier', () => {
    expect(b.perSupplier.map((l) => [l.key, l.total, l.meanTakeChargeH, l.meanResolveH, l.overdue])).toEqual([
      ['X', 3, 4, 50, 1],
      ['Y', 1, 1, 10, 0],
    ]);
  });

  it('counts as overdue a dispute resolved later than its severity allows', () => {
    expect(
      isOverdue(
        dispute({
          severity: 'critique',
          takenAt: '2026-11-01T09:00:00Z',
          resolvedAt: '2026-11-05T08:00:00Z',
          status: 'resolu',
        }),
        now,
      ),
    ).toBe(true);
  });
});

describe('handling steps', () => {
  const now = new Date('2026-11-02T08:00:00Z');
  it('opens the penalty procedure with the 15-day contradictory deadline, and refuses steps once resolved', () => {
    const { dispute: d } = handle(dispute({}), { kind: 'mettre-en-demeure', text: 'Retard' }, 'u', now, 'Europe/Paris');
    expect(d).toMatchObject({
      status: 'mise-en-demeure',
      contradictoryDeadline: '2026-11-17',
      takenAt: now.toISOString(),
    });
    const resolved = handle(d, { kind: 'resoudre', text: 'Livré' }, 'u', now, 'Europe/Paris').dispute;
    expect(() => handle(resolved, { kind: 'action', text: 'x' }, 'u', now, 'Europe/Paris')).toThrow(/rouvrez-le/);
    expect(
      handle(resolved, { kind: 'rouvrir', text: 'De nouveau en retard' }, 'u', now, 'Europe/Paris').dispute.status,
    ).toBe('pris-en-charge');
  });
});
