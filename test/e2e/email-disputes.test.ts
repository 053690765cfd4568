import { ParsedMail, simpleParser } from 'mailparser';
import { DEMO_TENANT, USERS, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { dayFromNow } from '../support/forms';
import { SmtpRelay } from '../support/smtp-relay';
import { personKey } from '../../src/domain/identity';

/**
 * A dispute's news reaches its reporter by e-mail when they asked for it or Teams cannot reach
 * them (a real SMTP relay on loopback): « pris en charge », the committee's question, « résolu »,
 * each with the reference, the contract and the status, in French, once.
 */
let h: Harness;
let relay: SmtpRelay;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const AMINA = 'amina.haddad@villeurbanne.example';
const JEAN = 'jean.dupont@bron.example';
const report = {
  category: 'retard',
  factsDate: dayFromNow(-2),
  reference: 'BC-2026-118',
  description: 'Livraison attendue le 12, rien reçu à ce jour.',
  severity: 'haute',
};

const addressOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address;
const parsed = async () => Promise.all(relay.received.map((m) => simpleParser(m.raw)));
const mailsTo = async (address: string) => (await parsed()).filter((m) => addressOf(m) === address);
const settle = async () => {
  await h.bot.dispatcher.drain();
  await h.bot.mailDispatcher!.drain();
};

let contractId = '';

beforeAll(async () => {
  relay = await new SmtpRelay().start();
  h = await startHarness({
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: relay.url(),
    SMTP_CA_FILE: relay.caFile,
    MAIL_FROM: 'litiges@grandlyon.test',
  });
  await h.post(
    cardAction(h.connector.url, USERS.claire, 'registry.file.save', {
      title: 'Fournitures scolaires',
      segment: 'Fournitures',
      coordinatorKey: key(USERS.sophie),
      memberKeys: key(USERS.claire),
    }),
  );
  await h.post(
    cardAction(h.connector.url, USERS.claire, 'registry.contract.save', {
      fileId: 'fournitures-scolaires',
      number: '2026-014',
      title: 'Fournitures scolaires',
      supplier: 'Papeteries Réunies',
      startDate: dayFromNow(-100),
      endDate: dayFromNow(600),
      memberIds: 'villeurbanne,bron',
    }),
  );
  contractId = (await h.bot.store.disputes.listContracts('metropole-de-lyon'))[0]!.id;
  // Amina asked for e-mail; Teams refuses Jean's chat (403).
  const amina = (await h.bot.store.governance.listPeople('metropole-de-lyon')).find(
    (p) => p.displayName === 'Amina Haddad',
  )!;
  await h.bot.store.governance.upsertPerson(amina, (p) => ({ ...p, delivery: 'email' }));
  h.connector.fault = (call) =>
    call.method === 'POST' &&
    (call.conversationId === `a:personal-${USERS.jean.aadObjectId}` ||
      (call.path === '/v3/conversations' && call.body?.members?.[0]?.id === USERS.jean.id))
      ? { status: 403, body: { error: { code: 'BotDisabledByAdmin' } } }
      : undefined;
});
afterAll(async () => {
  await h?.stop();
  await relay?.stop();
});

async function reported(user: typeof USERS.amina) {
  const res = await h.post(cardAction(h.connector.url, user, 'dispute.report', { contractId, ...report }));
  const ref = textOf(res.body.value).match(/LIT-\d{4}-\d{4}/)![0];
  const d = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).find((x) => x.ref === ref)!;
  const act = (kind: string, text = '') =>
    h.post(cardAction(h.connector.url, USERS.sophie, 'dispute.act', { fileId: d.fileId, disputeId: d.id, kind, text }));
  return { ref, act };
}

describe('a dispute’s news to its reporter by e-mail', () => {
  it('tells the reporter who asked for e-mail « pris en charge », then the committee’s question, and not in Teams', async () => {
    const { ref, act } = await reported(USERS.amina);
    expect(textOf((await act('prendre')).body.value)).toContain('Pris en charge');
    await h.connector.waitFor(() => relay.received.length >= 1 || undefined, 10_000);
    await settle();
    const [taken] = await mailsTo(AMINA);
    expect(taken!.subject).toBe(`Litige ${ref} : pris en charge`);
    expect(taken!.text).toContain(`Votre signalement ${ref}`);
    expect(taken!.text).toContain('Marché : 2026-014 Fournitures scolaires (Papeteries Réunies)');
    expect(taken!.text).toContain('État : Pris en charge');
    expect(taken!.html).toContain('lang="fr"');

    await act('preciser', 'Quel numéro de bon de commande ?');
    await h.connector.waitFor(() => relay.received.length >= 2 || undefined, 10_000);
    await settle();
    const asked = (await mailsTo(AMINA)).find((m) => m.subject !== taken!.subject)!;
    expect(asked.subject).toBe(`Litige ${ref} : précisions demandées au déclarant`);
    expect(asked.text).toContain('Le comité vous demande : Quel numéro de bon de commande ?');
    expect(asked.text).toContain('tapez « mes litiges »');
    expect(asked.text).toContain('https://teams.microsoft.com/l/chat/0/0?users=28:centrale-bot');
    expect(await mailsTo(AMINA)).toHaveLength(2);
    // No Teams card went to Amina about her report.
    expect(
      h.connector
        .sent()
        .some((a) => a.recipient?.id === USERS.amina.id && textOf(cardOf(a)).includes(`Votre signalement ${ref}`)),
    ).toBe(false);
  });

  it('tells the reporter Teams refuses « résolu » by e-mail, once', async () => {
    relay.received.length = 0;
    const { ref, act } = await reported(USERS.jean);
    await act('prendre');
    await h.connector.waitFor(() => relay.received.length >= 1 || undefined, 10_000);
    await settle();
    await act('resoudre', 'Livré le 19, pénalités de retard appliquées');
    await h.connector.waitFor(() => relay.received.length >= 2 || undefined, 10_000);
    await settle();
    const mails = await mailsTo(JEAN);
    expect(mails.map((m) => m.subject)).toEqual([`Litige ${ref} : pris en charge`, `Litige ${ref} : résolu`]);
    expect(mails[1]!.text).toContain('Votre signalement est résolu : Livré le 19, pénalités de retard appliquées');
    expect(mails[1]!.text).toContain('État : Résolu');
    expect(relay.received).toHaveLength(2);
  });
});
