import { Dispatcher } from '../../src/app/delivery/dispatcher';
import { enqueueCardUpdate, enqueueNotice, updatePostedCard } from '../../src/app/delivery/enqueue';
import { OutboxStore } from '../../src/app/delivery/ports';
import { Recipient } from '../../src/domain/delivery/delivery';
import { Store, openStore } from '../../src/store/open-store';
import { ConnectorSender } from '../../src/teams/framework/connector-sender';
import { quietLogger } from '../support/bot-harness';
import { FakeConnector } from '../support/fake-connector';

let store: Store;
let connector: FakeConnector;
const clock = { now: () => new Date() };
const sender = () => new ConnectorSender({ credentials: null, botId: '28:bot' });
const dispatcher = (instanceId: string, extra: Partial<ConstructorParameters<typeof Dispatcher>[1]> = {}) =>
  new Dispatcher(
    { outbox: store.outbox, sender: sender(), conversations: store.conversations, clock, log: quietLogger() },
    { instanceId, pollMs: 20, heartbeatMs: 100_000, ...extra },
  );

/** `n` people, each with a 1:1 chat the bot knows, spread over `tenants` tenants. */
async function people(prefix: string, n: number, tenants = 1): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for (let i = 0; i < n; i++) {
    const tenantId = `tenant-${i % tenants}`;
    const personKey = `${tenantId}:${prefix}-${i}`;
    await store.conversations.saveForPerson(personKey, {
      serviceUrl: connector.url,
      conversation: { id: `a:${prefix}-${i}` },
      bot: { id: '28:bot' },
      user: { id: `29:${prefix}-${i}` },
    });
    out.push({ kind: 'person', personKey, tenantId, teamsUserId: `29:${prefix}-${i}`, label: `Personne ${i}` });
  }
  return out;
}

const postsTo = (prefix: string) =>
  connector.calls.filter((c) => c.method === 'POST' && c.status < 300 && c.conversationId.startsWith(`a:${prefix}-`));
const perConversation = (prefix: string) => {
  const counts = new Map<string, number>();
  for (const c of postsTo(prefix)) counts.set(c.conversationId, (counts.get(c.conversationId) ?? 0) + 1);
  return counts;
};
const payload = { text: 'Convocation' };

/** A notice of the test centrale to `recipients`, all with `body` (the notice's payload). */
const noticeOf = (
  noticeId: string,
  recipients: Array<{ recipient: Recipient }>,
  body: Record<string, unknown> = payload,
) => ({
  noticeId,
  centraleId: 'c',
  senderKey: null,
  title: 'T',
  payload: body,
  serviceUrl: connector.url,
  recipients,
});

/** The outbox, with its record writes (`complete`) and conditional replaces (claims, lease renewals) failing on demand. */
function flaky(outbox: OutboxStore) {
  const failing = { complete: false, replace: false };
  const wrapped = new Proxy(outbox, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if ((name === 'complete' && failing.complete) || (name === 'replace' && failing.replace))
          throw new Error('database frozen');
        return value.apply(target, args);
      };
    },
  });
  return { outbox: wrapped, failing };
}

async function enqueueOne(noticeId: string, recipient: Recipient) {
  await enqueueNotice({ outbox: store.outbox, clock }, noticeOf(noticeId, [{ recipient }]));
}

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'dispatch', snapshotFile: null });
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await store.close();
  await connector.stop();
});
beforeEach(() => connector.reset());

