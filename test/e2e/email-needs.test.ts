import { ParsedMail, simpleParser } from 'mailparser';
import { COPIL_CHANNEL, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { dayFromNow } from '../support/forms';
import { SmtpRelay } from '../support/smtp-relay';
import { personKey } from '../../src/domain/identity';
import { frenchDayOf } from '../../src/domain/french-format';

/**
 * A needs campaign reaches the référents Teams cannot reach, or who asked for e-mail, by e-mail
 * through a real SMTP relay on loopback: its invitation and its reminder, in French, with what to
 * do — open the bot in Teams and type « besoins », or, without Teams, the coordinator who takes
 * the needs. Each référent gets each notice once, by one channel.
 */
let h: Harness;
let relay: SmtpRelay;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const deadline = dayFromNow(10);
const AMINA = 'amina.haddad@villeurbanne.example';
const JEAN = 'jean.dupont@bron.example';
const MAYOR = 'maire@caluire.test';
const mayorKey = personKey('externe', 'mail-caluire-maire');

const addressOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address;
const parsed = async () => Promise.all(relay.received.map((m) => simpleParser(m.raw)));
const mailsTo = async (address: string) => (await parsed()).filter((m) => addressOf(m) === address);

beforeAll(async () => {
  relay = await new SmtpRelay().start();
  h = await startHarness(
    {
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: relay.url(),
      SMTP_CA_FILE: relay.caFile,
      MAIL_FROM: 'besoins@grandlyon.test',
      MAIL_FROM_NAME: 'Centrale d’achat de la Métropole',
    },
    { clock },
  );
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  const governance = h.bot.store.governance;
  // Amina asked for e-mail; Jean has Teams, but it refuses the bot (403); Caluire's mayor has no Teams.
  const amina = (await governance.listPeople('metropole-de-lyon')).find((p) => p.displayName === 'Amina Haddad')!;
  await governance.upsertPerson(amina, (p) => ({ ...p, delivery: 'email' }));
  await governance.upsertPerson({
    key: mayorKey,
    centraleId: 'metropole-de-lyon',
    tenantId: 'externe',
    aadObjectId: 'mail-caluire-maire',
    teamsUserId: null,
    displayName: 'Maire de Caluire',
    email: MAYOR,
    delivery: 'email',
    roles: ['referent'],
    memberId: 'caluire-et-cuire',
  });
  h.connector.fault = (call) =>
    call.method === 'POST' && call.path === '/v3/conversations' && call.body?.members?.[0]?.id === USERS.jean.id
      ? { status: 403, body: { error: { code: 'BotDisabledByAdmin' } } }
      : undefined;
});
afterAll(async () => {
  await h?.stop();
  await relay?.stop();
});

let campaignId = '';

describe('a needs campaign by e-mail', () => {
  it('invites by e-mail the référent who asked for it, the one Teams refuses, and the one without Teams — once each', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
        title: 'Besoins 2027',
        segments: 'Fournitures de bureau\nRestauration collective',
        deadline,
        instructions: 'Un besoin par famille d’achat.',
        channelInstanceId: 'copil-reseau',
      }),
    );
    campaignId = /"(campagne-[^"]+)"/.exec(JSON.stringify(res.body.value))![1]!;
    await h.connector.waitFor(() => relay.received.length >= 3 || undefined, 10_000);
    await h.bot.dispatcher.drain();
    await h.bot.mailDispatcher!.drain();

    const to = (await parsed()).map(addressOf).sort();
    expect(to).toEqual([AMINA, JEAN, MAYOR].sort());
    // Nadia has Teams: her card there, no e-mail; Amina asked for e-mail: no Teams card.
    const invited = h.connector
      .sent()
      .filter((a) => textOf(cardOf(a)).includes('Recensement des besoins — Besoins 2027'))
      .map((a) => a.recipient?.id);
    expect(invited).toContain('29:nadia-lefevre');
    expect(invited).not.toContain(USERS.amina.id);
    expect(invited).not.toContain(USERS.jean.id);
  });

  it('tells a référent with Teams to open the bot there and type « besoins », in French, with the deadline', async () => {
    const [mail] = await mailsTo(AMINA);
    expect(mail!.subject).toBe(
      `Recensement des besoins : Besoins 2027, réponse avant la fin du ${frenchDayOf(deadline)}`,
    );
    expect(mail!.text).toContain(`Date limite : ${frenchDayOf(deadline)} inclus`);
    expect(mail!.text).toContain('Segments : Fournitures de bureau et Restauration collective');
    expect(mail!.text).toContain('Un besoin par famille d’achat.');
    expect(mail!.text).toContain('Tapez « besoins »');
    const link = /Ouvrez la conversation avec le bot de la centrale dans Teams : (\S+)/.exec(mail!.text ?? '')![1]!;
    expect(link).toBe('https://teams.microsoft.com/l/chat/0/0?users=28:centrale-bot');
    expect(mail!.html).toContain(`href="${link}"`);
    expect(mail!.html).toContain('lang="fr"');
    // Jean, whom Teams refused, gets the same words.
    const [jean] = await mailsTo(JEAN);
    expect(jean!.text).toContain('Tapez « besoins »');
    const records = await h.bot.store.outbox.records(`campagne-${campaignId}`);
    expect(records.find((r) => r.channel !== 'email' && r.recipient.label === 'Jean Dupont')).toMatchObject({
      fellBackToEmail: true,
    });
  });

  it('gives a référent without Teams a personal link to the needs form, and names the coordinator', async () => {
    const [mail] = await mailsTo(MAYOR);
    expect(mail!.text).toMatch(
      /Saisissez les besoins de votre collectivité : http:\/\/127\.0\.0\.1:\d+\/lien\/besoins\//,
    );
    expect(mail!.text).toContain('Pour toute question : Sophie Bernard, qui coordonne la campagne (sophie.bernard@');
    expect(mail!.text).not.toContain('teams.microsoft.com');
    expect(mail!.text).not.toContain('Tapez « besoins »');
    expect(mail!.text).toContain(`Date limite : ${frenchDayOf(deadline)} inclus`);
  });

  it('reminds the silent référents by e-mail before the deadline, once', async () => {
    // Villeurbanne answers « néant » in Teams: Amina gets no reminder; the others do.
    const nothing = await h.post(cardAction(h.connector.url, USERS.amina, 'need.nothing', { campaignId }));
    expect(textOf(nothing.body.value)).toContain('Votre réponse : néant');
    relay.received.length = 0;
    skipped = Date.parse(`${deadline}T23:00:00Z`) - 3 * 86_400_000 - Date.now();
    await h.bot.scheduler.tick();
    await h.connector.waitFor(() => relay.received.length >= 2 || undefined, 10_000);
    await h.bot.scheduler.tick();
    await h.bot.dispatcher.drain();
    await h.bot.mailDispatcher!.drain();
    const mails = await parsed();
    expect(mails.map(addressOf).sort()).toEqual([JEAN, MAYOR].sort());
    for (const m of mails) {
      expect(m.subject).toMatch(/^Rappel : recensement des besoins : Besoins 2027/);
      expect(m.text).toContain(`La campagne se termine le ${frenchDayOf(deadline)}`);
    }
    expect(mails.find((m) => addressOf(m) === MAYOR)!.text).toContain('Sophie Bernard');
  });
});
