import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { USERS, botAdded, cardAction } from '../support/activities';

/**
 * What walking every flow as each kind of person found: each case a button or a text a person
 * met that led nowhere or read wrong.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.connector.reset());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const actionsOf = (card: any): Array<{ title: string; verb: string; data?: Record<string, unknown> }> =>
  card?.actions ?? [];

describe('an unregistered person', () => {
  it('is welcomed with buttons that all lead somewhere (no « Voir les instances » refused)', async () => {
    const where = { kind: 'personal' as const, conversationId: 'a:walk-stranger' };
    await h.post(botAdded(h.connector.url, USERS.stranger, where));
    const sent = await h.connector.waitFor(() => h.connector.sent(where.conversationId).at(-1));
    const welcome = cardOf(sent);
    expect(textOf(welcome)).toContain('pas encore enregistré·e');
    const buttons = actionsOf(welcome);
    expect(buttons.map((b) => b.title)).toEqual(['Que puis-je faire ?']);
    for (const b of buttons) {
      const res = await h.post(cardAction(h.connector.url, USERS.stranger, b.verb, b.data ?? {}, where));
      const answer = textOf(res.body.value);
      expect(answer).toContain('administrateur');
      expect(answer).not.toContain('Action impossible');
    }
  });

  it('a registered person keeps both buttons', async () => {
    const where = { kind: 'personal' as const, conversationId: 'a:walk-amina' };
    await h.post(botAdded(h.connector.url, USERS.amina, where));
    const sent = await h.connector.waitFor(() => h.connector.sent(where.conversationId).at(-1));
    expect(actionsOf(cardOf(sent)).map((b) => b.title)).toEqual(['Que puis-je faire ?', 'Voir les instances']);
  });
});
