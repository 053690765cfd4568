import { simpleParser } from 'mailparser';
import { createGraphTransport } from '../../src/mail/graph-transport';
import { FakeGraph } from '../support/fake-graph';
import { sampleMail } from '../support/mail-sample';

describe('the Microsoft Graph transport, against a loopback Graph and token service', () => {
  let graph: FakeGraph;
  beforeEach(async () => {
    graph = await new FakeGraph().start();
  });
  afterEach(() => graph.stop());

  const transport = () =>
    createGraphTransport({
      mailbox: 'convocations@centrale.example.org',
      tenantId: '11111111-2222-3333-4444-555555555555',
      clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      clientSecret: 'secret-de-test',
      baseUrl: graph.graphUrl,
      authorityHost: graph.authorityHost,
      authorityCa: graph.ca,
    });

  it('posts the MIME message, base64, to the mailbox’s sendMail with a client-credentials token', async () => {
    const mail = sampleMail();
    const result = await transport().send(mail);
    expect(result).toEqual({ kind: 'accepted', messageId: mail.messageId, response: expect.stringMatching(/^202 /) });
    expect(graph.requests).toHaveLength(1);
    const [request] = graph.requests;
    expect(request!.mailbox).toBe('convocations@centrale.example.org');
    expect(request!.contentType).toMatch(/^text\/plain/);
    expect(request!.authorization).toBe('Bearer jeton-1');
    const form = graph.tokenRequests[0]!;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toContain('https://graph.microsoft.com/.default');
    expect(form.get('client_id')).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    const parsed = await simpleParser(request!.mime);
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.attachments.map((a) => a.filename)).toContain('convocation.ics');
  });

  it('keeps its token for the next messages', async () => {
    const t = transport();
    await t.send(sampleMail({ messageId: '<un@centrale.example.org>' }));
    await t.send(sampleMail({ messageId: '<deux@centrale.example.org>' }));
    expect(graph.requests.map((r) => r.authorization)).toEqual(['Bearer jeton-1', 'Bearer jeton-1']);
    expect(graph.tokenRequests).toHaveLength(1);
  });

  it('answers « temporary » with Graph’s Retry-After to a 429, and to a 503 and a 504', async () => {
    graph.reply(
      {
        status: 429,
        headers: { 'retry-after': '7' },
        body: { error: { code: 'ApplicationThrottled', message: 'Too many requests' } },
      },
      { status: 503 },
      { status: 504, headers: { 'retry-after': '2' } },
    );
    const t = transport();
    const throttled = await t.send(sampleMail());
    expect(throttled).toMatchObject({ kind: 'temporary', code: 429, retryAfterMs: 7000 });
    expect(throttled.kind === 'temporary' && throttled.reason).toMatch(/ApplicationThrottled/);
    expect(await t.send(sampleMail())).toMatchObject({ kind: 'temporary', code: 503, retryAfterMs: null });
    expect(await t.send(sampleMail())).toMatchObject({ kind: 'temporary', code: 504, retryAfterMs: 2000 });
  });

  it('answers « permanent » to a 400 (an invalid recipient), with Graph’s reason', async () => {
    graph.reply({
      status: 400,
      body: { error: { code: 'ErrorInvalidRecipients', message: 'At least one recipient is not valid.' } },
    });
    const result = await transport().send(sampleMail());
    expect(result).toEqual({
      kind: 'permanent',
      code: 400,
      reason:
        'Microsoft Graph a refusé le message (400 ErrorInvalidRecipients : At least one recipient is not valid.).',
    });
  });

  it('says which permission is missing on a 403', async () => {
    graph.reply({ status: 403, body: { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } } });
    const result = await transport().send(sampleMail());
    expect(result).toMatchObject({ kind: 'permanent', code: 403 });
    expect(result.kind === 'permanent' && result.reason).toBe(
      'Envoi par Microsoft Graph non autorisé : l’application doit avoir la permission Mail.Send (application) sur la boîte convocations@centrale.example.org (403 ErrorAccessDenied : Access is denied.).',
    );
  });

  it('answers « permanent » when Entra refuses the client secret, and sends nothing', async () => {
    graph.refuseSecret = true;
    const result = await transport().send(sampleMail());
    expect(result).toMatchObject({ kind: 'permanent' });
    expect(result.kind === 'permanent' && result.reason).toBe(
      'Connexion à Microsoft Entra refusée (AADSTS7000215 : Invalid client secret provided.) : vérifiez GRAPH_TENANT_ID, GRAPH_CLIENT_ID et GRAPH_CLIENT_SECRET.',
    );
    expect(graph.requests).toHaveLength(0);
  });

  it('answers « temporary » when Graph cannot be reached', async () => {
    const t = transport();
    expect(await t.send(sampleMail())).toMatchObject({ kind: 'accepted' });
    await graph.stop();
    const result = await t.send(sampleMail());
    expect(result).toMatchObject({ kind: 'temporary', code: null });
  });

  it('answers « temporary » when Entra cannot be reached', async () => {
    const t = transport();
    await graph.stop();
    const result = await t.send(sampleMail());
    expect(result).toMatchObject({ kind: 'temporary', code: null });
    expect(result.kind === 'temporary' && result.reason).toMatch(/^Jeton Microsoft Entra indisponible/);
  });
});
