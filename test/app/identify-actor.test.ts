import { identifyActor } from '../../src/app/identify-actor';
import { fromSeed, governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { personKey } from '../../src/domain/identity';
import { Store, openStore } from '../../src/store/open-store';
import seedJson from '../../data/governance/metropole-de-lyon.json';

let store: Store;
const lyon = governanceSeedSchema.parse(seedJson);
const pfra = governanceSeedSchema.parse({
  ...seedJson,
  centrale: {
    id: 'pfra-paca',
    name: 'Plateforme régionale des achats de l’État',
    networkLabel: 'Réseau PFRA',
    timeZone: 'Europe/Paris',
  },
});
const agent = { tenantId: 'etat', aadObjectId: 'agent-1', displayName: 'Agent de l’État' };
const elu = { tenantId: 'lyon', aadObjectId: 'elu-1', displayName: 'Élu de Lyon' };

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'identify', snapshotFile: null });
  await loadGovernance(store, lyon, [elu]);
  await loadGovernance(store, pfra, [agent]);
  await store.directory.bindConversation('19:pfra-channel', {
    centraleId: 'pfra-paca',
    instanceId: 'comite-de-pilotage',
  });
});
afterAll(() => store.close());

describe('which centrale a person acts for', () => {
  it('keeps several centrales apart in one deployment, each with its own administrators', async () => {
    expect((await identifyActor(store, elu)).centrale?.id).toBe('metropole-de-lyon');
    expect((await identifyActor(store, agent)).centrale?.id).toBe('pfra-paca');
    expect(await store.governance.getPerson('pfra-paca', personKey(elu.tenantId, elu.aadObjectId))).toBeNull();
    expect(fromSeed(pfra).instances.find((i) => i.id === 'copil-reseau')?.name).toBe('COPIL Réseau PFRA');
  });

  it('treats someone in a channel of another centrale as unregistered there', async () => {
    const there = await identifyActor(store, elu, '19:pfra-channel');
    expect(there.person).toBeNull();
    expect(there.centrale).toBeNull();
    expect((await identifyActor(store, agent, '19:pfra-channel')).centrale?.id).toBe('pfra-paca');
  });

  it('loads a seed again without duplicating or resetting anything', async () => {
    await store.governance.updateInstance('metropole-de-lyon', 'comite-de-pilotage', (i) => ({
      ...i,
      frequency: 'trimestrielle',
    }));
    expect(await loadGovernance(store, lyon, [elu])).toEqual({ centraleId: 'metropole-de-lyon', instancesAdded: 0 });
    expect((await store.governance.getInstance('metropole-de-lyon', 'comite-de-pilotage'))?.frequency).toBe(
      'trimestrielle',
    );
    expect(await store.governance.listInstances('metropole-de-lyon')).toHaveLength(8);
  });
});
