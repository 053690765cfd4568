import { Actor } from '../../src/app/identify-actor';
import { disputeBilanView, disputeFormData } from '../../src/app/disputes/queries';
import { disputeBilan } from '../../src/domain/disputes/bilan';
import { Category, Dispute } from '../../src/domain/disputes/dispute';
import { Contract } from '../../src/domain/disputes/registry';
import { CosmosRequest } from '../../src/store/embedded-cosmos';
import { Store, openStore } from '../../src/store/open-store';
import { aDispute } from '../support/disputes';

/**
 * Twenty years of contracts in one centrale (issue 18): four contracts a year, four years each,
 * each used by 60 communes. The bilan and the report form read the contracts in force (and, for
 * the bilan, those ended within the last year), never every contract ever, and the file's
 * running totals fold the sums of long-ended contracts into one: what they read does not grow
 * with the years. The figures are those of the domain's bilan over every dispute.
 */
let store: Store;
const seen: CosmosRequest[] = [];
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'disputes-years', snapshotFile: null });
  store.embedded!.onRequest((r) => seen.push(r));
});
afterAll(() => store.close());

const now = new Date('2026-11-20T08:00:00Z');
const communes = Array.from({ length: 60 }, (_, i) => `commune-${String(i + 1).padStart(2, '0')}`);
const CATS: Category[] = ['retard', 'qualite', 'facturation', 'autre'];
const DAY = 86_400_000;

const actorOf = (centraleId: string, memberId: string | null) =>
  ({
    identity: {},
    key: 'k',
    person: {
      key: 'k',
      centraleId,
      tenantId: 't',
      aadObjectId: 'a',
      teamsUserId: null,
      displayName: 'Claire',
      email: null,
      roles: memberId ? ['acheteur', 'referent'] : ['acheteur'],
      memberId,
    },
    centrale: null,
  }) as unknown as Actor;

/** `years` years of history up to 2026 in `centraleId`: contracts, disputes, and the totals as the app writes them. */
async function seed(centraleId: string, years: number): Promise<{ contracts: Contract[]; disputes: Dispute[] }> {
  const fileId = 'fournitures';
  await store.disputes.createFile({
    id: fileId,
    centraleId,
    title: 'Fournitures',
    segment: 's',
    coordinatorKey: 'k',
    committeeInstanceId: 'co',
    createdAt: `${2027 - years}-01-01T00:00:00Z`,
  });
  const contracts: Contract[] = [];
  const disputes: Dispute[] = [];
  for (let year = 2027 - years; year <= 2026; year++) {
    for (let m = 0; m < 4; m++) {
      const c: Contract = {
        id: `marche-${year}-${m + 1}`,
        centraleId,
        number: `${year}-M00${m + 1}`,
        title: `Segment ${m + 1} ${year}`,
        supplier: `Fournisseur ${m + 1}`,
        lots: ['Lot unique'],
        startDate: `${year}-01-01`,
        endDate: `${year + 3}-12-31`,
        memberIds: communes,
        fileId,
      };
      await store.disputes.saveContract(c);
      contracts.push(c);
    }
    for (let i = 0; i < 12; i++) {
      const c = contracts[contracts.length - 4 + (i % 4)]!;
      const created = Date.UTC(year, i, 3, 8);
      // This year's last two stay open; the others are resolved within the month.
      const open = year === 2026 && i >= 9;
      const taken = created + (1 + (i % 3)) * 3_600_000;
      const resolved = open ? null : created + (2 + i) * DAY;
      const d = aDispute({
        id: `${centraleId}-${year}-${i}`,
        ref: `LIT-${year}-${String(i + 1).padStart(4, '0')}`,
        centraleId,
        contractId: c.id,
        fileId,
        committeeInstanceId: 'co',
        memberId: communes[i]!,
        category: CATS[i % 4]!,
        severity: 'moyenne',
        status: open ? 'pris-en-charge' : 'resolu',
        takenAt: new Date(taken).toISOString(),
        resolvedAt: resolved === null ? null : new Date(resolved).toISOString(),
        createdAt: new Date(created).toISOString(),
        history: [
          {
            at: new Date(resolved ?? taken).toISOString(),
            by: 'k',
            status: open ? 'pris-en-charge' : 'resolu',
            detail: '',
          },
        ],
      });
      expect(await store.disputes.create(d)).toBe(true);
      // Counted as the app counts it, at the time of its last step.
      await store.disputes.recordInTotals(d, null, new Date(resolved ?? taken), {}, c.endDate);
      disputes.push(d);
    }
  }
  return { contracts, disputes };
}

const bytesOf = async (what: () => Promise<unknown>) => {
  const from = seen.length;
  await what();
  return seen.slice(from).reduce((n, r) => n + r.bytes, 0);
};
const deps = () => ({ disputes: store.disputes, clock: { now: () => now }, disputeDelaysH: {} });
/** In force on 20 November 2026, or ended within the year before it. */
const shown = (cs: Contract[]) => cs.filter((c) => c.endDate >= '2025-11-20');

let short: { contracts: Contract[]; disputes: Dispute[] };
let long: { contracts: Contract[]; disputes: Dispute[] };
beforeAll(async () => {
  short = await seed('cinq-ans', 5);
  long = await seed('vingt-ans', 20);
});

it('gives the bilan of the contracts in force or ended within the year, and counts every dispute ever', async () => {
  const view = await disputeBilanView(deps(), actorOf('vingt-ans', null));
  const expected = disputeBilan(long.disputes, shown(long.contracts), now);
  expect(view.bilan).toEqual(expected);
  // 2023 to 2026's contracts (those of 2022 ended on 31 December 2025, within the year).
  expect(view.bilan.perContract.map((l) => l.key)).toEqual(shown(long.contracts).map((c) => c.id));
  expect(view.bilan.perContract.map((l) => l.key)[0]).toBe('marche-2022-1');
  expect(view.summary.total).toBe(240);
  expect(view.summary.resolved).toBe(237);
  const five = await disputeBilanView(deps(), actorOf('cinq-ans', null));
  expect(five.bilan).toEqual(disputeBilan(short.disputes, shown(short.contracts), now));
  expect(five.summary.total).toBe(short.disputes.length);
});

it('reads as many bytes for the bilan after twenty years as after five', async () => {
  const fiveYears = await bytesOf(() => disputeBilanView(deps(), actorOf('cinq-ans', null)));
  const twentyYears = await bytesOf(() => disputeBilanView(deps(), actorOf('vingt-ans', null)));
  // The same 20 contracts shown, one file's totals: a few per cent apart, not four times.
  expect(twentyYears).toBeLessThan(fiveYears * 1.3);
});

it('reads as many bytes for the report form after twenty years as after five', async () => {
  const form = (c: string) => disputeFormData(deps(), actorOf(c, 'commune-01'));
  expect((await form('vingt-ans')).contracts.map((c) => c.id)).toEqual(
    long.contracts.filter((c) => c.endDate >= '2026-11-20').map((c) => c.id),
  );
  const fiveYears = await bytesOf(() => form('cinq-ans'));
  const twentyYears = await bytesOf(() => form('vingt-ans'));
  expect(twentyYears).toBeLessThan(fiveYears * 1.3);
});

it('keeps the file’s totals bounded: long-ended contracts folded into one sum', async () => {
  const doc = (c: string) => store.disputes.fileTotals('fournitures', c, now);
  const size = async (c: string) => JSON.stringify(await doc(c)).length;
  expect(Object.keys((await doc('vingt-ans')).folded).length).toBeLessThanOrEqual(20);
  expect(await size('vingt-ans')).toBeLessThan((await size('cinq-ans')) * 1.5);
});
