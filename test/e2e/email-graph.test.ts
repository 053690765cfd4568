import { simpleParser } from 'mailparser';
import { COPIL_CHANNEL, USERS, botAdded } from '../support/activities';
import { Harness, startHarness } from '../support/bot-harness';
import { FakeGraph } from '../support/fake-graph';
import { addCopilMembers, convene, sittingForm } from '../support/scenarios';

/**
 * The Microsoft Graph transport through the bot: a convocation e-mailed with sendMail from the
 * centrale's mailbox (client credentials), against a loopback Graph and Entra token service.
 */
let h: Harness;
let graph: FakeGraph;

beforeAll(async () => {
  graph = await new FakeGraph().start();
  h = await startHarness(
    {
      MAIL_TRANSPORT: 'graph',
      MAIL_FROM: 'convocations@grandlyon.test',
      GRAPH_TENANT_ID: '11111111-2222-3333-4444-555555555555',
      GRAPH_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      GRAPH_CLIENT_SECRET: 'secret-de-test',
      GRAPH_BASE_URL: graph.graphUrl,
      GRAPH_AUTHORITY_HOST: graph.authorityHost,
    },
    { mailAuthorityCa: graph.ca },
  );
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(async () => {
  await h.stop();
  await graph.stop();
});

it('sends the convocation through Graph as MIME with our Message-ID, and again after Graph throttles it (429)', async () => {
  await addCopilMembers(h, 2, 'graph', (i) => ({ email: `maire-${i}@commune.test`, delivery: 'email' }));
  // Graph throttles the first call.
  graph.reply({ status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'ApplicationThrottled' } } });
  const { sittingId } = await convene(h, sittingForm(), USERS.claire, COPIL_CHANNEL);
  await h.connector.waitFor(() => graph.requests.length >= 3 || undefined, 20_000);
  await h.bot.mailDispatcher!.drain();

  const accepted = graph.requests.slice(1);
  expect(accepted.every((r) => r.mailbox === 'convocations@grandlyon.test')).toBe(true);
  const mails = await Promise.all(accepted.map((r) => simpleParser(r.mime)));
  expect(mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address).sort()).toEqual([
    'maire-0@commune.test',
    'maire-1@commune.test',
  ]);
  const records = (await h.bot.store.outbox.records(`convocation-${sittingId}-v1`)).filter(
    (r) => r.channel === 'email',
  );
  expect(records.map((r) => r.messageId).sort()).toEqual(mails.map((m) => m.messageId).sort());
  // The throttled one went again (after Graph's wait: classifyMail's test): two attempts.
  expect(records.map((r) => r.attempts).sort()).toEqual([1, 2]);
  expect(records.every((r) => r.state === 'sent' && /^202/.test(r.relayResponse ?? ''))).toBe(true);
});
