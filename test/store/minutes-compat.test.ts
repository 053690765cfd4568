import { Sitting } from '../../src/domain/meetings/sitting';
import { Store, openStore } from '../../src/store/open-store';

/**
 * A relevé recorded before officers, times and votes were kept still reads, as it was; one with
 * them reads back whole (h52).
 */
let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'minutes-compat', snapshotFile: null });
});
afterAll(() => store.close());

const held = (id: string, minutes: Sitting['minutes']): Sitting => ({
  id,
  centraleId: 'metropole-de-lyon',
  instanceId: 'copil',
  instanceName: 'COPIL',
  startsAt: '2026-12-10T08:30:00.000Z',
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
  memberKeys: ['t:a', 't:b'],
  organiserKey: 't:a',
  status: 'tenue',
  version: 1,
  history: [],
  convokedAt: '2026-12-01T08:30:00.000Z',
  secondOf: null,
  minutes,
});
const old = {
  attendance: [
    { personKey: 't:a', choice: 'present' as const, proxyHolderKey: null },
    { personKey: 't:b', choice: 'pouvoir' as const, proxyHolderKey: 't:a' },
  ],
  decisions: [{ item: 'Programmation', decision: 'Adopté' }],
  counted: 1,
  required: 2,
  quorumReached: false,
  recordedAt: '2026-12-10T12:00:00.000Z',
  recordedBy: 't:a',
};

it('reads an old relevé as it was, and a new one with its officers, times, movements and votes', async () => {
  await store.meetings.create(held('s-old', old));
  expect((await store.meetings.get('s-old'))!.minutes).toEqual(old);
  const now = {
    ...old,
    attendance: [{ ...old.attendance[0]!, arrivedAt: '2026-12-10T09:15:00.000Z' }, old.attendance[1]!],
    decisions: [
      {
        item: 'Programmation',
        decision: 'Adopté',
        vote: {
          kind: 'named' as const,
          pour: 1,
          contre: 1,
          abstention: 0,
          nppv: 0,
          positions: [
            { personKey: 't:a', position: 'pour' as const },
            { personKey: 't:b', position: 'contre' as const },
          ],
        },
        result: 'adopte' as const,
      },
    ],
    president: 't:a',
    secretary: 't:a',
    openedAt: '2026-12-10T08:40:00.000Z',
    closedAt: '2026-12-10T23:10:00.000Z',
  };
  await store.meetings.create(held('s-new', now));
  expect((await store.meetings.get('s-new'))!.minutes).toEqual(now);
});
