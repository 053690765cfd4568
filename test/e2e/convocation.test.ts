import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { press } from '../support/card-client';
import { convocationForm, dayFromNow } from '../support/forms';

let h: Harness;
/** The bot's clock: real time, plus what a test skips ahead. */
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const form = convocationForm;

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('convening the COPIL and answering on the card', () => {
  let sittingId = '';

  it('offers the form to an organiser and keeps what was typed when something is wrong', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'convoquer', COPIL_CHANNEL));
    const shown = await h.connector.waitFor(() =>
      h.connector.sent(COPIL_CHANNEL.conversationId).find((a) => textOf(cardOf(a)).includes('Convoquer une séance')),
    );
    expect(JSON.stringify(cardOf(shown))).toContain('"value":"copil-reseau"');
    const res = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        form({ date: '2020-01-01', place: '' }),
        COPIL_CHANNEL,
      ),
    );
    const text = textOf(res.body.value);
    expect(text).toContain('Cette date est passée');
    expect(text).toContain('Indiquez le lieu de la séance.');
    expect(JSON.stringify(res.body.value)).toContain('Bilan des marchés ; Coordinatrice RReT');
  });

  it('refuses a member who does not organise the instance', async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.create', form()));
    expect(textOf(res.body.value)).toContain('Seuls les organisateurs de l’instance peuvent la convoquer');
  });

  it('convenes: each member gets a personal card, the channel a card mentioning them', async () => {
    h.connector.reset();
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.create', form(), COPIL_CHANNEL));
    const forecast = JSON.stringify(res.body.value);
    // In the channel the form becomes the members' view; Teams refreshes it into the forecast for the organisers.
    expect(textOf(res.body.value)).toContain('Séance convoquée — COPIL RReT');
    expect(res.body.value.refresh.action.verb).toBe('meeting.forecast');
    sittingId = forecast.match(/"sittingId":"([^"]+)"/)![1]!;
    const convocations = await h.connector.waitFor(() => {
      const sent = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Convocation — COPIL RReT'));
      return sent.length >= 5 ? sent : undefined;
    });
    const channel = convocations.find((a) => a.conversation?.id === COPIL_CHANNEL.conversationId);
    expect(textOf(cardOf(channel))).toContain('<at>Amina Haddad</at>');
    expect(cardOf(channel).msteams.entities.map((e: any) => e.mentioned.id)).toContain(USERS.amina.id);
  });

  it('records answers of each kind and shows each member their own', async () => {
    const present = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'meeting.answer', { sittingId, choice: 'present' }),
    );
    expect(textOf(present.body.value)).toContain('Votre réponse : Présent·e');
    const proxy = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.answer', {
        sittingId,
        choice: 'pouvoir',
        proxyHolderKey: key(USERS.sophie),
      }),
    );
    expect(textOf(proxy.body.value)).toContain('Votre réponse : Absent·e, donne pouvoir à Sophie Bernard');
    // Nadia changes her mind twice before settling: every kind of answer goes through.
    const remote = await h.post(
      cardAction(h.connector.url, nadia, 'meeting.answer', { sittingId, choice: 'distance' }),
    );
    expect(textOf(remote.body.value)).toContain('Votre réponse : Présent·e à distance');
    const substitute = await h.post(
      cardAction(h.connector.url, nadia, 'meeting.answer', {
        sittingId,
        choice: 'suppleant',
        substituteName: 'Marc Petit',
      }),
    );
    expect(textOf(substitute.body.value)).toContain('Votre réponse : Remplacé·e par votre suppléant·e, Marc Petit');
    const absent = await h.post(cardAction(h.connector.url, nadia, 'meeting.answer', { sittingId, choice: 'absent' }));
    expect(textOf(absent.body.value)).toContain('Votre réponse : Absent·e');
  });

  it('refuses a broken proxy rule in French on the member’s card and changes nothing', async () => {
    const second = await h.post(
      cardAction(h.connector.url, nadia, 'meeting.answer', {
        sittingId,
        choice: 'pouvoir',
        proxyHolderKey: key(USERS.sophie),
      }),
    );
    expect(textOf(second.body.value)).toContain('Sophie Bernard porte déjà 1 pouvoir');
    expect(textOf(second.body.value)).toContain('Votre réponse : Absent·e');
    const outsider = await h.post(
      cardAction(h.connector.url, USERS.jean, 'meeting.answer', { sittingId, choice: 'present' }),
    );
    expect(textOf(outsider.body.value)).toContain('seuls ses membres répondent');
  });

  it('updates the channel card with the counts (coalesced, the last state lands)', async () => {
    const put = await h.connector.waitFor(
      () =>
        h.connector.calls.find(
          (c) =>
            c.method === 'PUT' &&
            c.conversationId === COPIL_CHANNEL.conversationId &&
            textOf(c.body.attachments[0].content).includes(
              '1 présent·e, 0 à distance, 1 pouvoir, 0 suppléé·e, 1 absent·e, 1 sans réponse',
            ),
        ),
      8_000,
    );
    expect(put.path).toMatch(/\/activities\/activity-\d+$/);
  });

  it('shows the organiser the quorum forecast and who has not answered', async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    const text = textOf(res.body.value);
    expect(text).toContain('Sans réponse : Claire Martin');
    expect(text).toMatch(/\d\/\d pour le quorum/);
    const byAmina = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.forecast', { sittingId }));
    expect(textOf(byAmina.body.value)).toContain('réservée aux organisateurs');
  });

  it('reminds only those who have not answered, once, two days before', async () => {
    const sitting = (await h.bot.store.meetings.get(sittingId))!;
    h.connector.reset();
    skipped = Date.parse(sitting.startsAt) - 2 * 86_400_000 + 60_000 - Date.now();
    await h.bot.scheduler.tick();
    const reminders = await h.connector.waitFor(() => {
      const sent = h.connector
        .sent()
        .filter((a) => textOf(cardOf(a)).includes('Rappel : vous n’avez pas encore répondu'));
      return sent.length > 0 ? sent : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    const all = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Rappel : vous n’avez pas encore répondu'));
    expect(all.map((a) => a.recipient?.id)).toEqual([USERS.claire.id]);
    expect(reminders).toHaveLength(1);
    // h51: the reminder opens the convocation of record too.
    expect(JSON.stringify(cardOf(reminders[0]))).toContain('"title":"Convocation, version 1 (PDF)"');
    await h.bot.scheduler.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Rappel'))).toHaveLength(1);
  });

  it('locks answers when the sitting starts', async () => {
    const sitting = (await h.bot.store.meetings.get(sittingId))!;
    skipped = Date.parse(sitting.startsAt) + 60_000 - Date.now();
    const late = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.answer', { sittingId, choice: 'present' }),
    );
    expect(textOf(late.body.value)).toContain('La séance a commencé : les réponses sont closes.');
    expect((await h.bot.store.meetings.answersOf(sittingId)).some((a) => a.personKey === key(USERS.claire))).toBe(
      false,
    );
    skipped = 0;
  });

  it('cancels a sitting: a reason is required, everyone is told, answers close', async () => {
    const created = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        form({ date: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10) }),
        COPIL_CHANNEL,
      ),
    );
    const otherId = JSON.stringify(created.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
    const noReason = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.cancel', { sittingId: otherId, reason: ' ' }),
    );
    expect(textOf(noReason.body.value)).toContain('Indiquez la raison de l’annulation');
    expect((await h.bot.store.meetings.get(otherId))?.status).toBe('convoquee');
    const byMember = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.cancel', { sittingId: otherId, reason: 'x' }),
    );
    expect(textOf(byMember.body.value)).toContain('Seuls les organisateurs');
    h.connector.reset();
    const done = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.cancel', {
        sittingId: otherId,
        reason: 'Quorum impossible : report en janvier',
      }),
    );
    expect(textOf(done.body.value)).toContain('Séance annulée');
    const told = await h.connector.waitFor(() => {
      const sent = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Séance annulée : Quorum impossible'));
      return sent.length >= 5 ? sent : undefined;
    });
    expect(told).toHaveLength(5); // four members and the channel
    const stored = (await h.bot.store.meetings.get(otherId))!;
    expect(stored).toMatchObject({ status: 'annulee', version: 2 });
    expect(stored.history.map((e) => e.action)).toEqual(['convocation', 'document', 'annulation']);
    const late = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'meeting.answer', { sittingId: otherId, choice: 'present' }),
    );
    expect(textOf(late.body.value)).toContain('Cette séance est annulée');
  });
});

