import { Dispute, similarTo, similarWindow } from '../../src/domain/disputes/dispute';
import { Store, openStore } from '../../src/store/open-store';
import { aDispute } from '../support/disputes';

/**
 * The committee card's « Signalements similaires » come from a bounded lookup: the file's
 * partition, the same contract and category, 30 days either side — never every dispute of the
 * centrale (issue 18: 20 years of disputes read at each report).
 */
let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'disputes-similar', snapshotFile: null });
});
afterAll(() => store.close());

const dispute = (id: string, over: Partial<Dispute>): Dispute =>
  aDispute({
    id,
    ref: `LIT-2026-${id}`,
    centraleId: 'metropole-de-lyon',
    contractId: 'c-ecoles',
    fileId: 'dossier-a',
    createdAt: '2026-05-10T08:00:00.000Z',
    ...over,
  });

it('finds the reports of the same contract and category within 30 days, in the file’s partition only', async () => {
  const d = dispute('0010', {});
  const all = [
    d,
    dispute('0001', { createdAt: '2026-04-12T08:00:00.000Z' }), // 28 days before: similar
    dispute('0002', { createdAt: '2026-06-08T08:00:00.000Z' }), // 29 days after: similar
    dispute('0003', { createdAt: '2026-04-01T08:00:00.000Z' }), // 39 days before: not
    dispute('0004', { category: 'qualite' }),
    dispute('0005', { contractId: 'c-autre' }),
    dispute('0006', { fileId: 'dossier-b', contractId: 'c-ecoles' }), // another file's partition
    dispute('0007', { createdAt: '2016-05-10T08:00:00.000Z' }), // ten years before
  ];
  for (const x of all) expect(await store.disputes.create(x)).toBe(true);
  const { from, to } = similarWindow(d);
  const found = await store.disputes.similarCandidates(d.fileId, d.contractId, d.category, from, to);
  expect(found.map((x) => x.id).sort()).toEqual(['0001', '0002', '0010']);
  expect(
    similarTo(d, found)
      .map((x) => x.id)
      .sort(),
  ).toEqual(['0001', '0002']);
});
