import { personKey } from '../../src/domain/identity';
import { REASONS } from '../../src/domain/delivery/send-outcome';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
/** The four members of the demo COPIL RReT and its channel. */
const COPIL_RECIPIENTS = 5;

beforeAll(async () => {
  h = await startHarness({ DELIVERY_TIMEOUT_MS: '500' });
  // Installing the bot in the team is what gives it the channel's address.
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});

/** The members' 1:1 chats, opened by a first notice if none was sent yet. */
async function chatOf(user: { aadObjectId: string }): Promise<string> {
  if (!(await h.bot.store.conversations.getForPerson(key(user)))) {
    const { noticeId } = await announceToCopil('Bienvenue.');
    await waitForReport(noticeId, 'délivrés');
  }
  return ((await h.bot.store.conversations.getForPerson(key(user))) as { conversation: { id: string } }).conversation
    .id;
}
afterAll(() => h.stop());
beforeEach(() => h.connector.reset());

async function announceToCopil(text: string) {
  const res = await h.post(
    cardAction(h.connector.url, USERS.claire, 'announce.send', { instanceId: 'copil-reseau', text }),
  );
  const noticeId = JSON.stringify(res.body.value).match(/"noticeId":"([^"]+)"/)?.[1];
  expect(noticeId).toBeDefined();
  return { card: res.body.value, noticeId: noticeId! };
}

const report = async (noticeId: string) =>
  textOf((await h.post(cardAction(h.connector.url, USERS.claire, 'delivery.report', { noticeId }))).body.value);

async function waitForReport(noticeId: string, expected: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = await report(noticeId);
    if (text.includes(expected)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`report never said ${expected}: ${await report(noticeId)}`);
}

