import { Actor } from '../../src/app/identify-actor';
import { disputeBilanView } from '../../src/app/disputes/queries';
import { disputeBilan } from '../../src/domain/disputes/bilan';
import { Category, Dispute, DisputeStatus, Severity } from '../../src/domain/disputes/dispute';
import { Contract, PurchaseFile } from '../../src/domain/disputes/registry';
import { CosmosRequest } from '../../src/store/embedded-cosmos';
import { Store, openStore } from '../../src/store/open-store';
import { aDispute } from '../support/disputes';

/**
 * The bilan after twenty years of disputes (issue 18): it reads each purchasing file's running
 * totals — one point read a file — never every dispute ever, cross-partition; the figures are
 * those of the bilan over all the disputes. Data written before totals existed (an older
 * snapshot) gives the same bilan: the totals are rebuilt once.
 */
const CENTRALE = 'metropole-de-lyon';
let store: Store;
const seen: CosmosRequest[] = [];
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'disputes-totals', snapshotFile: null });
  store.embedded!.onRequest((r) => seen.push(r));
});
afterAll(() => store.close());

const now = new Date('2026-11-20T08:00:00Z');
const clock = { now: () => now };
const actor = {
  identity: {},
  key: 'k',
  person: {
    key: 'k',
    centraleId: CENTRALE,
    tenantId: 't',
    aadObjectId: 'a',
    teamsUserId: null,
    displayName: 'Claire',
    email: null,
    roles: ['acheteur'],
    memberId: null,
  },
  centrale: null,
} as unknown as Actor;

const file = (id: string): PurchaseFile => ({
  id,
  centraleId: CENTRALE,
  title: id,
  segment: 's',
  coordinatorKey: 'k',
  committeeInstanceId: `co-${id}`,
  createdAt: '2006-01-01T00:00:00Z',
});
const contract = (id: string, fileId: string, supplier: string): Contract => ({
  id,
  centraleId: CENTRALE,
  number: id,
  title: `Marché ${id}`,
  supplier,
  lots: [],
  startDate: '2006-01-01',
  endDate: '2030-12-31',
  memberIds: ['villeurbanne'],
  fileId,
});
const contracts = [
  contract('ecoles', 'fournitures', 'Papeteries Réunies'),
  contract('bureaux', 'fournitures', 'Papeteries Réunies'),
  contract('repas', 'restauration', 'Cuisines du Rhône'),
];
/** The bilan lists the contracts by start date, then number. */
const shownOrder = [...contracts].sort((a, b) => a.number.localeCompare(b.number));
const CATS: Category[] = ['retard', 'qualite', 'facturation', 'autre'];
const SEVS: Severity[] = ['faible', 'moyenne', 'haute', 'critique'];
const hoursLater = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000).toISOString();

/** Twenty years of disputes in two files: most resolved, some still open, some lately resolved. */
function history(): Dispute[] {
  const out: Dispute[] = [];
  for (let i = 0; i < 240; i++) {
    const c = contracts[i % 3]!;
    // Twenty years, 2006 to 2025, then a few this year (some resolved lately, some open).
    const createdAt = new Date(
      i < 228
        ? Date.UTC(2006 + Math.floor(i / 12), i % 12, 1 + (i % 27), 8)
        : Date.UTC(2026, 7 + ((i - 228) % 4), 1 + (i % 10), 8),
    ).toISOString();
    const open = i % 7 === 0 && i > 200;
    const status: DisputeStatus = open ? (['nouveau', 'pris-en-charge', 'mise-en-demeure'] as const)[i % 3] : 'resolu';
    const takenAt = status === 'nouveau' ? null : hoursLater(createdAt, 1 + (i % 50));
    const resolvedAt = status === 'resolu' ? hoursLater(createdAt, 60 + (i % 400)) : null;
    out.push(
      aDispute({
        id: `d${i}`,
        ref: `LIT-${createdAt.slice(0, 4)}-${String(i).padStart(4, '0')}`,
        centraleId: CENTRALE,
        contractId: c.id,
        fileId: c.fileId,
        committeeInstanceId: `co-${c.fileId}`,
        category: CATS[i % 4]!,
        severity: SEVS[i % 4]!,
        status,
        takenAt,
        resolvedAt,
        createdAt,
        history: [{ at: resolvedAt ?? takenAt ?? createdAt, by: 'k', status, detail: '' }],
      }),
    );
  }
  return out;
}
const all = history();
const deps = () => ({ disputes: store.disputes, clock, disputeDelaysH: {} });
const crossPartitionQueries = (rs: CosmosRequest[]) => rs.filter((r) => r.query && !r.queryPlan && !r.partitionKey);

beforeAll(async () => {
  await store.disputes.createFile(file('fournitures'));
  await store.disputes.createFile(file('restauration'));
  for (const c of contracts) await store.disputes.saveContract(c);
  // Written as an older version did: disputes, no totals.
  for (const d of all) expect(await store.disputes.create(d)).toBe(true);
  // Another centrale's file of the same title shares the partition: never counted here.
  await store.disputes.create(aDispute({ id: 'ailleurs', centraleId: 'autre-centrale', fileId: 'fournitures' }));
});

