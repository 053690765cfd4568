import { readFileSync } from 'fs';
import path from 'path';
import { governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { Person } from '../../src/domain/governance';
import { CosmosRequest } from '../../src/store/embedded-cosmos';
import { REFERENCE_STALE_MS } from '../../src/store/reference-cache';
import { Store, openStore } from '../../src/store/open-store';

/**
 * The reference data every turn reads (the centrale, its instances, adhérents and people, the
 * person → centrale and conversation → instance lookups) is kept in memory between turns: a
 * write of this process is seen at once, a write of another process on the same database after
 * REFERENCE_STALE_MS at most (here the bound is crossed with an injected clock, not waited for).
 */
let store: Store;
let other: Store;
let now = 0;
const seen: CosmosRequest[] = [];
const C = 'metropole-de-lyon';
const person = (key: string, roles: Person['roles']): Person => ({
  key,
  centraleId: C,
  tenantId: 't',
  aadObjectId: key,
  teamsUserId: null,
  displayName: `Personne ${key}`,
  email: null,
  roles,
  memberId: null,
});

beforeAll(async () => {
  store = await openStore({
    kind: 'embedded',
    databaseId: 'cache-test',
    snapshotFile: null,
    referenceClock: () => now,
  });
  store.embedded!.onRequest((r) => seen.push(r));
  // Another process on the same database: its own client, its own memory.
  other = await openStore({
    kind: 'cosmos',
    databaseId: 'cache-test',
    target: { kind: 'embedded', endpoint: store.embedded!.endpoint, key: store.embedded!.key },
  });
  const seed = governanceSeedSchema.parse(
    JSON.parse(readFileSync(path.join(__dirname, '../../data/governance/metropole-de-lyon.json'), 'utf8')),
  );
  await loadGovernance({ governance: other.governance }, seed);
  await other.governance.upsertPerson(person('p1', ['referent']));
});
afterAll(async () => {
  await other.close();
  await store.close();
});

const requestsDuring = async (what: () => Promise<unknown>) => {
  const from = seen.length;
  await what();
  return seen.length - from;
};

it('reads a person, their centrales, the centrale and its lists once, then from memory', async () => {
  const turn = () =>
    Promise.all([
      store.directory.centralesOf('p1'),
      store.governance.getPerson(C, 'p1'),
      store.governance.getCentrale(C),
      store.governance.listInstances(C),
      store.governance.listPeople(C),
      store.governance.listMembers(C),
    ]);
  expect(await requestsDuring(turn)).toBeGreaterThan(0);
  now += REFERENCE_STALE_MS / 2;
  expect(await requestsDuring(turn)).toBe(0);
  expect((await store.governance.getPerson(C, 'p1'))?.roles).toEqual(['referent']);
});

it('sees its own write at once', async () => {
  await store.governance.getPerson(C, 'p1');
  await store.governance.upsertPerson(person('p1', ['referent']), (p) => ({ ...p, roles: ['coordinateur'] }));
  expect((await store.governance.getPerson(C, 'p1'))?.roles).toEqual(['coordinateur']);
  expect((await store.governance.listPeople(C)).map((p) => p.roles)).toEqual([['coordinateur']]);
  await store.directory.bindConversation('19:canal', { centraleId: C, instanceId: 'copil' });
  expect(await store.directory.instanceOfConversation('19:canal')).toEqual({ centraleId: C, instanceId: 'copil' });
});

it("sees another process's write once the staleness bound has passed, not before", async () => {
  expect((await store.governance.getPerson(C, 'p1'))?.roles).toEqual(['coordinateur']);
  expect(await store.directory.centralesOf('p2')).toEqual([]);
  await other.governance.upsertPerson(person('p1', ['referent']), (p) => ({ ...p, roles: ['administrateur'] }));
  await other.governance.upsertPerson(person('p2', ['referent']));
  now += REFERENCE_STALE_MS - 1;
  expect((await store.governance.getPerson(C, 'p1'))?.roles).toEqual(['coordinateur']);
  now += 1;
  expect((await store.governance.getPerson(C, 'p1'))?.roles).toEqual(['administrateur']);
  expect(await store.directory.centralesOf('p2')).toEqual([C]);
});

it('hands out what it keeps frozen: a caller cannot change what the next turn reads', async () => {
  const people = await store.governance.listPeople(C);
  expect(() => (people as Person[]).push(person('p3', []))).toThrow(TypeError);
  expect(() => {
    (people[0] as { roles: string[] }).roles.push('administrateur');
  }).toThrow(TypeError);
});