describe('delivery of notices through the outbox', () => {
  it('sends a message to every member in personal chat and to the channel, with a delivery report', async () => {
    const { card, noticeId } = await announceToCopil('La séance du COPIL est avancée à 9 h.');
    expect(textOf(card)).toContain('Rapport d’envoi');
    const text = await waitForReport(noticeId, `${COPIL_RECIPIENTS}/${COPIL_RECIPIENTS} délivrés`);
    expect(text).toContain('Tous les destinataires ont reçu le message.');
    const posts = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('avancée à 9 h'));
    expect(posts).toHaveLength(COPIL_RECIPIENTS);
    expect(
      h.connector.sent(COPIL_CHANNEL.conversationId).filter((a) => textOf(cardOf(a)).includes('avancée à 9 h')),
    ).toHaveLength(1);
    // Members without a chat yet got one opened with the tenant id, once.
    const opened = h.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((c) => c.body.channelData.tenant.id === DEMO_TENANT)).toBe(true);
  });

  it('reports a member who blocked the bot (403), never retries, and tells the sender', async () => {
    const aminaConversation = await chatOf(USERS.amina);
    h.connector.reset();
    h.connector.fault = (call) =>
      call.conversationId === aminaConversation && call.method === 'POST'
        ? { status: 403, body: { error: { code: 'BotDisabledByAdmin' } } }
        : undefined;
    const { noticeId } = await announceToCopil('Ordre du jour modifié.');
    // The four others may be delivered before Teams' 403 for Amina is recorded: wait for both.
    await waitForReport(noticeId, `injoignable\n${REASONS.blocked}`);
    const text = await waitForReport(noticeId, '4/5 délivrés');
    expect(text).toContain(`injoignable\n${REASONS.blocked}`);
    expect(h.connector.calls.filter((c) => c.conversationId === aminaConversation)).toHaveLength(1);
    const alert = await h.connector.waitFor(() =>
      h.connector.sent().find((a) => textOf(cardOf(a)).includes('Un envoi n’a pas atteint tout le monde')),
    );
    expect(textOf(cardOf(alert))).toContain('Amina Haddad');
  });

  it('waits for Retry-After on 429, retries 503, and gives up at once on 413', async () => {
    const sophie = { conversation: { id: await chatOf(USERS.sophie) } };
    const amina = { conversation: { id: await chatOf(USERS.amina) } };
    h.connector.reset();
    let throttled = 0;
    let unavailable = 0;
    h.connector.fault = (call) => {
      if (call.method !== 'POST') return undefined;
      if (call.conversationId === sophie.conversation.id && throttled++ === 0)
        return { status: 429, headers: { 'retry-after': '1' } };
      if (call.conversationId === COPIL_CHANNEL.conversationId && unavailable++ === 0) return { status: 503 };
      if (call.conversationId === amina.conversation.id) return { status: 413 };
      return undefined;
    };
    const started = Date.now();
    const { noticeId } = await announceToCopil('Rappel : pièces jointes dans le canal.');
    const text = await waitForReport(noticeId, 'délivrés');
    await waitForReport(noticeId, 'en échec');
    const final = await waitForReport(noticeId, '4/5 délivrés');
    expect(final).toContain(REASONS.tooBig);
    const toSophie = h.connector.calls.filter(
      (c) => c.conversationId === sophie.conversation.id && c.method === 'POST',
    );
    expect(toSophie.map((c) => c.status)).toEqual([429, 201]);
    expect(toSophie[1]!.at - toSophie[0]!.at).toBeGreaterThanOrEqual(950);
    expect(
      h.connector.calls
        .filter((c) => c.conversationId === COPIL_CHANNEL.conversationId && c.method === 'POST')
        .map((c) => c.status),
    ).toEqual([503, 201]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(text).toBeDefined();
  });

  it('tries again a message Teams did not answer in time, and delivers it once', async () => {
    const sophie = await chatOf(USERS.sophie);
    h.connector.reset();
    let hung = 0;
    h.connector.fault = (call) =>
      call.method === 'POST' && call.conversationId === sophie && hung++ === 0 ? { hang: true } : undefined;
    const { noticeId } = await announceToCopil('Ordre du jour modifié.');
    await waitForReport(noticeId, '5/5 délivrés');
    const toSophie = h.connector.calls.filter((c) => c.conversationId === sophie && c.method === 'POST');
    expect(toSophie.map((c) => c.status)).toEqual([0, 201]);
    expect(h.connector.sent(sophie)).toHaveLength(1);
  });

  it('lets only the sender and administrators read a report, and refuses a bad notice id in French', async () => {
    const { noticeId } = await announceToCopil('Message test.');
    const bySophie = await h.post(cardAction(h.connector.url, USERS.sophie, 'delivery.report', { noticeId }));
    expect(textOf(bySophie.body.value)).toContain('Seuls l’expéditeur et les administrateurs');
    const unknown = await h.post(
      cardAction(h.connector.url, USERS.claire, 'delivery.report', { noticeId: 'annonce-inconnue' }),
    );
    expect(textOf(unknown.body.value)).toContain('Cet envoi est introuvable');
    await waitForReport(noticeId, `${COPIL_RECIPIENTS}/${COPIL_RECIPIENTS} délivrés`);
  });

  it('keeps what was typed when the message is refused, and sends nothing', async () => {
    const long = 'x'.repeat(2_500);
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'announce.send', { instanceId: 'copil-reseau', text: long }),
    );
    expect(textOf(res.body.value)).toContain(
      '« Message » : 2\u202f500 caractères pour 2\u202f000 au plus ; retirez-en 500.',
    );
    expect(JSON.stringify(res.body.value)).toContain(long);
    const byAmina = await h.post(
      cardAction(h.connector.url, USERS.amina, 'announce.send', { instanceId: 'copil-reseau', text: 'Bonjour' }),
    );
    expect(textOf(byAmina.body.value)).toContain('Seul un administrateur ou un organisateur de l’instance peut écrire');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.sent()).toHaveLength(0);
  });

  it('offers the announcement form from a command', async () => {
    await h.post(message(h.connector.url, USERS.sophie, 'annonce', COPIL_CHANNEL));
    const form = await h.connector.waitFor(() => h.connector.sent(COPIL_CHANNEL.conversationId).at(-1));
    expect(textOf(cardOf(form))).toContain('Écrire aux membres d’une instance');
    expect(JSON.stringify(cardOf(form))).toContain('"value":"copil-reseau"');
  });
});
