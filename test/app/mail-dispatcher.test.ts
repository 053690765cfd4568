import { Dispatcher } from '../../src/app/delivery/dispatcher';
import { enqueueNotice } from '../../src/app/delivery/enqueue';
import { fallbackEntry } from '../../src/app/delivery/mail-entries';
import { MailDispatcher } from '../../src/app/delivery/mail-dispatcher';
import { MailResult, MailTransport, OutgoingMail } from '../../src/app/delivery/mail-ports';
import { DeliveryRecord, MailNotice, NoticeHeader, PERSONAL_LINK } from '../../src/app/delivery/ports';
import { Recipient } from '../../src/domain/delivery/delivery';
import { Store, openStore } from '../../src/store/open-store';
import { ConnectorSender } from '../../src/teams/framework/connector-sender';
import { quietLogger } from '../support/bot-harness';
import { FakeConnector } from '../support/fake-connector';

/**
 * The e-mail channel beside Teams, on the real store (embedded Cosmos) and a loopback Bot
 * Connector. The transport here is a scripted stand-in of the port (the SMTP and Graph
 * transports have their own tests against real servers on loopback): it says what a relay
 * would, and keeps what it was given.
 */
class ScriptedTransport implements MailTransport {
  readonly name = 'smtp' as const;
  readonly mailbox = 'convocations@centrale.test';
  readonly sent: Array<{ mail: OutgoingMail; at: number }> = [];
  /** Per address, the answers to give before accepting (then accepted). */
  script = new Map<string, MailResult[]>();
  async send(mail: OutgoingMail): Promise<MailResult> {
    const next = this.script.get(mail.to.address)?.shift();
    if (next) return next;
    this.sent.push({ mail, at: Date.now() });
    return { kind: 'accepted', messageId: mail.messageId, response: '250 2.0.0 Ok: queued' };
  }
}

let store: Store;
let connector: FakeConnector;
const clock = { now: () => new Date() };
const log = quietLogger();

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'mail-dispatch', snapshotFile: null });
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await store.close();
  await connector.stop();
});
beforeEach(() => connector.reset());

const mail: MailNotice = {
  subject: 'Convocation : Bureau',
  text: `Répondre : ${PERSONAL_LINK}`,
  html: `<a href="${PERSONAL_LINK}">Répondre</a>`,
  calendar: null,
  link: { kind: 'seance', id: 'seance-1', expiresAt: '2030-01-01T00:00:00.000Z' },
};

/** `n` members with a chat the bot knows (`a:<prefix>-i`), an address each. */
async function members(prefix: string, n: number, extra: Partial<Recipient> = {}): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for (let i = 0; i < n; i++) {
    const personKey = `t:${prefix}-${i}`;
    await store.conversations.saveForPerson(personKey, {
      serviceUrl: connector.url,
      conversation: { id: `a:${prefix}-${i}` },
      bot: { id: '28:bot' },
      user: { id: `29:${prefix}-${i}` },
    });
    out.push({
      kind: 'person',
      personKey,
      tenantId: 't',
      teamsUserId: `29:${prefix}-${i}`,
      label: `Membre ${i}`,
      email: `${prefix}-${i}@commune.test`,
      ...extra,
    } as Recipient);
  }
  return out;
}

function channels(transport: ScriptedTransport) {
  const givenUp: DeliveryRecord[] = [];
  const onGivenUp = async (_n: NoticeHeader, r: DeliveryRecord) => void givenUp.push(r);
  const teams = new Dispatcher(
    {
      outbox: store.outbox,
      sender: new ConnectorSender({ credentials: null, botId: '28:bot' }),
      conversations: store.conversations,
      clock,
      log,
      onGivenUp,
      fallBackToEmail: async (notice, entry, reason) => {
        const e = fallbackEntry(notice, entry, reason, clock.now());
        if (e) await store.outbox.enqueueMail(e);
        return !!e;
      },
    },
    { instanceId: 'teams-1', pollMs: 20, heartbeatMs: 100_000 },
  );
  const email = new MailDispatcher(
    {
      outbox: store.outbox,
      transport,
      composition: {
        from: { name: 'Centrale', address: 'convocations@centrale.test' },
        linkFor: (kind, id) => `https://bot.test/lien/${kind}/${encodeURIComponent(id)}?sig=x`,
      },
      clock,
      log,
      onGivenUp,
      random: () => 0,
    },
    { instanceId: 'mail-1', limits: [{ limit: 1000, ms: 60_000 }], pollMs: 20, heartbeatMs: 100_000 },
  );
  return { teams, email, givenUp };
}

