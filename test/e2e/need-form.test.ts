import { dayFromNow } from '../support/forms';
import { COPIL_CHANNEL, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { press } from '../support/card-client';

/**
 * The need form as a référent meets it in Teams: sent untouched it answers (saved, or what to
 * complete, field by field), never silence; pressed twice it declares one need.
 */
let h: Harness;
let campaignId = '';
const day = dayFromNow;

/** Presses a button of `card` as Amina and posts what Teams would send; fails if Teams would send nothing. */
async function send(card: unknown, title: string, typed: Record<string, string> = {}) {
  const pressed = press(card, title, typed);
  // What the client refuses to send, and the message it shows (undefined: nothing at all).
  if (!pressed.sent) expect(pressed.refused).toEqual([]);
  if (!pressed.sent) throw new Error('not sent');
  return h.post(cardAction(h.connector.url, USERS.amina, pressed.verb, pressed.data));
}
const newForm = async () =>
  (await h.post(cardAction(h.connector.url, USERS.amina, 'need.new', { campaignId }))).body.value;

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  const opened = await h.post(
    cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
      title: 'Besoins 2027',
      segments: 'Fournitures de bureau\nRestauration collective',
      deadline: day(10),
    }),
  );
  campaignId = JSON.stringify(opened.body.value).match(/"(campagne-[^"]+)"/)![1]!;
});
afterAll(() => h.stop());

describe('the need form', () => {
  it('sent with the defaults it carries, answers: the draft is saved, the sending says what to complete', async () => {
    const form = await newForm();
    const sent = await send(form, 'Envoyer à la coordination');
    const text = textOf(sent.body.value);
    expect(text).toContain('Le besoin n’est pas envoyé');
    expect(text).toContain('Description du besoin');
    expect(text).toContain('Décrivez le besoin en quelques mots.');
    expect(text).not.toContain('Indiquez la durée');
    const draft = await send(form, 'Enregistrer le brouillon');
    expect(textOf(draft.body.value)).toContain('Brouillon enregistré');
    const [need] = await h.bot.store.needs.needs(campaignId);
    expect(need).toMatchObject({ status: 'brouillon', durationMonths: 12 });
  });

  it('refuses a duration outside 1 to 120 months, on the card and on the server, in the same words', async () => {
    const form = await newForm();
    const pressed = press(form, 'Envoyer à la coordination', { duration: '0' });
    expect(pressed).toEqual({
      sent: false,
      refused: [{ id: 'duration', errorMessage: 'Indiquez la durée en mois : un nombre entier de 1 à 120.' }],
    });
    const data = JSON.parse(JSON.stringify(form.actions[0].data));
    const posted = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', { ...data, submit: 'false', duration: '0' }),
    );
    expect(textOf(posted.body.value)).toContain('Indiquez la durée en mois : un nombre entier de 1 à 120.');
    expect(textOf(posted.body.value)).toContain('Durée (mois)');
  });

  it('refuses a description over 2,000 characters, saying by how much, the form back with what was typed; stores 1,990 whole', async () => {
    const before = await h.bot.store.needs.needs(campaignId);
    const form = await newForm();
    expect(textOf(form)).toContain('Description du besoin (2\u202f000 caractères au plus)');
    const long = 'Ramettes de papier recyclé pour les écoles, livrées chaque trimestre. '.repeat(40).slice(0, 2_500);
    const refused = await send(form, 'Envoyer à la coordination', { description: long, quantity: '40' });
    const back = refused.body.value;
    expect(textOf(back)).toContain('Le besoin n’est pas envoyé');
    expect(textOf(back)).toContain(
      '« Description du besoin » : 2\u202f500 caractères pour 2\u202f000 au plus ; retirez-en 500.',
    );
    const again = press(back, 'Envoyer à la coordination');
    expect(again).toMatchObject({ sent: true, data: { description: long, quantity: '40' } });
    expect(await h.bot.store.needs.needs(campaignId)).toEqual(before);

    const whole = long.slice(0, 1_990);
    await send(back, 'Enregistrer le brouillon', { description: whole });
    const stored = (await h.bot.store.needs.needs(campaignId)).find((n) => n.description.length > 1_000);
    expect(stored?.description).toBe(whole.trim());
  });

  it('pressed twice at once declares one need', async () => {
    const before = (await h.bot.store.needs.needs(campaignId)).length;
    const form = await newForm();
    const typed = {
      description: 'Ramettes de papier A3',
      quantity: '40',
      unit: 'ramettes',
      annual: '200',
      total: '600',
    };
    const [a, b] = await Promise.all([
      send(form, 'Envoyer à la coordination', typed),
      send(form, 'Envoyer à la coordination', typed),
    ]);
    expect(textOf(a.body.value)).toContain('Besoin envoyé à la coordination');
    expect(textOf(b.body.value)).toContain('Besoin envoyé à la coordination');
    const needs = (await h.bot.store.needs.needs(campaignId)).filter((n) => n.description === 'Ramettes de papier A3');
    expect(needs).toHaveLength(1);
    expect((await h.bot.store.needs.needs(campaignId)).length).toBe(before + 1);
  });
});
