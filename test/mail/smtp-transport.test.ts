import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { createSmtpTransport } from '../../src/mail/smtp-transport';
import { SAMPLE_UID, sampleMail } from '../support/mail-sample';
import { SmtpRelay, closedPort } from '../support/smtp-relay';

const quick = { connectionTimeoutMs: 3_000, greetingTimeoutMs: 3_000, socketTimeoutMs: 5_000 };

describe('the SMTP transport, against a real SMTP server on loopback', () => {
  const credentials = { user: 'centrale@example.org', pass: 'mot de passe/à:coder' };
  let relay: SmtpRelay;
  beforeEach(async () => {
    relay = await new SmtpRelay({ auth: credentials }).start();
  });
  afterEach(() => relay.stop());

  const transportFor = (r: SmtpRelay, url = r.url()) =>
    createSmtpTransport({ url, mailbox: 'centrale@example.org', caFile: r.caFile, ...quick });

  it('delivers the message over STARTTLS, signed in, with our Message-ID and the relay’s answer', async () => {
    const transport = transportFor(relay);
    const mail = sampleMail();
    try {
      const result = await transport.send(mail);
      expect(result).toEqual({
        kind: 'accepted',
        messageId: mail.messageId,
        response: expect.stringMatching(/^250 .*OK: message 1 mis en file/),
      });
    } finally {
      await transport.close!();
    }
    expect(transport.name).toBe('smtp');
    expect(relay.received).toHaveLength(1);
    const [got] = relay.received;
    expect(got!.secure).toBe(true);
    expect(got!.user).toBe(credentials.user);
    expect(got!.envelope).toEqual({ from: mail.from.address, to: [mail.to.address] });
    const parsed = await simpleParser(got!.raw);
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text?.trim()).toBe(mail.text);
    const ics = parsed.attachments.find((a) => a.filename === 'convocation.ics')!;
    expect(
      new ICAL.Component(ICAL.parse(ics.content.toString('utf8')))
        .getFirstSubcomponent('vevent')!
        .getFirstPropertyValue('uid'),
    ).toBe(SAMPLE_UID);
  });

  it('answers « temporary » to a 451 and delivers once the relay accepts again', async () => {
    const mail = sampleMail();
    relay.refuse(mail.to.address, 451, 1, 'Boîte occupée, réessayez');
    const transport = transportFor(relay);
    try {
      const first = await transport.send(mail);
      expect(first).toMatchObject({ kind: 'temporary', code: 451, retryAfterMs: null });
      expect(first.kind === 'temporary' && first.reason).toMatch(
        /^Le serveur de messagerie a différé l’envoi \(451 .*Boîte occupée/,
      );
      expect(relay.received).toHaveLength(0);
      expect(await transport.send(mail)).toMatchObject({ kind: 'accepted', messageId: mail.messageId });
    } finally {
      await transport.close!();
    }
    expect(relay.attempts.get(mail.to.address)).toBe(2);
    expect(relay.received).toHaveLength(1);
  });

  it('answers « permanent » to a 550, with the relay’s text', async () => {
    const mail = sampleMail();
    relay.refuse(mail.to.address, 550, 'always', 'Adresse inconnue');
    const transport = transportFor(relay);
    try {
      const result = await transport.send(mail);
      expect(result).toMatchObject({ kind: 'permanent', code: 550 });
      expect(result.kind === 'permanent' && result.reason).toMatch(
        /^Le serveur de messagerie a refusé l’adresse helene\.lefevre@commune\.example\.fr \(550 .*Adresse inconnue/,
      );
    } finally {
      await transport.close!();
    }
    expect(relay.received).toHaveLength(0);
  });

  it('answers « permanent » when the relay refuses the credentials', async () => {
    const transport = transportFor(relay, relay.url({ user: credentials.user, pass: 'faux' }));
    try {
      const result = await transport.send(sampleMail());
      expect(result).toMatchObject({ kind: 'permanent', code: 535 });
      expect(result.kind === 'permanent' && result.reason).toMatch(/identification.*SMTP_URL/);
    } finally {
      await transport.close!();
    }
  });

  it('answers « temporary » when the relay is down', async () => {
    const port = await closedPort();
    const transport = createSmtpTransport({
      url: `smtp://127.0.0.1:${port}`,
      mailbox: 'centrale@example.org',
      ...quick,
    });
    try {
      const result = await transport.send(sampleMail());
      expect(result).toMatchObject({ kind: 'temporary', code: null, retryAfterMs: null });
      expect(result.kind === 'temporary' && result.reason).toMatch(/^Le serveur de messagerie est injoignable/);
    } finally {
      await transport.close!();
    }
  });

  it('says so when the relay’s certificate is not trusted (no SMTP_CA_FILE), and sends nothing', async () => {
    const transport = createSmtpTransport({ url: relay.url(), mailbox: 'centrale@example.org', ...quick });
    try {
      const result = await transport.send(sampleMail());
      expect(result).toMatchObject({ kind: 'temporary', code: null, retryAfterMs: null });
      expect(result.kind === 'temporary' && result.reason).toMatch(
        /^Le certificat du serveur de messagerie n’est pas reconnu \(.*self-signed.*\) : vérifiez SMTP_CA_FILE/,
      );
    } finally {
      await transport.close!();
    }
    expect(relay.received).toHaveLength(0);
  });

  it('will not send in clear text to a relay that offers no STARTTLS', async () => {
    const plain = await new SmtpRelay({ plain: true }).start();
    const transport = transportFor(plain);
    try {
      const result = await transport.send(sampleMail());
      expect(result).toMatchObject({ kind: 'temporary', retryAfterMs: null });
      expect(result.kind === 'temporary' && result.reason).toMatch(
        /^Le serveur de messagerie n’a pas établi de connexion chiffrée \(STARTTLS/,
      );
      expect(plain.received).toHaveLength(0);
    } finally {
      await transport.close!();
      await plain.stop();
    }
  });

  it('speaks implicit TLS for smtps://', async () => {
    const tlsRelay = await new SmtpRelay({ implicitTls: true }).start();
    const transport = transportFor(tlsRelay);
    try {
      expect(await transport.send(sampleMail())).toMatchObject({ kind: 'accepted' });
      expect(tlsRelay.received.map((m) => m.secure)).toEqual([true]);
    } finally {
      await transport.close!();
      await tlsRelay.stop();
    }
  });

  it('sends several messages through its pooled connections', async () => {
    const transport = transportFor(relay);
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          transport.send(
            sampleMail({
              messageId: `<m${i}@centrale.example.org>`,
              to: { name: `Élu ${i}`, address: `elu${i}@example.fr` },
            }),
          ),
        ),
      );
      expect(results.map((r) => r.kind)).toEqual(Array(6).fill('accepted'));
    } finally {
      await transport.close!();
    }
    const ids = await Promise.all(relay.received.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(ids.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `<m${i}@centrale.example.org>`).sort());
  });
});