describe('the dispatcher', () => {
  it('sends one person’s messages in the order they were queued, one at a time', async () => {
    // Six notices to one person, due together: the scan shuffles, the sends are concurrent
    // across people, yet this person reads them in order (a dispute « Résolu » never before
    // its « Mise en demeure »).
    const [amina] = await people('order', 1);
    let t = Date.now();
    const stepping = { now: () => new Date((t += 5)) };
    for (let i = 1; i <= 6; i++)
      await enqueueNotice(
        { outbox: store.outbox, clock: stepping },
        noticeOf(`order-${i}`, [{ recipient: amina! }], { text: `Message ${i}` }),
      );
    connector.latencyMs = 30;
    await dispatcher('order').drain();
    const texts = postsTo('order').map((c) => (c.body as { text?: string }).text);
    expect(texts).toEqual([1, 2, 3, 4, 5, 6].map((i) => `Message ${i}`));
  });

  it('tries a 503 again within its claim, not behind everything queued since, and counts the attempt', async () => {
    // 150 people of one tenant (3 s at Teams' 50 a second); the very first call fails.
    // Back in the outbox, its retry waited behind the 149 others and for the next scan: the
    // last message of the notice, a second and more after the rest.
    const recipients = (await people('inline', 150)).map((recipient) => ({ recipient }));
    let failed: string | null = null;
    connector.fault = (call) => {
      if (call.method !== 'POST' || !call.conversationId.startsWith('a:inline-') || failed) return undefined;
      failed = call.conversationId;
      return { status: 503, body: { error: { code: 'ServiceUnavailable' } } };
    };
    await enqueueNotice({ outbox: store.outbox, clock }, noticeOf('inline', recipients));
    await dispatcher('inline').drain();
    const order = postsTo('inline').map((c) => c.conversationId);
    expect(order).toHaveLength(150);
    expect(failed).not.toBeNull();
    expect(order.indexOf(failed!)).toBeLessThan(100);
    const record = (await store.outbox.records('inline')).find(
      (r) => r.recipient.kind === 'person' && `a:${r.recipient.personKey.split(':')[1]}` === failed,
    );
    expect(record).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('records every recipient before sending, and enqueueing again adds nothing', async () => {
    const recipients = (await people('idem', 3)).map((recipient) => ({ recipient }));
    const notice = noticeOf('idem', recipients);
    expect(await enqueueNotice({ outbox: store.outbox, clock }, notice)).toEqual({ enqueued: 3 });
    expect(await store.outbox.pending('idem')).toHaveLength(3);
    expect(connector.calls).toHaveLength(0);
    await dispatcher('solo').drain();
    expect(await enqueueNotice({ outbox: store.outbox, clock }, notice)).toEqual({ enqueued: 0 });
    await dispatcher('solo').drain();
    expect([...perConversation('idem').values()]).toEqual([1, 1, 1]);
    expect(await store.outbox.pending('idem')).toHaveLength(0);
    expect((await store.outbox.records('idem')).map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
  });

  it('queues each recipient once when the same notice is sent twice at once, and adds later only who it lacked', async () => {
    const all = (await people('double', 4)).map((recipient) => ({ recipient }));
    const notice = (recipients: typeof all) => noticeOf('double', recipients);
    // A double click: both requests queue the notice at the same moment, one of them first.
    const both = await Promise.all([
      enqueueNotice({ outbox: store.outbox, clock }, notice(all.slice(0, 3))),
      enqueueNotice({ outbox: store.outbox, clock }, notice(all.slice(0, 3))),
    ]);
    expect(both.map((r) => r.enqueued).sort()).toEqual([0, 3]);
    await dispatcher('solo').drain();
    // Sent again with one more recipient: only that one is queued, the three delivered are not.
    expect(await enqueueNotice({ outbox: store.outbox, clock }, notice(all))).toEqual({ enqueued: 1 });
    await dispatcher('solo').drain();
    expect([...perConversation('double').values()]).toEqual([1, 1, 1, 1]);
    expect(await store.outbox.records('double')).toHaveLength(4);
  });

  it('resends after a crash only what was in flight, once its lease has run out', async () => {
    const recipients = (await people('crash', 4)).map((recipient) => ({ recipient }));
    await enqueueNotice({ outbox: store.outbox, clock }, noticeOf('crash', recipients));
    // A process claims two entries, sends one, and dies before recording anything.
    const due = await store.outbox.due(Date.now(), 10);
    const now = Date.now();
    for (const c of due.slice(0, 2)) {
      await store.outbox.replace(c, {
        ...c.entry,
        state: 'sending',
        claimedBy: 'dead',
        leaseUntil: now + 300,
        attempts: 1,
      });
    }
    const first = due[0]!.entry.recipient as Extract<Recipient, { kind: 'person' }>;
    await sender().send(
      { serviceUrl: connector.url, conversation: { id: `a:${first.personKey.split(':')[1]}` } },
      payload,
    );
    // A new process finds the two others at once, and the two in flight after the lease.
    const revived = dispatcher('revived');
    revived.start();
    await connector.waitFor(() => postsTo('crash').length >= 4 + 1);
    await new Promise((r) => setTimeout(r, 500));
    await revived.stop();
    const counts = [...perConversation('crash').values()];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5); // 4 recipients + 1 sent just before the crash
    expect(Math.max(...counts)).toBe(2);
    expect(await store.outbox.pending('crash')).toHaveLength(0);
  });

  it('shares the work of two instances on one database with no duplicate (500 notices)', async () => {
    const recipients = await people('pair', 500, 20);
    for (let i = 0; i < 500; i += 25) {
      await Promise.all(
        recipients
          .slice(i, i + 25)
          .map((recipient, j) =>
            enqueueNotice({ outbox: store.outbox, clock }, noticeOf(`pair-${i + j}`, [{ recipient }])),
          ),
      );
    }
    const a = dispatcher('a');
    const b = dispatcher('b');
    a.start();
    b.start();
    await connector.waitFor(() => postsTo('pair').length >= 500, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all([a.stop(), b.stop()]);
    const counts = perConversation('pair');
    expect(counts.size).toBe(500);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const { resources } = await store.cosmos
      .container('deliveries')
      .items.query<{ sentBy: string }>(
        "SELECT c.data.sentBy FROM c WHERE c.type = 'delivery' AND STARTSWITH(c.pk, 'pair-')",
      )
      .fetchAll();
    const byInstance = new Map<string, number>();
    for (const r of resources) byInstance.set(r.sentBy, (byInstance.get(r.sentBy) ?? 0) + 1);
    expect([...byInstance.entries()].sort()).toEqual([
      ['a', expect.any(Number)],
      ['b', expect.any(Number)],
    ]); // both took a share
    expect(byInstance.get('a')! + byInstance.get('b')!).toBe(500);
  }, 90_000);

  it('coalesces updates of a shared card: at most one a second, and the last content lands', async () => {
    await store.conversations.saveForConversation('19:tally', {
      serviceUrl: connector.url,
      conversation: { id: '19:tally' },
      bot: { id: '28:bot' },
    });
    const d = dispatcher('cards');
    d.start();
    const started = Date.now();
    for (let n = 1; n <= 12; n++) {
      await enqueueCardUpdate(
        { outbox: store.outbox, clock, wake: () => d.wake() },
        {
          cardId: 'tally-1',
          conversationId: '19:tally',
          tenantId: 't',
          activityId: 'act-1',
          payload: { text: `${n} votes` },
        },
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    await connector.waitFor(
      () => connector.calls.filter((c) => c.method === 'PUT').at(-1)?.body?.text === '12 votes',
      5_000,
    );
    await d.stop();
    const puts = connector.calls.filter((c) => c.method === 'PUT');
    // Twelve updates in ~1.2 s (longer on a loaded machine): at most one PUT per second elapsed.
    expect(puts.length).toBeLessThanOrEqual(Math.ceil((puts.at(-1)!.at - started) / 1000) + 1);
    expect(puts.length).toBeLessThan(12);
    for (let i = 1; i < puts.length; i++) expect(puts[i]!.at - puts[i - 1]!.at).toBeGreaterThanOrEqual(950);
    expect(puts.at(-1)!.path).toBe('/v3/conversations/19:tally/activities/act-1');
  });

  it('updates a shared card asked for while its post was still queued, once the post is sent', async () => {
    // A vote in the first seconds of a ballot: its card update came while the card's post had
    // no answer from Teams yet, and was dropped — the channel kept the card without that vote.
    await store.conversations.saveForConversation('19:early', {
      serviceUrl: connector.url,
      conversation: { id: '19:early' },
      bot: { id: '28:bot' },
    });
    const channel: Recipient = { kind: 'conversation', conversationId: '19:early', tenantId: 't', label: 'canal' };
    await enqueueNotice(
      { outbox: store.outbox, clock },
      noticeOf('early', [{ recipient: channel }], { text: '0 vote' }),
    );
    const updated = await updatePostedCard(
      { outbox: store.outbox, clock },
      { noticeId: 'early', recipient: channel, cardId: 'early-card', payload: { text: '1 vote' } },
    );
    expect(updated).toBe(true);
    await dispatcher('early').drain();
    const post = connector.calls.find((c) => c.method === 'POST' && c.conversationId === '19:early');
    const put = connector.calls.find((c) => c.method === 'PUT' && c.conversationId === '19:early');
    expect(post?.body).toMatchObject({ text: '0 vote' });
    const [record] = await store.outbox.records('early');
    expect(put?.path).toBe(`/v3/conversations/19:early/activities/${record!.activityId}`);
    expect(put?.body).toMatchObject({ text: '1 vote' });
    // A post that never was (no entry, no record): nothing to update, and nothing queued.
    expect(
      await updatePostedCard(
        { outbox: store.outbox, clock },
        { noticeId: 'never', recipient: channel, cardId: 'never-card', payload: { text: 'x' } },
      ),
    ).toBe(false);
    expect(await store.outbox.pending('carte-never-card')).toHaveLength(0);
  });

  it('reports a person it cannot reach, with the reason, when Teams knows no chat and no id', async () => {
    const recipient: Recipient = {
      kind: 'person',
      personKey: 't:ghost',
      tenantId: 't',
      teamsUserId: null,
      label: 'Fantôme',
    };
    await enqueueNotice({ outbox: store.outbox, clock }, noticeOf('ghost', [{ recipient }]));
    await dispatcher('ghost').drain();
    expect(await store.outbox.records('ghost')).toMatchObject([
      { state: 'unreachable', reason: expect.stringContaining('installer l’application') },
    ]);
  });
  it('never sends again a message Teams accepted while its record could not be written, its lease run out meanwhile', async () => {
    const [recipient] = await people('kept', 1);
    await enqueueOne('kept', recipient!);
    const { outbox, failing } = flaky(store.outbox);
    // The database fails right as Teams accepts the send: neither the record nor the lease renewals land.
    connector.fault = (call) => {
      if (call.method === 'POST' && call.conversationId === 'a:kept-0') failing.complete = failing.replace = true;
      return undefined;
    };
    const d = new Dispatcher(
      { outbox, sender: sender(), conversations: store.conversations, clock, log: quietLogger() },
      { instanceId: 'kept', pollMs: 20, heartbeatMs: 100_000, leaseMs: 300 },
    );
    d.start();
    await connector.waitFor(() => postsTo('kept').length >= 1);
    // The lease runs out; then claims and renewals work again, the record write still not.
    await new Promise((r) => setTimeout(r, 800));
    failing.replace = false;
    await new Promise((r) => setTimeout(r, 800));
    // Teams' answer reached the entry with a lease renewal, for whoever would claim it next.
    const [entry] = await store.outbox.pending('kept');
    expect(entry).toMatchObject({ state: 'sending', claimedBy: 'kept', accepted: { status: 201, sentBy: 'kept' } });
    expect(d.sending).toBe(1);
    failing.complete = false;
    for (let i = 0; i < 100 && (await store.outbox.pending('kept')).length > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    await d.stop();
    expect(postsTo('kept')).toHaveLength(1);
    expect(await store.outbox.pending('kept')).toHaveLength(0);
    expect(await store.outbox.records('kept')).toMatchObject([
      { state: 'sent', activityId: entry!.accepted!.activityId, sentBy: 'kept' },
    ]);
  });

  it('records, without sending, an entry taken over whose earlier attempt Teams had accepted', async () => {
    const [recipient] = await people('taken', 1);
    await enqueueOne('taken', recipient!);
    const [claimed] = await store.outbox.due(Date.now(), 10);
    await store.outbox.replace(claimed!, {
      ...claimed!.entry,
      state: 'sending',
      claimedBy: 'gone',
      leaseUntil: Date.now() - 1,
      attempts: 1,
      accepted: {
        status: 201,
        activityId: 'activity-earlier',
        conversationId: 'a:taken-0',
        sentBy: 'gone',
        at: new Date().toISOString(),
      },
    });
    await dispatcher('heir').drain();
    expect(postsTo('taken')).toHaveLength(0);
    expect(await store.outbox.records('taken')).toMatchObject([
      { state: 'sent', activityId: 'activity-earlier', conversationId: 'a:taken-0', sentBy: 'gone' },
    ]);
  });
});