it('gives, from data without totals, the bilan of every dispute (the totals rebuilt once)', async () => {
  const view = await disputeBilanView(deps(), actor);
  const expected = disputeBilan(all, shownOrder, now);
  expect(view.bilan).toEqual(expected);
  expect(expected.perContract.map((l) => l.total)).toEqual([80, 80, 80]);
  expect(view.bilan.perSupplier.map((l) => [l.key, l.total])).toEqual([
    ['Papeteries Réunies', 160],
    ['Cuisines du Rhône', 80],
  ]);
});

it('reads the bilan with no cross-partition query and a few requests, whatever the years of history', async () => {
  const fullFrom = seen.length;
  await store.disputes.listByCentrale(CENTRALE);
  const everyDisputeBytes = seen.slice(fullFrom).reduce((n, r) => n + r.bytes, 0);
  const from = seen.length;
  const view = await disputeBilanView(deps(), actor);
  const done = seen.slice(from);
  expect(view.bilan).toEqual(disputeBilan(all, shownOrder, now));
  expect(crossPartitionQueries(done)).toEqual([]);
  // The files and the contracts (one query each, in the registry's partition), one read a file.
  expect(done.filter((r) => !r.queryPlan)).toHaveLength(2 + 2);
  expect(done.reduce((n, r) => n + r.bytes, 0)).toBeLessThan(everyDisputeBytes / 4);
});

it('counts two disputes reported at once in one file (+2, no lost update)', async () => {
  const before = await store.disputes.fileTotals('fournitures', CENTRALE, now);
  const fresh = (id: string) =>
    aDispute({
      id,
      ref: `LIT-2026-${id}`,
      centraleId: CENTRALE,
      contractId: 'ecoles',
      fileId: 'fournitures',
      committeeInstanceId: 'co-fournitures',
      createdAt: now.toISOString(),
      history: [{ at: now.toISOString(), by: 'k', status: 'nouveau', detail: 'Signalé' }],
    });
  const report = async (d: Dispute) => {
    await store.disputes.create(d);
    await store.disputes.recordInTotals(d, null, now);
  };
  await Promise.all([report(fresh('x1')), report(fresh('x2')), report(fresh('x3'))]);
  const after = await store.disputes.fileTotals('fournitures', CENTRALE, now);
  expect(after.entries.length - before.entries.length).toBe(3);
  // Recorded again (a resend of the same form): nothing changes.
  await store.disputes.recordInTotals(fresh('x1'), null, now);
  expect(await store.disputes.fileTotals('fournitures', CENTRALE, now)).toEqual(after);
  const view = await disputeBilanView(deps(), actor);
  expect(view.summary.total).toBe(all.length + 3);
  expect(view.bilan).toEqual(disputeBilan(await store.disputes.listByCentrale(CENTRALE), shownOrder, now));
});

it('follows a dispute resolved years ago and reopened, then resolved again', async () => {
  const old = all.find((d) => d.fileId === 'restauration' && d.createdAt.startsWith('2010'))!;
  const reopen = (d: Dispute): Dispute => ({
    ...d,
    status: 'pris-en-charge',
    resolvedAt: null,
    history: [...d.history, { at: now.toISOString(), by: 'k', status: 'pris-en-charge', detail: 'Rouvert' }],
  });
  const reopened = await store.disputes.update(old.fileId, old.id, reopen);
  await Promise.all([
    store.disputes.recordInTotals(reopened, old, now),
    store.disputes.recordInTotals(reopened, old, now), // the same write counted twice: once
  ]);
  let stored = await store.disputes.listByCentrale(CENTRALE);
  expect((await disputeBilanView(deps(), actor)).bilan).toEqual(disputeBilan(stored, shownOrder, now));
  const resolved = await store.disputes.update(old.fileId, old.id, (d) => ({
    ...d,
    status: 'resolu',
    resolvedAt: now.toISOString(),
    history: [...d.history, { at: now.toISOString(), by: 'k', status: 'resolu', detail: 'Résolu' }],
  }));
  await store.disputes.recordInTotals(resolved, reopened, now);
  // The older state counted late (two handlings landing out of order) does not undo it.
  await store.disputes.recordInTotals(reopened, old, now);
  stored = await store.disputes.listByCentrale(CENTRALE);
  const view = await disputeBilanView(deps(), actor);
  expect(view.bilan).toEqual(disputeBilan(stored, shownOrder, now));
  expect(view.summary.resolved).toBe(stored.filter((d) => d.status === 'resolu').length);
});

it('stays bounded: a year later, what was resolved lately is folded into the sums', async () => {
  const later = new Date(now.getTime() + 365 * 86_400_000);
  const t = await store.disputes.fileTotals('fournitures', CENTRALE, later);
  const open = (await store.disputes.listByCentrale(CENTRALE)).filter(
    (d) => d.fileId === 'fournitures' && d.status !== 'resolu',
  );
  // Recording anything folds the old entries: only open disputes stay one by one.
  await store.disputes.recordInTotals(open[0]!, open[0]!, later);
  const folded = await store.disputes.fileTotals('fournitures', CENTRALE, later);
  expect(folded.entries.map((e) => e.id).sort()).toEqual(open.map((d) => d.id).sort());
  expect(t.entries.length).toBeGreaterThan(folded.entries.length);
  const stored = await store.disputes.listByCentrale(CENTRALE);
  expect((await disputeBilanView({ ...deps(), clock: { now: () => later } }, actor)).bilan).toEqual(
    disputeBilan(stored, shownOrder, later),
  );
});