describe('a member replaced by their suppléant·e', () => {
  it('names the suppléant·e on the card, and the organiser’s forecast and the relevé show who', async () => {
    skipped = 0;
    const created = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', form({ date: dayFromNow(15) }), COPIL_CHANNEL),
    );
    const sittingId = JSON.stringify(created.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
    const card = (await h.post(cardAction(h.connector.url, nadia, 'meeting.view', { sittingId }))).body.value;

    // « Mon suppléant·e » without a name: the card asks for it, nothing is stored.
    const nameless = press(card, 'Mon suppléant·e');
    if (!nameless.sent) throw new Error(JSON.stringify(nameless.refused));
    const asked = await h.post(cardAction(h.connector.url, nadia, nameless.verb, nameless.data));
    expect(textOf(asked.body.value)).toContain('Indiquez le nom de votre suppléant·e');
    expect(await h.bot.store.meetings.answersOf(sittingId)).toEqual([]);

    const named = press(card, 'Mon suppléant·e', { substituteName: 'Marc Petit, adjoint au maire' });
    if (!named.sent) throw new Error(JSON.stringify(named.refused));
    const answered = await h.post(cardAction(h.connector.url, nadia, named.verb, named.data));
    expect(textOf(answered.body.value)).toContain(
      'Votre réponse : Remplacé·e par votre suppléant·e, Marc Petit, adjoint au maire',
    );
    expect(JSON.stringify(answered.body.value)).toContain('"value":"Marc Petit, adjoint au maire"');
    expect((await h.bot.store.meetings.answersOf(sittingId))[0]).toMatchObject({
      personKey: key(nadia),
      choice: 'suppleant',
      substituteName: 'Marc Petit, adjoint au maire',
    });

    const forecast = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(textOf(forecast.body.value)).toContain('Suppléé·es : Nadia Lefèvre (par Marc Petit, adjoint au maire)');

    const sitting = (await h.bot.store.meetings.get(sittingId))!;
    skipped = Date.parse(sitting.startsAt) + 3_600_000 - Date.now();
    const minutesForm = (await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.minutes.open', { sittingId })))
      .body.value;
    const recorded = press(minutesForm, 'Enregistrer et publier le relevé', {
      dec_0: 'Avis favorable',
      dec_1: 'Reporté',
    });
    if (!recorded.sent) throw new Error(JSON.stringify(recorded.refused));
    h.connector.reset();
    await h.post(cardAction(h.connector.url, USERS.claire, recorded.verb, recorded.data));
    const releve = await h.connector.waitFor(() =>
      h.connector
        .sent(COPIL_CHANNEL.conversationId)
        .find((a) => textOf(cardOf(a)).includes('Relevé de décisions — COPIL RReT')),
    );
    expect(textOf(cardOf(releve))).toContain('Nadia Lefèvre (par Marc Petit, adjoint au maire)');
    expect((await h.bot.store.meetings.get(sittingId))!.minutes!.attendance).toContainEqual(
      expect.objectContaining({
        personKey: key(nadia),
        choice: 'suppleant',
        substituteName: 'Marc Petit, adjoint au maire',
      }),
    );
    skipped = 0;
  });
});
