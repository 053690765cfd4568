import { Sitting } from '../../src/domain/meetings/sitting';
import { CosmosRequest } from '../../src/store/embedded-cosmos';
import { Store, openStore } from '../../src/store/open-store';
import { CosmosMeetingRepository } from '../../src/store/meeting-repository';

/**
 * « Mes convocations » from a per-person index (issue 18): one point read of the person's index,
 * then one a sitting — never a query across every sitting's partition. The index follows the
 * sitting (convened, members or date changed), drops sittings long past, and sittings stored
 * before it existed are indexed once, at start-up.
 */
let store: Store;
const seen: CosmosRequest[] = [];
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'upcoming-index', snapshotFile: null });
  store.embedded!.onRequest((r) => seen.push(r));
});
afterAll(() => store.close());

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const aSitting = (id: string, memberKeys: string[], startsAt = inDays(10)): Sitting => ({
  id,
  centraleId: 'metropole-de-lyon',
  instanceId: 'copil',
  instanceName: 'COPIL',
  startsAt,
  timeZone: 'Europe/Paris',
  mode: 'presentiel',
  place: 'Salle du conseil',
  onlineLink: '',
  agenda: [{ title: 'Programmation', rapporteur: '', links: [] }],
  note: '',
  remoteAllowed: false,
  proxiesAllowed: true,
  maxProxiesPerHolder: 1,
  maxProxySittings: 1,
  quorum: { kind: 'majorite-des-membres', countsRepresented: true },
  urgencyReason: null,
  joursFrancs: 5,
  memberKeys,
  organiserKey: 't:org',
  status: 'convoquee',
  version: 1,
  history: [],
  convokedAt: new Date().toISOString(),
  secondOf: null,
});
const upcoming = async (key: string) =>
  (await store.meetings.upcomingFor('metropole-de-lyon', key, new Date())).map((s) => s.id);

it('lists a person’s sittings to come with point reads only', async () => {
  await store.meetings.create(aSitting('s-b', ['t:amina', 't:jean'], inDays(20)));
  await store.meetings.create(aSitting('s-a', ['t:amina'], inDays(5)));
  await store.meetings.create(aSitting('s-past', ['t:amina'], inDays(-30)));
  const from = seen.length;
  expect(await upcoming('t:amina')).toEqual(['s-a', 's-b']);
  const done = seen.slice(from);
  expect(done.filter((r) => r.query || r.queryPlan)).toEqual([]);
  expect(done).toHaveLength(1 + 2);
  expect(await upcoming('t:jean')).toEqual(['s-b']);
  expect(await upcoming('t:nobody')).toEqual([]);
});

it('follows the members and the date of a sitting, and prunes sittings long past', async () => {
  await store.meetings.update('s-b', (s) => ({ ...s, memberKeys: ['t:amina', 't:luc'], startsAt: inDays(3) }));
  expect(await upcoming('t:jean')).toEqual([]);
  expect(await upcoming('t:luc')).toEqual(['s-b']);
  expect(await upcoming('t:amina')).toEqual(['s-b', 's-a']);
  const index = await store.cosmos
    .container('directory')
    .item('upcoming:t:amina:metropole-de-lyon', 'upcoming:t:amina:metropole-de-lyon')
    .read();
  expect(index.resource.data.entries.map((e: { id: string }) => e.id).sort()).toEqual(['s-a', 's-b']);
});

it('keeps both of two sittings convened at once to the same person', async () => {
  await Promise.all([
    store.meetings.create(aSitting('s-x', ['t:sophie'])),
    store.meetings.create(aSitting('s-y', ['t:sophie'], inDays(11))),
  ]);
  expect(await upcoming('t:sophie')).toEqual(['s-x', 's-y']);
});

it('indexes once, at start-up, the sittings stored before the index existed', async () => {
  const legacy = aSitting('s-legacy', ['t:claire'], inDays(7));
  await store.cosmos
    .container('meetings')
    .items.create({ id: 'sitting', pk: legacy.id, type: 'sitting', data: legacy });
  await store.cosmos.container('directory').item('migration:upcoming-index', 'migration:upcoming-index').delete();
  expect(await upcoming('t:claire')).toEqual([]);
  await store.meetings.buildUpcomingIndex(new Date());
  expect(await upcoming('t:claire')).toEqual(['s-legacy']);
  // Once: a second start-up does not look again.
  const from = seen.length;
  await store.meetings.buildUpcomingIndex(new Date());
  expect(seen.slice(from).filter((r) => r.query)).toEqual([]);
});

it('lists an instance’s sittings to come, recent and its last five held, with point reads only', async () => {
  const old = [-400, -300, -250, -200, -150, -120, -100].map((d, i) => ({
    ...aSitting(`cd-${i}`, ['t:dg'], inDays(d)),
    instanceId: 'cd',
  }));
  for (const s of old) await store.meetings.create(s);
  await store.meetings.create({ ...aSitting('cd-next', ['t:dg'], inDays(15)), instanceId: 'cd' });
  const from = seen.length;
  const listed = await store.meetings.ofInstance('metropole-de-lyon', 'cd');
  expect(seen.slice(from).filter((r) => r.query || r.queryPlan)).toEqual([]);
  // The last five held whatever their age (the previous sitting a proxy run carries from), then the next.
  expect(listed.map((s) => s.id)).toEqual(['cd-2', 'cd-3', 'cd-4', 'cd-5', 'cd-6', 'cd-next']);
  expect(await store.meetings.ofInstance('metropole-de-lyon', 'copil')).toEqual(
    expect.arrayContaining([expect.objectContaining({ id: 's-past' })]),
  );
});

it('prunes by the bot’s clock, not the machine’s', async () => {
  // Seen from a clock a month ahead, a sitting in ten days is long past: its entry is not kept,
  // where the machine's clock keeps it (the tests fix the hour, so must the indexes).
  const ahead = new CosmosMeetingRepository(store.cosmos, () => new Date(Date.now() + 30 * 86_400_000));
  await ahead.create(aSitting('s-clock', ['t:marc']));
  expect(await upcoming('t:marc')).toEqual([]);
  await store.meetings.create(aSitting('s-clock-2', ['t:marc']));
  expect(await upcoming('t:marc')).toEqual(['s-clock-2']);
});
