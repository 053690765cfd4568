import { dayFromNow } from '../support/forms';
import { COPIL_CHANNEL, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { convocationForm } from '../support/forms';

/**
 * Every card a working tool: whatever the organiser clicks, a way back to the management card
 * stays — a refusal carries a button back to it, every form has « Annuler », « mes séances »
 * and its siblings list what the person organises or must answer, and in a channel the
 * organiser's card is theirs alone (the channel keeps the members' view).
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
let sittingId = '';

const actionsOf = (card: any): any[] => {
  const found: any[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) found.push(node);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
};
const button = (card: any, title: string) => actionsOf(card).find((a) => a.title === title);
/** Clicks a card's Action.Execute as Teams does: its verb, its data (and what the form holds). */
const click = (user: (typeof USERS)[keyof typeof USERS], action: any, typed: Record<string, unknown> = {}) =>
  h.post(cardAction(h.connector.url, user, action.verb, { ...action.data, ...typed }));
const replyTo = async (user: (typeof USERS)[keyof typeof USERS], text: string, marker: string) => {
  h.connector.reset();
  await h.post(message(h.connector.url, user, text));
  return cardOf(
    await h.connector.waitFor(() =>
      h.connector.sent().find((a) => a.recipient?.id === user.id && textOf(cardOf(a)).includes(marker)),
    ),
  );
};

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('in a channel, the organiser’s card is theirs alone', () => {
  it('replaces the form with the members’ view, which Teams refreshes into the forecast for the organiser only', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', convocationForm(), COPIL_CHANNEL),
    );
    const card = res.body.value;
    sittingId = JSON.stringify(card).match(/"sittingId":"([^"]+)"/)![1]!;
    expect(textOf(card)).not.toContain('Annuler la séance');
    expect(textOf(card)).not.toContain('Prévision du quorum');
    // The COPIL RReT's organisers: Claire and Sophie; Amina, a member, keeps the channel's view.
    expect(card.refresh).toMatchObject({
      action: { verb: 'meeting.forecast', data: { sittingId } },
      userIds: [USERS.claire.id, USERS.sophie.id],
    });
    const organiser = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }, COPIL_CHANNEL),
    );
    expect(textOf(organiser.body.value)).toContain('Prévision du quorum — COPIL RReT');
    // Their own view: no refresh, so that it replaces the card for them alone, not for the channel.
    expect(organiser.body.value.refresh).toBeUndefined();
    // The form's message is updated for everyone with that view; the organiser's forecast never is,
    // not even after a member's answer (a card with a refresh) — teams-ai would have switched for good.
    await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.answer', { sittingId, choice: 'present' }, COPIL_CHANNEL),
    );
    await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }, COPIL_CHANNEL));
    const updates = h.connector.calls.filter((c: any) => c.method === 'PUT').map((c: any) => textOf(cardOf(c.body)));
    expect(updates.some((t: string) => t.includes('Séance convoquée — COPIL RReT'))).toBe(true);
    expect(updates.filter((t: string) => /Prévision du quorum —|Votre réponse/.test(t))).toEqual([]);
    // Under 60 people Teams refreshes the card for everyone: a member gets the channel's view, not a refusal.
    const member = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.forecast', { sittingId }, COPIL_CHANNEL),
    );
    expect(textOf(member.body.value)).not.toContain('Action impossible');
    expect(textOf(member.body.value)).not.toContain('Annuler la séance');
    expect(textOf(member.body.value)).toContain('Séance convoquée — COPIL RReT');
  });
});

describe('a way back to the forecast', () => {
  it('« Relevé de décisions » before the sitting: the refusal has a button back to the forecast', async () => {
    const refused = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.minutes.open', { sittingId }));
    expect(textOf(refused.body.value)).toContain('La séance n’a pas encore eu lieu');
    const back = button(refused.body.value, 'Revenir à la prévision du quorum');
    expect(back).toMatchObject({ verb: 'meeting.forecast', data: { sittingId } });
    const forecast = await click(USERS.claire, back);
    expect(textOf(forecast.body.value)).toContain('Modifier la séance');
    expect(textOf(forecast.body.value)).toContain('Annuler la séance');
    expect(textOf(forecast.body.value)).toContain('Preuve d’envoi (CSV)');
  });

  it('« Modifier la séance » opened and not sent: « Annuler » restores the forecast, changing nothing', async () => {
    const form = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.edit', { sittingId }));
    const cancel = button(form.body.value, 'Annuler');
    expect(cancel).toMatchObject({ verb: 'card.back', associatedInputs: 'none' });
    const before = (await h.bot.store.meetings.get(sittingId))!.version;
    const back = await click(USERS.claire, cancel, { place: 'Ailleurs' });
    expect(textOf(back.body.value)).toContain('Prévision du quorum — COPIL RReT');
    expect(textOf(back.body.value)).toContain('Modifier la séance');
    expect((await h.bot.store.meetings.get(sittingId))!.version).toBe(before);
  });

  it('« Annuler » on a form opened by a command closes it, saying nothing was sent', async () => {
    const form = await replyTo(USERS.claire, 'convoquer copil', 'Convoquer');
    const closed = await click(USERS.claire, button(form, 'Annuler'));
    expect(textOf(closed.body.value)).toContain('Rien n’a été envoyé');
  });

  it('« card.back » goes back to reading cards only, never to an action', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'card.back', {
        back: { verb: 'meeting.cancel', data: { sittingId, reason: 'x' } },
      }),
    );
    expect(textOf(res.body.value)).toContain('Action impossible');
    expect((await h.bot.store.meetings.get(sittingId))!.status).not.toBe('annulee');
  });
});

