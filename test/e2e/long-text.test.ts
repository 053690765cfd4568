import { dayFromNow } from '../support/forms';
import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, TEAM_ID, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { press } from '../support/card-client';

/**
 * Long text, through /api/messages: a dispute described in 5,000 characters is refused with
 * what to shorten, the form coming back with everything typed, nothing stored; one of 3,900 is
 * stored whole, and the committee's channel card shows a summary with « Voir tout » holding it.
 */
let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const CO_CHANNEL = {
  kind: 'channel',
  conversationId: '19:co-longs@thread.tacv2',
  channelName: 'CO Fournitures',
  teamId: TEAM_ID,
} as const;
const day = dayFromNow;
/** Sentences of ordinary words, `n` characters long. */
const prose = (n: number) => {
  const sentence = 'Les cahiers commandés pour les écoles ne sont pas arrivés, la rentrée approche. ';
  return sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n - 1) + '.';
};
/** Every Action.ShowCard of a card, by title, with the text it holds. */
const shown = (card: unknown): Array<{ title: string; text: string }> => {
  const out: Array<{ title: string; text: string }> = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.ShowCard') out.push({ title: n.title, text: textOf(n.card) });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
};
/** The card without its ShowCards: what the channel shows before anyone opens one. */
const folded = (card: any): any =>
  JSON.parse(JSON.stringify(card, (k, v) => (v && v.type === 'Action.ShowCard' ? { ...v, card: null } : v)));

let form: unknown;

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire, CO_CHANNEL));
  await h.post(
    cardAction(h.connector.url, USERS.claire, 'registry.file.save', {
      title: 'Fournitures scolaires',
      segment: 'Fournitures',
      coordinatorKey: key(USERS.sophie),
      memberKeys: key(USERS.claire),
    }),
  );
  await h.post(
    cardAction(
      h.connector.url,
      USERS.claire,
      'channel.link',
      { instanceId: 'comite-operationnel-fournitures-scolaires' },
      CO_CHANNEL,
    ),
  );
  await h.post(
    cardAction(h.connector.url, USERS.claire, 'registry.contract.save', {
      fileId: 'fournitures-scolaires',
      number: '2026-014',
      title: 'Fournitures scolaires',
      supplier: 'Papeteries Réunies',
      startDate: day(-100),
      endDate: day(600),
      memberIds: 'villeurbanne',
    }),
  );
  h.connector.reset();
  await h.post(message(h.connector.url, USERS.amina, 'litige'));
  form = cardOf(
    await h.connector.waitFor(() => h.connector.sent().find((a) => textOf(cardOf(a)).includes('Signaler un problème'))),
  );
});
afterAll(() => h.stop());

describe('a dispute’s description', () => {
  it('states its limit on the form', () => {
    expect(textOf(form)).toContain('Description (4\u202f000 caractères au plus)');
  });

  it('over 4,000 characters is refused saying what to shorten; the form comes back with all that was typed', async () => {
    const long = prose(5_000);
    const pressed = press(form, 'Signaler', { description: long, reference: 'BC-2026-118' });
    if (!pressed.sent) throw new Error('the form was not sent');
    const res = await h.post(cardAction(h.connector.url, USERS.amina, pressed.verb, pressed.data));
    const back = res.body.value;
    expect(textOf(back)).toContain('Signaler un problème sur un marché');
    expect(textOf(back)).toContain(
      '« Description » : 5\u202f000 caractères pour 4\u202f000 au plus ; retirez-en 1\u202f000.',
    );
    // Pressed again as it came back, the form sends what was typed, in the same draft.
    const again = press(back, 'Signaler');
    if (!again.sent) throw new Error('the form came back unsendable');
    const inputs = again.data;
    expect(inputs.description).toBe(long);
    expect(inputs.reference).toBe('BC-2026-118');
    expect(inputs.draftId).toBe(pressed.data.draftId);
    expect(await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).toEqual([]);
  });

  it('far over any limit (30,000 characters) gets the message alone, not an echo of it', async () => {
    const pressed = press(form, 'Signaler', { description: prose(30_000) });
    if (!pressed.sent) throw new Error('the form was not sent');
    const res = await h.post(cardAction(h.connector.url, USERS.amina, pressed.verb, pressed.data));
    expect(textOf(res.body.value)).toContain('« Description » : 30\u202f000 caractères pour 4\u202f000 au plus');
    expect(JSON.stringify(res.body.value).length).toBeLessThan(5_000);
    expect(await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).toEqual([]);
  });

  it('of 3,900 characters is stored whole; the channel card shows a summary and « Voir tout » with all of it', async () => {
    const text = prose(3_900);
    const pressed = press(form, 'Signaler', { description: text });
    if (!pressed.sent) throw new Error('the form was not sent');
    const res = await h.post(cardAction(h.connector.url, USERS.amina, pressed.verb, pressed.data));
    const ref = textOf(res.body.value).match(/LIT-\d{4}-\d{4}/)![0];
    const [stored] = await h.bot.store.disputes.listByCentrale('metropole-de-lyon');
    expect(stored!.description).toBe(text);

    const posted = await h.connector.waitFor(() =>
      h.connector
        .sent()
        .find((a) => a.conversation?.id === CO_CHANNEL.conversationId && textOf(cardOf(a)).includes(ref)),
    );
    const card = cardOf(posted);
    const visible = textOf(folded(card));
    // A summary: the text's start, ending on a whole word, then « … »; the rest is not shown.
    const summary = visible.split('\n').find((l) => text.startsWith(l.replace(/…$/, '')) && l.endsWith('…'))!;
    expect(summary).toBeDefined();
    expect(summary.length).toBeLessThanOrEqual(301);
    expect(text.charAt(summary.length - 1)).toMatch(/[\s,.]/);
    expect(visible).not.toContain(text);
    expect(visible.length).toBeLessThan(1_500);
    const more = shown(card).filter((s) => s.title === 'Voir tout');
    expect(more).toHaveLength(1);
    expect(more[0]!.text).toBe(text);
  });
});