const notice = (noticeId: string, recipients: Recipient[], withMail = true) => ({
  noticeId,
  centraleId: 'c',
  senderKey: 'organiser',
  title: 'Convocation : Bureau',
  payload: { text: 'Convocation' },
  serviceUrl: connector.url,
  recipients: recipients.map((recipient) => ({ recipient })),
  mail: withMail ? mail : null,
});

describe('the e-mail channel', () => {
  it('e-mails the members Teams cannot reach (403), once, even when the same notice is sent again', async () => {
    const transport = new ScriptedTransport();
    const { teams, email, givenUp } = channels(transport);
    const all = await members('m403', 5);
    connector.fault = (call) => (call.conversationId.match(/^a:m403-[34]$/) ? { status: 403 } : undefined);
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-403', all));
    await teams.drain();
    await email.drain();
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-403', all));
    await teams.drain();
    await email.drain();

    expect(transport.sent.map((s) => s.mail.to.address).sort()).toEqual(['m403-3@commune.test', 'm403-4@commune.test']);
    const records = await store.outbox.records('n-403');
    const mails = records.filter((r) => r.channel === 'email');
    expect(mails.map((r) => [r.address, r.state, r.relayResponse])).toEqual(
      expect.arrayContaining([
        ['m403-3@commune.test', 'sent', '250 2.0.0 Ok: queued'],
        ['m403-4@commune.test', 'sent', '250 2.0.0 Ok: queued'],
      ]),
    );
    // The Teams records say they went by e-mail instead; the organiser is not told of them.
    const unreachable = records.filter((r) => r.channel !== 'email' && r.state === 'unreachable');
    expect(unreachable.map((r) => r.fellBackToEmail)).toEqual([true, true]);
    expect(givenUp).toEqual([]);
    // Each has their own link, and the Message-ID recorded is the one sent.
    const first = transport.sent.find((s) => s.mail.to.address === 'm403-3@commune.test')!.mail;
    expect(first.text).toContain(`/lien/seance/${encodeURIComponent('seance-1|t:m403-3')}`);
    expect(first.html).not.toContain(PERSONAL_LINK);
    expect(mails.find((r) => r.address === 'm403-3@commune.test')!.messageId).toBe(first.messageId);
  });

  it('e-mails a member whose Teams message failed for good (413), and sends nothing twice after a change of preference', async () => {
    const transport = new ScriptedTransport();
    const { teams, email, givenUp } = channels(transport);
    const [big] = await members('m413', 1);
    connector.fault = (call) => (call.conversationId === 'a:m413-0' ? { status: 413 } : undefined);
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-413', [big!]));
    await teams.drain();
    await email.drain();
    expect(transport.sent.map((s) => s.mail.to.address)).toEqual(['m413-0@commune.test']);
    expect(givenUp).toEqual([]);
    // E-mailed, they now ask for Teams: the same notice queued again (a recipient added) skips them.
    connector.fault = undefined;
    const [changed] = await members('pref-change', 1, { delivery: 'email' });
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-change', [changed!]));
    await email.drain();
    await enqueueNotice(
      { outbox: store.outbox, clock },
      notice('n-change', [{ ...changed!, delivery: 'teams' } as Recipient]),
    );
    await teams.drain();
    expect(connector.sent('a:pref-change-0')).toHaveLength(0);
    expect(transport.sent.filter((s) => s.mail.to.address === 'pref-change-0@commune.test')).toHaveLength(1);
  });

  it('sends a member who asked for e-mail always no Teams message', async () => {
    const transport = new ScriptedTransport();
    const { teams, email } = channels(transport);
    const [teamsFirst, byMail] = [
      ...(await members('pref', 1)),
      ...(await members('pref-mail', 1, { delivery: 'email' })),
    ];
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-pref', [teamsFirst!, byMail!]));
    await teams.drain();
    await email.drain();
    expect(connector.sent('a:pref-0')).toHaveLength(1);
    expect(connector.sent('a:pref-mail-0')).toHaveLength(0);
    expect(transport.sent.map((s) => s.mail.to.address)).toEqual(['pref-mail-0@commune.test']);
  });

  it('tries a temporary refusal again and reports a permanent one to the sender', async () => {
    const transport = new ScriptedTransport();
    const { email, givenUp } = channels(transport);
    const all = await members('perm', 2, { delivery: 'email' });
    transport.script.set('perm-0@commune.test', [
      { kind: 'temporary', code: 451, reason: '451 4.7.1 Greylisted', retryAfterMs: null },
    ]);
    transport.script.set('perm-1@commune.test', [
      { kind: 'permanent', code: 550, reason: 'Le serveur de messagerie a refusé l’adresse (550 5.1.1 unknown user)' },
    ]);
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-perm', all));
    await email.drain();
    const records = await store.outbox.records('n-perm');
    const byAddress = new Map(records.map((r) => [r.address, r]));
    expect(byAddress.get('perm-0@commune.test')).toMatchObject({ state: 'sent', attempts: 2 });
    expect(byAddress.get('perm-1@commune.test')).toMatchObject({ state: 'failed', lastStatus: 550 });
    expect(givenUp.map((r) => [r.address, r.reason])).toEqual([
      ['perm-1@commune.test', 'Le serveur de messagerie a refusé l’adresse (550 5.1.1 unknown user)'],
    ]);
    expect(transport.sent.map((s) => s.mail.to.address)).toEqual(['perm-0@commune.test']);
  });

  it('tells the sender of a member Teams cannot reach who has no address, and of a notice with no e-mail form', async () => {
    const transport = new ScriptedTransport();
    const { teams, email, givenUp } = channels(transport);
    const [noAddress] = await members('noaddr', 1, { email: null });
    const [noForm] = await members('noform', 1);
    connector.fault = (call) =>
      call.conversationId.startsWith('a:noaddr-') || call.conversationId.startsWith('a:noform-')
        ? { status: 404 }
        : undefined;
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-noaddr', [noAddress!]));
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-noform', [noForm!], false));
    await teams.drain();
    await email.drain();
    expect(transport.sent).toEqual([]);
    expect(givenUp.map((r) => [r.noticeId, r.state, r.reason])).toEqual(
      expect.arrayContaining([
        [
          'n-noaddr',
          'unreachable',
          'Conversation introuvable dans Teams (404). Aucune adresse e-mail connue pour la joindre autrement.',
        ],
        ['n-noform', 'unreachable', 'Conversation introuvable dans Teams (404).'],
      ]),
    );
  });

  it('keeps to the mailbox’s limits: never more than the limit in any window', async () => {
    const transport = new ScriptedTransport();
    const limited = new MailDispatcher(
      {
        outbox: store.outbox,
        transport,
        composition: {
          from: { name: 'C', address: 'convocations@centrale.test' },
          linkFor: () => 'https://bot.test/l',
        },
        clock,
        log,
      },
      { instanceId: 'mail-limited', limits: [{ limit: 4, ms: 1_000 }], pollMs: 20, heartbeatMs: 100_000 },
    );
    const all = await members('lim', 10, { delivery: 'email' });
    await enqueueNotice({ outbox: store.outbox, clock }, notice('n-lim', all));
    await limited.drain();
    const times = transport.sent.map((s) => s.at).sort((a, b) => a - b);
    expect(times).toHaveLength(10);
    const mostInAWindow = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1_000).length));
    expect(mostInAWindow).toBeLessThanOrEqual(4);
  });
});