describe('« mes séances », « mes scrutins », « mes campagnes », « mes litiges »', () => {
  it('« mes séances » lists what the person organises, each with a button to its forecast', async () => {
    const card = await replyTo(USERS.claire, 'mes séances', 'Mes séances');
    expect(textOf(card)).toContain('COPIL RReT');
    const open = button(card, 'Prévision du quorum');
    expect(open).toMatchObject({ verb: 'meeting.forecast', data: { sittingId } });
    const none = await replyTo(USERS.amina, 'mes séances', 'Mes séances');
    expect(textOf(none)).toContain('Vous n’organisez aucune séance');
  });

  it('keeps « mes convocations » and routes « mes votes » / « mes scrutins » to ballots', async () => {
    expect(textOf(await replyTo(USERS.amina, 'mes convocations', 'Mes convocations'))).toContain('COPIL RReT');
    const ballots = await replyTo(USERS.amina, 'mes scrutins', 'Mes scrutins');
    expect(textOf(ballots)).not.toContain('Mes convocations');
    expect(textOf(await replyTo(USERS.amina, 'mes votes', 'Mes scrutins'))).toContain('Aucun scrutin');
  });
});

describe('« mes campagnes », « mes litiges »', () => {
  it('« mes campagnes »: the coordinator gets the follow-up card, the référent their own', async () => {
    const day = dayFromNow;
    const opened = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
        title: 'Besoins 2027',
        segments: 'Fournitures de bureau',
        deadline: day(10),
      }),
    );
    const campaignId = JSON.stringify(opened.body.value).match(/"campaignId":"([^"]+)"/)![1]!;
    const coordinator = await replyTo(USERS.sophie, 'mes campagnes', 'Mes campagnes');
    expect(button(coordinator, 'Suivre la campagne')).toMatchObject({ verb: 'campaign.follow', data: { campaignId } });
    const referent = await replyTo(USERS.amina, 'mes campagnes', 'Mes campagnes');
    const mine = button(referent, 'Voir et répondre');
    expect(mine).toMatchObject({ verb: 'need.mine', data: { campaignId } });
    expect(textOf((await click(USERS.amina, mine)).body.value)).toContain('Besoins 2027');
    // A refusal on the référent's card leads back to it.
    const refused = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.edit', { campaignId, needId: 'aucun' }),
    );
    expect(button(refused.body.value, 'Revenir à la campagne')).toMatchObject({ verb: 'need.mine' });
  });

  it('« mes litiges » says when there is none', async () => {
    expect(textOf(await replyTo(USERS.amina, 'mes litiges', 'Mes litiges'))).toContain('Aucun litige');
  });
});

describe('after the relevé', () => {
  it('points to a card that exists, with a button', async () => {
    const sitting = (await h.bot.store.meetings.get(sittingId))!;
    skipped = Date.parse(sitting.startsAt) + 3 * 3_600_000 - Date.now();
    const attendance = Object.fromEntries(sitting.memberKeys.map((_, n) => [`att_${n}`, 'present']));
    const done = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.minutes.record', {
        sittingId,
        ...attendance,
        dec_0: 'Avis favorable',
        dec_1: 'Reporté',
      }),
    );
    expect(textOf(done.body.value)).toContain('Relevé de décisions enregistré');
    const back = button(done.body.value, 'Prévision du quorum');
    expect(back).toMatchObject({ verb: 'meeting.forecast', data: { sittingId } });
    const forecast = await click(USERS.claire, back);
    expect(textOf(forecast.body.value)).toContain('Relevé de décisions');
    skipped = 0;
  });
});
