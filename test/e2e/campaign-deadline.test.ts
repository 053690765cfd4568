import { needForm } from '../support/scenarios';
import { COPIL_CHANNEL, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';

/**
 * The rule « a needs campaign closes at its deadline »: the end of the deadline day in the
 * centrale's time zone (Europe/Paris for the demo), by a durable timer; after it, needs are
 * refused with the deadline named, until the coordination extends it (« Prolonger »), and the
 * coordination's card shows the late answers as such and the history of extensions.
 */
let h: Harness;
/** A fixed calendar: the bot's clock starts on Tuesday 5 January 2027, 10:00 in Paris. */
const start = Date.now();
let at = Date.parse('2027-01-05T09:00:00Z');
const clock = { now: () => new Date(at + (Date.now() - start)) };
const setClock = (iso: string) => {
  at = Date.parse(iso) - (Date.now() - start);
};
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const need = needForm;
let campaignId = '';

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  const res = await h.post(
    cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
      title: 'Besoins 2028',
      segments: 'Fournitures de bureau',
      deadline: '2027-01-15',
      channelInstanceId: 'copil-reseau',
    }),
  );
  campaignId = JSON.stringify(res.body.value).match(/"(campagne-[^"]+)"/)![1]!;
});
afterAll(() => h.stop());

describe('a needs campaign closes at its deadline', () => {
  let draftId = '';

  it('accepts needs until the end of the deadline day in the centrale’s time zone', async () => {
    const draft = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, ...need({ submit: 'false' }) }),
    );
    draftId = JSON.stringify(draft.body.value).match(/"(besoin-[^"]+)"/)![1]!;
    setClock('2027-01-15T22:50:00Z'); // 23:50 in Paris, the last day
    await h.bot.scheduler.tick();
    expect((await h.bot.store.needs.getCampaign(campaignId))!.status).toBe('ouverte');
    const last = await h.post(
      cardAction(h.connector.url, USERS.jean, 'need.save', { campaignId, ...need({ description: 'Papier couleur' }) }),
    );
    expect(textOf(last.body.value)).toContain('Besoin envoyé à la coordination');
  });

  it('closes at midnight in Paris, once, by the durable timer', async () => {
    setClock('2027-01-15T23:00:30Z'); // 00:00:30 on 16 January in Paris
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    const c = (await h.bot.store.needs.getCampaign(campaignId))!;
    expect(c.status).toBe('close');
  });

  it('refuses needs, withdrawals and « néant » after it, naming the deadline', async () => {
    setClock('2027-01-17T10:00:00Z'); // two days after the deadline
    const late = await h.post(cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, ...need() }));
    expect(textOf(late.body.value)).toContain('La campagne « Besoins 2028 » est close depuis le 15 janvier 2027');
    expect(textOf(late.body.value)).not.toContain('Besoin envoyé');
    const sent = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, needId: draftId, ...need() }),
    );
    expect(textOf(sent.body.value)).toContain('close depuis le 15 janvier 2027');
    const withdraw = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.withdraw', { campaignId, needId: draftId }),
    );
    expect(textOf(withdraw.body.value)).toContain('close depuis le 15 janvier 2027');
    const nothing = await h.post(cardAction(h.connector.url, nadia, 'need.nothing', { campaignId }));
    expect(textOf(nothing.body.value)).toContain('close depuis le 15 janvier 2027');
    expect(textOf(nothing.body.value)).toContain('prolonger');
    const needs = await h.bot.store.needs.needs(campaignId);
    expect(needs.map((n) => n.status).sort()).toEqual(['brouillon', 'soumis']);
    expect(await h.bot.store.needs.answers(campaignId)).toEqual([]);
  });

  it('« Prolonger » on the coordination card: a later date, accepted again, late answers and history shown', async () => {
    const follow = await h.post(cardAction(h.connector.url, USERS.sophie, 'campaign.follow', { campaignId }));
    expect(JSON.stringify(follow.body.value)).toContain('"verb":"campaign.extend"');
    expect(textOf(follow.body.value)).toContain('Campagne close depuis le 15 janvier 2027');
    const byMember = await h.post(
      cardAction(h.connector.url, USERS.amina, 'campaign.extend', { campaignId, deadline: '2027-01-29' }),
    );
    expect(textOf(byMember.body.value)).toContain('Seuls les coordinateurs');
    const earlier = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.extend', { campaignId, deadline: '2027-01-16' }),
    );
    expect(textOf(earlier.body.value)).toContain('choisissez une date à venir');
    const extended = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.extend', { campaignId, deadline: '2027-01-29' }),
    );
    expect(textOf(extended.body.value)).toContain('Date limite : vendredi 29 janvier 2027');
    expect(textOf(extended.body.value)).toContain(
      'Prolongée le 17 janvier 2027 par Sophie Bernard : du 15 janvier 2027 au 29 janvier 2027',
    );
    expect((await h.bot.store.needs.getCampaign(campaignId))!.status).toBe('ouverte');

    const sent = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, needId: draftId, ...need() }),
    );
    expect(textOf(sent.body.value)).toContain('Besoin envoyé à la coordination');
    const nothing = await h.post(cardAction(h.connector.url, nadia, 'need.nothing', { campaignId }));
    expect(textOf(nothing.body.value)).toContain('Votre réponse : néant');

    const after = await h.post(cardAction(h.connector.url, USERS.sophie, 'campaign.follow', { campaignId }));
    const text = textOf(after.body.value);
    expect(text).toContain(
      'Réponses en retard (après le 15 janvier 2027) : Ville de Villeurbanne, Ville de Vénissieux',
    );
    const villeurbanne = text.split('\n').find((l) => l.includes('Ville de Villeurbanne ·'))!;
    expect(villeurbanne).toContain('envoyé en retard');
    const bron = text.split('\n').find((l) => l.includes('Ville de Bron ·'))!;
    expect(bron).not.toContain('en retard');
  });

  it('closes again at the new deadline (the first timer does not close the extended campaign)', async () => {
    setClock('2027-01-29T22:00:00Z'); // 23:00 in Paris on the new last day
    await h.bot.scheduler.tick();
    expect((await h.bot.store.needs.getCampaign(campaignId))!.status).toBe('ouverte');
    setClock('2027-01-29T23:00:30Z');
    await h.bot.scheduler.tick();
    expect((await h.bot.store.needs.getCampaign(campaignId))!.status).toBe('close');
    const late = await h.post(cardAction(h.connector.url, USERS.jean, 'need.nothing', { campaignId }));
    expect(textOf(late.body.value)).toContain('close depuis le 29 janvier 2027');
  });
});
