import { outboxLease } from '../../src/app/delivery/dispatcher';
import { OutboxEntry } from '../../src/app/delivery/ports';
import { Job, jobLease } from '../../src/app/scheduler';
import { LeaseFields } from '../../src/app/work-queue';
import { Lease, NEVER, isClaimable } from '../../src/domain/work/lease';
import { Store, openStore } from '../../src/store/open-store';

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'leased-scan', snapshotFile: null });
});
afterAll(() => store.close());

const NOW = 5_000_000;
/** One lease of each kind the queue meets, around `NOW`. */
const LEASES: Record<string, Lease> = {
  'due-now': { state: 'waiting', dueAt: NOW, attempts: 0, claimedBy: null, leaseUntil: null },
  'due-earlier': { state: 'waiting', dueAt: NOW - 60_000, attempts: 2, claimedBy: null, leaseUntil: null },
  'due-later': { state: 'waiting', dueAt: NOW + 1, attempts: 1, claimedBy: null, leaseUntil: null },
  'given-up': { state: 'waiting', dueAt: NEVER, attempts: 5, claimedBy: null, leaseUntil: null },
  'lease-running': { state: 'held', dueAt: NOW - 10, attempts: 1, claimedBy: 'a', leaseUntil: NOW },
  'lease-expired': { state: 'held', dueAt: NOW - 10, attempts: 1, claimedBy: 'a', leaseUntil: NOW - 1 },
  'lease-missing': { state: 'held', dueAt: NOW - 10, attempts: 1, claimedBy: 'a', leaseUntil: null },
};

const claimable = <T>(fields: LeaseFields<T>, items: T[], idOf: (t: T) => string) =>
  items
    .filter((i) => isClaimable(fields.read(i), NOW))
    .map(idOf)
    .sort();

describe('the due-scans of the stores', () => {
  it('the jobs scan finds exactly the jobs the domain calls claimable, due first', async () => {
    const jobs = Object.entries(LEASES).map(([id, lease]) =>
      jobLease.write(
        {
          id,
          type: 't',
          payload: {},
          lastError: null,
          dueAt: 0,
          state: 'pending',
          attempts: 0,
          claimedBy: null,
          leaseUntil: null,
        } satisfies Job,
        lease,
        NOW,
      ),
    );
    for (const j of jobs) await store.jobs.create(j);
    const found = (await store.jobs.due(NOW, 50)).map((c) => c.job.id);
    expect([...found].sort()).toEqual(claimable(jobLease, jobs, (j) => j.id));
    expect(found).toEqual(['due-earlier', 'lease-expired', 'due-now']);
  });

  it('the outbox scan finds exactly the entries the domain calls claimable', async () => {
    const entries = Object.entries(LEASES).map(([id, lease]) =>
      outboxLease.write(
        {
          id,
          noticeId: 'scan',
          kind: 'post',
          recipient: { kind: 'conversation', conversationId: `19:${id}`, tenantId: 't', label: id },
          payload: null,
          activityId: null,
          version: 1,
          state: 'queued',
          attempts: 0,
          lastStatus: null,
          lastReason: null,
          notBefore: 0,
          leaseUntil: null,
          claimedBy: null,
          createdAt: new Date(NOW).toISOString(),
          updatedAt: new Date(NOW).toISOString(),
        } satisfies OutboxEntry,
        lease,
        NOW,
      ),
    );
    for (const e of entries) await store.outbox.enqueue(e);
    const found = (await store.outbox.due(NOW, 50)).map((c) => c.entry.id).sort();
    expect(found).toEqual(claimable(outboxLease, entries, (e) => e.id));
    expect(found).toEqual(['due-earlier', 'due-now', 'lease-expired']);
  });

  it('a lease written and read back through each item is the lease it was given', () => {
    for (const lease of Object.values(LEASES)) {
      const job = jobLease.write(
        {
          id: 'j',
          type: 't',
          payload: {},
          lastError: null,
          dueAt: 0,
          state: 'pending',
          attempts: 0,
          claimedBy: null,
          leaseUntil: null,
        },
        lease,
        NOW,
      );
      expect(jobLease.read(job)).toEqual(lease);
      const entry = outboxLease.write(
        { ...({} as OutboxEntry), state: 'queued', notBefore: 0, attempts: 0, claimedBy: null, leaseUntil: null },
        lease,
        NOW,
      );
      expect(outboxLease.read(entry)).toEqual(lease);
    }
  });
});
