import { ConsumptionReport } from '../../src/domain/bilan/consumption';
import { Store, openStore } from '../../src/store/open-store';
import { contractA, reports } from '../support/bilan-fixture';
import { aDispute } from '../support/disputes';

/** The bilan's data through the real SDK on the embedded server: reports per period, disputes and surveys of a window. */
let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'consumption', snapshotFile: null });
});
afterAll(() => store.close());

const inCentrale = (centraleId: string, r: ConsumptionReport): ConsumptionReport => ({ ...r, centraleId });

describe('consumption reports', () => {
  it('keeps one report per contract and period: a corrected report replaces the first, others stay', async () => {
    await store.consumption.saveReports(reports.map((r) => inCentrale('c-store-1', r)));
    const corrected = {
      ...inCentrale('c-store-1', reports[0]!),
      lines: [{ memberId: 'm1', quantity: '4900', amountCents: 1_519_000 }],
    };
    await store.consumption.saveReports([corrected]);
    const all = await store.consumption.listReports('c-store-1');
    expect(all).toHaveLength(3);
    const s1 = all.find((r) => r.contractId === 'A' && r.periodKey === '2026-S1')!;
    expect(s1.lines).toEqual(corrected.lines);
    expect(all.find((r) => r.contractId === 'A' && r.periodKey === '2026-S2')!.lines).toHaveLength(3);
  });

  it('reads one contract, or the reports lying within a window, and nothing of another centrale', async () => {
    await store.consumption.saveReports(reports.map((r) => inCentrale('c-store-2', r)));
    await store.consumption.saveReports([
      inCentrale('c-store-3', {
        ...reports[2]!,
        periodKey: '2027',
        from: '2027-01-01',
        to: '2027-12-31',
        label: '2027',
      }),
    ]);
    expect((await store.consumption.listReports('c-store-2', { contractId: 'B' })).map((r) => r.periodKey)).toEqual([
      '2026-S1',
    ]);
    const s2 = await store.consumption.listReports('c-store-2', { from: '2026-07-01', to: '2026-12-31' });
    expect(s2.map((r) => `${r.contractId}:${r.periodKey}`)).toEqual(['A:2026-S2']);
    expect(await store.consumption.listReports('c-store-2', { from: '2027-01-01', to: '2027-12-31' })).toEqual([]);
    expect((await store.consumption.listReports('c-store-3')).map((r) => r.periodKey)).toEqual(['2027']);
  });
});

describe('what the bilan reads beside them', () => {
  it('a contract keeps its economics; a dispute its penalty; the disputes of a window by their facts', async () => {
    await store.disputes.saveContract({ ...contractA, centraleId: 'c-store-4' });
    const kept = await store.disputes.getContract('c-store-4', 'A');
    expect(kept?.economics).toEqual(contractA.economics);
    await store.disputes.create(
      aDispute({ id: 'p1', fileId: 'f-store-4', factsDate: '2026-03-01', penaltyCents: 12_500 }),
    );
    await store.disputes.create(aDispute({ id: 'p2', fileId: 'f-store-4', factsDate: '2025-12-31' }));
    const window = await store.disputes.listDisputes('f-store-4', { from: '2026-01-01', to: '2026-12-31' });
    expect(window.map((d) => [d.id, d.penaltyCents])).toEqual([['p1', 12_500]]);
    expect((await store.disputes.listDisputes('f-store-4')).map((d) => d.id).sort()).toEqual(['p1', 'p2']);
  });

  it('finds the surveys about a contract, and not the others or another centrale’s', async () => {
    const survey = (id: string, centraleId: string, contractId?: string | null) => ({
      id,
      centraleId,
      title: id,
      questions: ['Qualité'],
      targetMemberIds: ['m1'],
      deadline: '2026-12-31',
      createdBy: 'k',
      serviceUrl: null,
      createdAt: '2026-11-01T08:00:00Z',
      ...(contractId !== undefined ? { contractId } : {}),
    });
    await store.surveys.create(survey('s-a', 'c-store-5', 'A'));
    await store.surveys.create(survey('s-none', 'c-store-5', null));
    await store.surveys.create(survey('s-old', 'c-store-5'));
    await store.surveys.create(survey('s-other', 'c-store-6', 'A'));
    expect((await store.surveys.listAboutContracts('c-store-5')).map((s) => [s.id, s.contractId])).toEqual([
      ['s-a', 'A'],
    ]);
  });
});
