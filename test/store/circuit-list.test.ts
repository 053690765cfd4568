import { Circuit, newCircuit } from '../../src/domain/ballots/circuit';
import { Store, openStore } from '../../src/store/open-store';
import { CosmosCircuitRepository } from '../../src/store/ballot-repository';

/** A centrale's list of circuits, through the real SDK on the embedded server. */
let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'circuit-list', snapshotFile: null });
});
afterAll(() => store.close());

const circuit = (id: string, centraleId: string, day: number): Circuit =>
  newCircuit(
    {
      id,
      centraleId,
      subjectKind: 'programme',
      subject: `Sujet ${id}`,
      links: [],
      ownerKey: 'owner',
      voteDays: 5,
      stages: [{ instanceId: 'copil', instanceName: 'COPIL', kind: 'avis' }],
      serviceUrl: null,
      timeZone: 'Europe/Paris',
    },
    new Date(Date.UTC(2026, 0, 1) + day * 86_400_000),
  );

describe('a centrale’s circuits', () => {
  it('are read latest first, bounded, with every one in progress however old, and none of another centrale', async () => {
    await store.circuits.create(circuit('circuit-old-running', 'c-list', 0));
    for (let d = 1; d <= 25; d++) {
      await store.circuits.create(circuit(`circuit-f-${d}`, 'c-list', d));
      await store.circuits.update(`circuit-f-${d}`, (c) => ({ ...c, status: 'valide' }));
    }
    await store.circuits.create(circuit('circuit-other', 'c-other', 30));
    // Sent twice (a retried launch): listed once.
    expect(await store.circuits.create(circuit('circuit-f-25', 'c-list', 25))).toBe(false);

    const recent = await store.circuits.recentOf('c-list', 5);
    expect(recent.map((c) => c.id)).toEqual([
      'circuit-f-25',
      'circuit-f-24',
      'circuit-f-23',
      'circuit-f-22',
      'circuit-f-21',
      'circuit-old-running',
    ]);
    expect((await store.circuits.recentOf('c-other', 5)).map((c) => c.id)).toEqual(['circuit-other']);
    expect(await store.circuits.recentOf('c-none', 5)).toEqual([]);

    // Finished, the old one falls off the list once 20 newer finished ones are kept.
    await store.circuits.update('circuit-old-running', (c) => ({ ...c, status: 'rejete' }));
    const all = await store.circuits.recentOf('c-list', 50);
    expect(all).toHaveLength(20);
    expect(all.map((c) => c.id)).not.toContain('circuit-old-running');
  });

  it('lists, once at start-up, the circuits stored before the list existed', async () => {
    const legacy = circuit('circuit-legacy', 'c-legacy', 3);
    const container = store.cosmos.container('circuits');
    await container.items.create({ id: 'circuit', pk: legacy.id, type: 'circuit', data: legacy });
    expect(await store.circuits.recentOf('c-legacy', 5)).toEqual([]);
    const marker = 'migration:circuit-lists';
    await container.item(marker, marker).delete();
    await new CosmosCircuitRepository(store.cosmos).buildCircuitLists(new Date());
    expect((await store.circuits.recentOf('c-legacy', 5)).map((c) => c.id)).toEqual(['circuit-legacy']);
  });
});
