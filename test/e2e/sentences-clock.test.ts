import { USERS, TestUser, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

// Issue 22: the dates of a sentence are the centrale's local days at 00:30, on the night the
// clocks go forward and when the date is just past — through the bot's real endpoint. Claire
// organises the COPIL RReT (copil-reseau) of the Métropole de Lyon (Europe/Paris).

let now = new Date('2026-12-01T23:30:00Z');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({}, { clock: { now: () => now } });
}, 60_000);
afterAll(() => h.stop());
beforeEach(() => h.connector.reset());

async function say(user: TestUser, text: string): Promise<any> {
  await h.post(message(h.connector.url, user, text));
  return cardOf(await h.connector.waitFor(() => h.connector.sent().at(-1)));
}

const inputValue = (card: unknown, id: string): string | undefined =>
  JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];

/** The card's Action.Execute buttons, as a person sees them, in order. */
function buttons(card: unknown): Array<{ title: string; verb: string; data: Record<string, string> }> {
  const found: Array<{ title: string; verb: string; data: Record<string, string> }> = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Execute') found.push({ title: node.title, verb: node.verb, data: node.data });
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

const meetingsStored = async () =>
  (await h.bot.store.cosmos.container('meetings').items.query('SELECT c.id FROM c').fetchAll()).resources.length;

describe('a sentence’s date is the centrale’s day', () => {
  it('« convoquer le COPIL demain à 9 h » at 00:30 in Paris (23:30 the day before in UTC) → the next Paris day', async () => {
    now = new Date('2026-12-01T23:30:00Z'); // Wednesday 2 December, 00:30 in Lyon
    const before = await meetingsStored();
    const card = await say(USERS.claire, 'convoquer le COPIL demain à 9 h');
    expect(textOf(card)).toContain('J’ai compris : COPIL RReT, jeudi 3 décembre 2026 à 9 h.');
    expect(textOf(card)).toContain('Convoquer une séance');
    expect(inputValue(card, 'instanceId')).toBe('copil-reseau');
    expect(inputValue(card, 'date')).toBe('2026-12-03');
    expect(inputValue(card, 'time')).toBe('09:00');
    expect(h.connector.sent().length).toBe(1);
    expect(await meetingsStored()).toBe(before);
  });

  it('« demain à 2 h 30 » the day before the clocks go forward → the card says that hour does not exist', async () => {
    now = new Date('2026-03-28T09:00:00Z'); // Saturday 28 March 2026, 10:00 in Lyon
    const before = await meetingsStored();
    const card = await say(USERS.claire, 'convoquer le COPIL demain à 2 h 30');
    const text = textOf(card);
    expect(text).toContain('J’ai compris : COPIL RReT, dimanche 29 mars 2026 à 2 h 30.');
    expect(text).toContain('Attention : 2 h 30 n’existe pas cette nuit-là (passage à l’heure d’été)');
    expect(inputValue(card, 'date')).toBe('2026-03-29');
    expect(await meetingsStored()).toBe(before);

    // The same words the day before the autumn change: 02:30 exists (twice), no warning.
    now = new Date('2026-10-24T08:00:00Z');
    const autumn = textOf(await say(USERS.claire, 'convoquer le COPIL demain à 2 h 30'));
    expect(autumn).toContain('J’ai compris : COPIL RReT, dimanche 25 octobre 2026 à 2 h 30.');
    expect(autumn).not.toContain('n’existe pas');
  });

  it('« convoquer le COPIL le 1er décembre » said on 2 December → asked first; its first button → next year’s date', async () => {
    now = new Date('2026-12-02T09:00:00Z'); // Wednesday 2 December, 10:00 in Lyon
    const before = await meetingsStored();
    const sentence = 'convoquer le COPIL le 1er décembre';
    const question = await say(USERS.claire, sentence);
    expect(textOf(question)).toContain('Cette date est passée');
    expect(textOf(question)).toContain('Le mardi 1er décembre 2026 est déjà passé. Quelle date voulez-vous ?');
    const choices = buttons(question).filter((b) => b.verb === 'sentence.choose');
    expect(choices.map((b) => b.title)).toEqual([
      'Le mercredi 1er décembre 2027',
      'Choisir la date dans le formulaire',
    ]);
    expect(inputValue(question, 'date')).toBeUndefined();

    const res = await h.post(cardAction(h.connector.url, USERS.claire, choices[0]!.verb, choices[0]!.data));
    const form = res.body.value;
    expect(textOf(form)).toContain('J’ai compris : COPIL RReT, mercredi 1er décembre 2027.');
    expect(inputValue(form, 'instanceId')).toBe('copil-reseau');
    expect(inputValue(form, 'date')).toBe('2027-12-01');
    expect(await meetingsStored()).toBe(before);

    // The second button: the form, its date left for the person to choose.
    const open = (await h.post(cardAction(h.connector.url, USERS.claire, choices[1]!.verb, choices[1]!.data))).body
      .value;
    expect(textOf(open)).toContain('Convoquer une séance');
    expect(inputValue(open, 'date')).not.toBe('2026-12-01');
    expect(await meetingsStored()).toBe(before);
  });

  it('a past date with its year is not offered next year', async () => {
    now = new Date('2026-12-02T09:00:00Z');
    const question = await say(USERS.claire, 'convoquer le COPIL le 1er décembre 2026');
    expect(textOf(question)).toContain('Le mardi 1er décembre 2026 est déjà passé.');
    expect(
      buttons(question)
        .filter((b) => b.verb === 'sentence.choose')
        .map((b) => b.title),
    ).toEqual(['Choisir la date dans le formulaire']);
  });
});
