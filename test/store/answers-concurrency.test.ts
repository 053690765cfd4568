import { Answer, SittingForAnswers, giveAnswer } from '../../src/domain/meetings/attendance';
import { DomainError } from '../../src/domain/errors';
import { Store, openStore } from '../../src/store/open-store';

/**
 * The answers of a sitting under concurrency (issue 18): one document per member, so that many
 * members answering at once never contend, and the proxy rules that span members kept exactly —
 * two proxies at once to a holder who may carry one admit one, and a proxy never stands on a
 * holder who left at the same moment. Through the real SDK on the embedded server.
 */
let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'answers-concurrency', snapshotFile: null });
});
afterAll(() => store.close());

const members = (n: number) => Array.from({ length: n }, (_, i) => `t:m${i}`);
const sittingFor = (id: string, memberKeys: string[], maxProxiesPerHolder = 1): SittingForAnswers => ({
  id,
  startsAt: new Date(Date.now() + 10 * 86_400_000),
  cancelled: false,
  memberKeys,
  rules: {
    remoteAllowed: true,
    proxiesAllowed: true,
    maxProxiesPerHolder,
    maxProxySittings: 1,
    quorum: { kind: 'majorite-des-membres' } as never,
  },
  nameOf: (k) => k,
});
const answerAs = (
  s: SittingForAnswers,
  personKey: string,
  choice: Answer['choice'],
  proxyHolderKey: string | null = null,
) =>
  store.meetings.answer(s.id, (current) => giveAnswer(s, current, { personKey, choice, proxyHolderKey }, new Date()));
const settle = <T>(ps: Array<Promise<T>>) => Promise.allSettled(ps);

it('200 members answering one sitting at the same moment all get their answer stored', async () => {
  const keys = members(200);
  const s = sittingFor('seance-200', keys);
  const results = await settle(keys.map((k, i) => answerAs(s, k, i % 3 === 0 ? 'absent' : 'present')));
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  const stored = await store.meetings.answersOf(s.id);
  expect(stored).toHaveLength(200);
  expect(new Set(stored.map((a) => a.personKey)).size).toBe(200);
});

it('two proxies given at once to a holder who may carry one: one is admitted, the other refused', async () => {
  for (let round = 0; round < 8; round++) {
    const [holder, a, b] = members(3);
    const s = sittingFor(`seance-deux-pouvoirs-${round}`, [holder!, a!, b!]);
    await answerAs(s, holder!, 'present');
    const results = await settle([answerAs(s, a!, 'pouvoir', holder), answerAs(s, b!, 'pouvoir', holder)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect(String(refused.reason.message)).toContain('porte déjà 1 pouvoir');
    const stored = await store.meetings.answersOf(s.id);
    expect(stored.filter((x) => x.choice === 'pouvoir' && x.proxyHolderKey === holder)).toHaveLength(1);
  }
});

it('a proxy given while its holder announces an absence: never both', async () => {
  for (let round = 0; round < 8; round++) {
    const [holder, giver] = members(2);
    const s = sittingFor(`seance-pouvoir-absence-${round}`, [holder!, giver!]);
    await answerAs(s, holder!, 'present');
    await settle([answerAs(s, giver!, 'pouvoir', holder), answerAs(s, holder!, 'absent')]);
    const stored = new Map((await store.meetings.answersOf(s.id)).map((x) => [x.personKey, x]));
    const holderLeft = stored.get(holder!)?.choice === 'absent';
    const proxyStands = stored.get(giver!)?.choice === 'pouvoir';
    expect(holderLeft && proxyStands).toBe(false);
  }
});

it('many proxies to many holders at once: each holder carries at most their limit', async () => {
  const keys = members(60);
  const holders = keys.slice(0, 10);
  const givers = keys.slice(10);
  const s = sittingFor('seance-pouvoirs', keys, 2);
  await Promise.all(holders.map((h) => answerAs(s, h, 'present')));
  await settle(givers.map((g, i) => answerAs(s, g, 'pouvoir', holders[i % holders.length])));
  const stored = await store.meetings.answersOf(s.id);
  for (const h of holders)
    expect(stored.filter((x) => x.choice === 'pouvoir' && x.proxyHolderKey === h).length).toBeLessThanOrEqual(2);
  // 50 givers, 10 holders of 2: 20 admitted, whatever the order.
  expect(stored.filter((x) => x.choice === 'pouvoir')).toHaveLength(20);
});

it('reads a sitting stored with all its answers in one document, and splits it once', async () => {
  const container = store.cosmos.container('meetings');
  const old: Answer[] = [
    { personKey: 't:ancien-1', choice: 'present', proxyHolderKey: null, answeredAt: '2026-01-01T08:00:00.000Z' },
    {
      personKey: 't:ancien-2',
      choice: 'pouvoir',
      proxyHolderKey: 't:ancien-1',
      answeredAt: '2026-01-01T09:00:00.000Z',
    },
  ];
  await container.items.create({ id: 'answers', pk: 'seance-ancienne', type: 'answers', data: { answers: old } });
  const read = await store.meetings.answersOf('seance-ancienne');
  expect(read.sort((x, y) => x.personKey.localeCompare(y.personKey))).toEqual(old);
  const { resources } = await container.items
    .query({ query: "SELECT c.id, c.type FROM c WHERE c.pk = 'seance-ancienne'" })
    .fetchAll();
  expect(resources.map((r) => r.type).sort()).toEqual(['answer', 'answer']);
});
