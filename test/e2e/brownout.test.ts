import { randomUUID } from 'crypto';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { FaultyCosmos } from '../support/faulty-cosmos';
import { convocationForm } from '../support/forms';

/**
 * A database brownout in the middle of a fan-out: Cosmos answers nothing at all (every read,
 * query and write waits) for longer than the SDK's request timeout and the outbox lease, then
 * comes back. Two bot instances share the database. Sends Teams accepted meanwhile could not be
 * recorded at once: they must not go out a second time (by the same instance or by the other one,
 * once the leases ran out), and nobody may be left out.
 */
const CENTRALE = 'metropole-de-lyon';
const NEWCOMERS = 50;
/** Longer than the SDK's request timeout (10 s: its requests fail) and than the lease below. */
const FREEZE_MS = 12_000;
const LEASE_MS = 3_000;

let cosmos: FaultyCosmos;
let h: Harness;
/** A second bot instance on the same database: it may claim what the first one's expired leases leave. */
let other: Harness;

const newcomers = Array.from({ length: NEWCOMERS }, (_, i) => ({
  id: `29:brownout-${i}`,
  name: `Membre ${i}`,
  aadObjectId: `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  tenantId: DEMO_TENANT,
}));

beforeAll(async () => {
  cosmos = await new FaultyCosmos().start();
  h = await startHarness(
    { STORAGE_RETRY_MS: '200', DELIVERY_LEASE_MS: String(LEASE_MS) },
    { store: { kind: 'cosmos', databaseId: 'brownout', target: { kind: 'embedded', endpoint: cosmos.endpoint } } },
  );
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  other = await startHarness(
    { STORAGE_RETRY_MS: '200', DELIVERY_LEASE_MS: String(LEASE_MS) },
    { store: { kind: 'cosmos', databaseId: 'brownout', target: { kind: 'embedded', endpoint: cosmos.endpoint } } },
  );
});
afterAll(async () => {
  cosmos.thaw();
  await h.stop();
  await other.stop();
  await cosmos.stop();
});

type Posted = { conversation?: { id?: string }; recipient?: { id?: string } };
const isConvocation = (a: Posted) => textOf(cardOf(a)).includes('Convocation — COPIL RReT');
/** Who a convocation went to: the channel, or the person of a 1:1 chat (opened chats get a new id each time). */
const recipientOf = (a: Posted) =>
  a.conversation?.id === COPIL_CHANNEL.conversationId ? 'channel' : String(a.recipient?.id ?? a.conversation?.id);

async function outboxPosts(): Promise<number> {
  const { resources } = await h.bot.store.cosmos
    .container('outbox')
    .items.query("SELECT VALUE COUNT(1) FROM c WHERE c.type = 'outbox-entry' AND c.data.kind = 'post'")
    .fetchAll();
  return resources[0] as number;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

describe('the database freezes in the middle of a fan-out to 50 members, two bot instances sending', () => {
  it('every member gets the convocation exactly once: none lost, none duplicated', async () => {
    h.connector.roster.push(...newcomers);
    const copil = await h.bot.store.governance.getInstance(CENTRALE, 'copil-reseau');
    const members = [
      ...copil!.members.map((m) => m.personKey),
      ...newcomers.map((m) => personKey(DEMO_TENANT, m.aadObjectId)),
    ];
    const organisers = copil!.members.filter((m) => m.organiser).map((m) => m.personKey);
    const saved = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'members.save',
        { instanceId: 'copil-reseau', members: members.join(','), organisers: organisers.join(',') },
        COPIL_CHANNEL,
      ),
    );
    expect(textOf(saved.body.value)).toContain(`compte ${members.length} membres`);
    // Each newcomer installs the bot in personal chat: their chats are known, as in production,
    // and the fan-out only waits for Teams' per-tenant pace.
    for (const m of newcomers) await h.post(botAdded(h.connector.url, m));
    h.connector.reset();
    // Teams answers each send in a few hundred ms: most sends under way are waiting for it.
    h.connector.latencyMs = 300;

    const convened = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        convocationForm({ draftId: randomUUID() }),
        COPIL_CHANNEL,
      ),
    );
    expect(textOf(convened.body.value)).toContain('Séance convoquée — COPIL RReT');
    const expected = members.length + 1; // and the channel

    // The fan-out is under way: the database freezes while sends are in flight.
    await h.connector.waitFor(() => h.connector.sent().filter(isConvocation).length >= 10, 10_000);
    cosmos.freeze();
    const atFreeze = h.connector.sent().filter(isConvocation).length;
    const inFlight = h.bot.dispatcher.sending;
    await new Promise((r) => setTimeout(r, FREEZE_MS));
    cosmos.thaw();
    await waitUntil(
      async () => (await outboxPosts()) === 0 && h.bot.dispatcher.sending === 0 && other.bot.dispatcher.sending === 0,
      20_000,
    );

    const counts = new Map<string, number>();
    for (const a of h.connector.sent().filter(isConvocation))
      counts.set(recipientOf(a), (counts.get(recipientOf(a)) ?? 0) + 1);
    const lost = expected - counts.size;
    const duplicated = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    // Printed for the report: how far the fan-out had gone when the database froze.
    process.stdout.write(
      `brownout: ${expected} recipients, ${atFreeze} sent before the freeze (${inFlight} sends under way), lost ${lost}, duplicated ${duplicated}\n`,
    );
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(counts.size).toBe(expected);
  }, 45_000);
});
