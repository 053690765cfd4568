import { createHash } from 'crypto';
import { request } from 'http';
import { simpleParser } from 'mailparser';
import ICAL from 'ical.js';
import { COPIL_CHANNEL, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { SmtpRelay } from '../support/smtp-relay';
import { addCopilMembers, convene, sittingForm } from '../support/scenarios';

/**
 * A convocation reaches every member: Teams for those it can reach, e-mail through a real SMTP
 * relay on loopback (STARTTLS) for the others, read back with a real MIME parser and a real
 * iCalendar parser.
 */
let h: Harness;
let relay: SmtpRelay;
const address = (i: number) => `elu-${i}@commune-${i % 7}.test`;

beforeAll(async () => {
  relay = await new SmtpRelay({ auth: { user: 'centrale', pass: 'secret' } }).start();
  h = await startHarness({
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: relay.url(),
    SMTP_CA_FILE: relay.caFile,
    MAIL_FROM: 'convocations@grandlyon.test',
    MAIL_FROM_NAME: 'Centrale d’achat de la Métropole',
  });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(async () => {
  await h.stop();
  await relay.stop();
});

const parsed = async () => Promise.all(relay.received.map((m) => simpleParser(m.raw)));

describe('a convocation to members Teams cannot reach', () => {
  let sittingId = '';
  let members: Awaited<ReturnType<typeof addCopilMembers>> = [];

  it('reaches all 60 members exactly once: 50 in Teams, 10 by e-mail, the relay’s refusals for now tried again', async () => {
    members = await addCopilMembers(h, 56, 'smtp', (i) => ({ email: address(i) }));
    const before = await h.bot.store.governance.getInstance('metropole-de-lyon', 'copil-reseau');
    const memberCount = before!.members.length;
    expect(memberCount).toBe(60);
    // Ten cannot be reached in Teams: five refuse the chat (403), five have no conversation (404).
    const refused = new Set(members.slice(0, 5).map((u) => u.id));
    const gone = members.slice(5, 10).map((u) => u.id);
    h.connector.fault = (call) => {
      if (call.method === 'POST' && call.path === '/v3/conversations' && refused.has(call.body?.members?.[0]?.id))
        return { status: 403, body: { error: { code: 'BotDisabledByAdmin' } } };
      if (call.method === 'POST' && gone.some((id) => call.conversationId.includes(`${id}-`))) return { status: 404 };
      return undefined;
    };
    // Two relays' mailboxes say « try later » once.
    relay.refuse(address(1), 451, 1, 'Boîte occupée').refuse(address(7), 421, 1, 'Service indisponible');

    ({ sittingId } = await convene(h, sittingForm(), USERS.claire, COPIL_CHANNEL));
    await h.connector.waitFor(() => relay.received.length >= 10 || undefined, 30_000);
    await h.bot.mailDispatcher!.drain();
    await h.bot.dispatcher.drain();

    const mails = await parsed();
    const to = mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address);
    expect(to.sort()).toEqual([...Array(10).keys()].map(address).sort());
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(10);
    expect(relay.received.every((m) => m.secure && m.user === 'centrale')).toBe(true);
    expect(relay.attempts.get(address(1))).toBe(2);
    expect(relay.attempts.get(address(7))).toBe(2);

    // Teams: one convocation to each of the 50 others, none to the ten.
    const convocations = h.connector.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.status < 300 &&
        c.path.endsWith('/activities') &&
        c.conversationId.startsWith('a:1:1-'),
    );
    const byPerson = new Map<string, number>();
    for (const c of convocations) byPerson.set(c.conversationId, (byPerson.get(c.conversationId) ?? 0) + 1);
    expect([...byPerson.values()].every((n) => n === 1)).toBe(true);
    expect(byPerson.size).toBe(50);

    // The organiser's forecast counts each member once.
    const forecast = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(textOf(forecast.body.value)).toContain('Convocation : 60/60 délivrés : 50 par Teams, 10 par e-mail.');
  });

  it('writes the convocation as a French e-mail a phone can read, with the invitation and a personal link', async () => {
    const first = (await parsed()).find(
      (m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address === address(0),
    )!;
    expect(first.subject).toMatch(/^Convocation : COPIL RReT, /);
    expect(first.from!.value[0]).toEqual({
      address: 'convocations@grandlyon.test',
      name: 'Centrale d’achat de la Métropole',
    });
    expect(first.text).toContain('Ordre du jour :');
    expect(first.text).toContain('Délai de convocation : 5 jours francs ; convocation envoyée');
    expect(first.text).toContain('Base légale du délai : CRPA R133-8 (5 jours)');
    const link = /Répondre \(présent·e, absent·e, pouvoir…\) : (\S+)/.exec(first.text ?? '')![1]!;
    expect(link).toMatch(/\/lien\/seance\/[^?]+\?exp=\d+&sig=/);
    expect(first.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
    // The invitation: METHOD:REQUEST, the Teams card's UID, the member as attendee.
    const ics = first.attachments.find((a) => a.filename === 'convocation.ics')!;
    const cal = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = cal.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(`${sittingId}@centrale-gouvernance`);
    expect(String(event.getFirstPropertyValue('attendee')).toLowerCase()).toBe(`mailto:${address(0)}`);
    // The proof of notice: the channel, the relay's acceptance, the Message-ID.
    const records = await h.bot.store.outbox.records(`convocation-${sittingId}-v1`);
    const record = records.find((r) => r.channel === 'email' && r.address === address(0))!;
    expect(record).toMatchObject({ state: 'sent', messageId: first.messageId });
    expect(record.relayResponse).toContain('mis en file');
  });

  // h51: the convocation of record travels with the e-mail.
  it('attaches the convocation’s PDF, named, whose SHA-256 is the one in the sitting’s journal', async () => {
    const mails = await parsed();
    const kept = (await h.bot.store.documents.list(sittingId)).find((d) => d.id === 'convocation-v1.pdf')!;
    const journal = (await h.bot.store.meetings.get(sittingId))!.history.find((e) => e.action === 'document')!;
    expect(journal.summary).toContain(`SHA-256 ${kept.sha256}`);
    for (const mail of mails) {
      const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
      expect(pdf.filename).toBe(kept.filename);
      expect(pdf.filename).toMatch(/^convocation-copil-rret-\d{4}-\d{2}-\d{2}-v1\.pdf$/);
      expect(createHash('sha256').update(pdf.content).digest('hex')).toBe(kept.sha256);
      expect(mail.text).toContain(`La convocation de référence est jointe au format PDF (${kept.filename}).`);
    }
    // The invitation is still there beside it.
    expect(mails[0]!.attachments.map((a) => a.filename)).toContain('convocation.ics');
  });

  it('opens the member’s page from the e-mail’s link, and their answer there counts in the organiser’s forecast', async () => {
    const mail = (await parsed()).find(
      (m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address === address(3),
    )!;
    const link = /Répondre \(présent·e, absent·e, pouvoir…\) : (\S+)/.exec(mail.text ?? '')![1]!;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(members[3]!.name);
    // As the browser posts the page's form (Node's fetch would set its own Sec-Fetch headers).
    const answered = await new Promise<string>((resolve, reject) => {
      const req = request(
        link,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'sec-fetch-site': 'same-origin',
            'sec-fetch-mode': 'navigate',
            origin: new URL(link).origin,
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      req.end(new URLSearchParams({ choice: 'present' }).toString());
    });
    expect(answered).toContain('Votre réponse est enregistrée.');
    const forecast = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(textOf(forecast.body.value)).toMatch(/Présent·es\n1\n/);
  });

  it('tells the organiser of an address the relay refuses for good, and does not try it again', async () => {
    const [late] = await addCopilMembers(h, 1, 'refus', () => ({ email: 'inconnu@commune.test', delivery: 'email' }));
    relay.refuse('inconnu@commune.test', 550, 'always', 'Adresse inconnue');
    const sent = relay.received.length;
    const { sittingId: second } = await convene(
      h,
      sittingForm({ date: sittingForm().date }),
      USERS.claire,
      COPIL_CHANNEL,
    );
    const alert = await h.connector.waitFor(
      () => h.connector.sent().find((a) => textOf(cardOf(a)).includes('Un envoi n’a pas atteint tout le monde')),
      30_000,
    );
    expect(textOf(cardOf(alert))).toContain(`${late!.name} : E-mail à inconnu@commune.test non remis :`);
    expect(textOf(cardOf(alert))).toContain('550');
    await h.bot.mailDispatcher!.drain();
    expect(relay.attempts.get('inconnu@commune.test')).toBe(1);
    const record = (await h.bot.store.outbox.records(`convocation-${second}-v1`)).find(
      (r) => r.address === 'inconnu@commune.test',
    )!;
    expect(record).toMatchObject({ channel: 'email', state: 'failed', lastStatus: 550 });
    expect(relay.received.length).toBeGreaterThan(sent);
  });
});
