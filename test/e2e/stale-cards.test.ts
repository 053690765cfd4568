import { COPIL_CHANNEL, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { convocationForm, dayFromNow } from '../support/forms';

/**
 * No stale or contradictory card: one change is one « Séance modifiée » card in the channel; a
 * voter and the organiser read the same participation; a closed ballot's channel card says so;
 * a cancelled sitting's cards (the members' and the channel's) say « Séance annulée » and offer
 * nothing to answer or add to a calendar; an old button answers in plain French with a way back.
 */
let h: Harness;

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
const titles = (card: any) => actionsOf(card).map((a) => a.title);
/** The channel's cards since the last reset: each message posted, and each one updated as it now stands. */
function channelCards(): any[] {
  const inChannel = (c: any) => c.conversationId.split(';')[0] === COPIL_CHANNEL.conversationId;
  const posted = h.connector.calls.filter((c) => c.method === 'POST' && inChannel(c) && c.status < 300);
  const updated = new Map<string, any>();
  for (const c of h.connector.calls.filter((x) => x.method === 'PUT' && inChannel(x) && x.status < 300))
    updated.set(c.path, cardOf(c.body));
  return [...posted.map((c) => cardOf(c.body)), ...updated.values()];
}
const puts = (conversationId: string, marker: string) =>
  h.connector.calls.filter(
    (c) =>
      c.method === 'PUT' &&
      c.conversationId.split(';')[0] === conversationId &&
      textOf(cardOf(c.body)).includes(marker),
  );
const idIn = (card: unknown, field: string) => JSON.stringify(card).match(new RegExp(`"${field}":"([^"]+)"`))![1]!;
/** Convenes the COPIL RReT, once its five cards (four members, the channel) are posted. */
const convene = async (over: Record<string, string> = {}) => {
  h.connector.reset();
  const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.create', convocationForm(over)));
  const sittingId = idIn(res.body.value, 'sittingId');
  await h.connector.waitFor(() => h.connector.sent().length >= 5, 8_000);
  // And their delivery records written (the message ids a later update needs): under load the
  // record can land a moment after Teams accepted the message.
  const outbox = h.bot.store.cosmos.container('outbox');
  for (let i = 0; i < 160; i++) {
    const { resources } = await outbox.items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
    if (resources[0] === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return sittingId;
};

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('a change to a sitting', () => {
  it('leaves one « Séance modifiée » card in the channel; the replaced one points to it and takes no answer', async () => {
    const sittingId = await convene();
    h.connector.reset();
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.update', {
        ...convocationForm({ place: 'Salle 3, rue du Lac' }),
        sittingId,
      }),
    );
    // The new convocation is posted, and the first one updated.
    await h.connector.waitFor(
      () =>
        h.connector.sent(COPIL_CHANNEL.conversationId).length >= 1 &&
        h.connector.calls.some((c) => c.method === 'PUT' && c.conversationId === COPIL_CHANNEL.conversationId),
      8_000,
    );
    const cards = channelCards();
    expect(cards.filter((c) => textOf(c).includes('Séance modifiée'))).toHaveLength(1);
    const replaced = cards.find((c) => !textOf(c).includes('Séance modifiée'))!;
    expect(textOf(replaced)).toContain('Convocation remplacée');
    expect(replaced.refresh).toBeUndefined();
    expect(titles(replaced)).not.toContain('Présent·e');
    expect(actionsOf(replaced).length).toBeGreaterThan(0);
  });
});

describe('a ballot', () => {
  let ballotId = '';

  it('shows the voter the same participation as the organiser', async () => {
    const opened = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Désignation du rapporteur',
        question: 'Désignez-vous Amina Haddad ?',
        closeDate: dayFromNow(3),
        closeTime: '12:00',
        secret: 'true',
      }),
    );
    ballotId = idIn(opened.body.value, 'ballotId');
    await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.vote', { ballotId, choice: 'Pour' }));
    const sophie = await h.post(cardAction(h.connector.url, USERS.sophie, 'ballot.vote', { ballotId, choice: 'Pour' }));
    const manage = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.manage', { ballotId }));
    const amina = await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.view', { ballotId }));
    expect(textOf(manage.body.value)).toContain('2 votants sur 4');
    expect(textOf(sophie.body.value)).toContain('2 votants sur 4');
    expect(textOf(amina.body.value)).toContain('2 votants sur 4');
  });

  it('once closed, its channel card says so, with a button to the result, and no longer asks to vote', async () => {
    h.connector.reset();
    const closed = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.close', { ballotId }));
    expect(textOf(closed.body.value)).toContain('Adopté');
    const update = await h.connector.waitFor(
      () =>
        puts(COPIL_CHANNEL.conversationId, 'Désignation du rapporteur').find((c) =>
          textOf(cardOf(c.body)).includes('Scrutin clos'),
        ),
      8_000,
    );
    const card = cardOf(update.body);
    expect(textOf(card)).not.toContain('Votez sur votre carte personnelle');
    expect(actionsOf(card)).toContainEqual(
      expect.objectContaining({
        type: 'Action.Execute',
        title: 'Voir le résultat',
        verb: 'ballot.view',
        data: { ballotId },
      }),
    );
  });

  it('cancelled by its organiser: the answer has a way back', async () => {
    const opened = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Essai',
        question: 'Essai ?',
        closeDate: dayFromNow(3),
        closeTime: '12:00',
      }),
    );
    const id = idIn(opened.body.value, 'ballotId');
    const cancelled = await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.cancel', { ballotId: id, reason: 'Doublon' }),
    );
    expect(textOf(cancelled.body.value)).toContain('Scrutin annulé');
    expect(actionsOf(cancelled.body.value)).toContainEqual(
      expect.objectContaining({ verb: 'ballot.manage', data: { ballotId: id } }),
    );
  });
});

describe('a cancelled sitting', () => {
  let sittingId = '';

  it('updates the members’ and the channel’s convocation cards to « Séance annulée », with nothing to answer or add', async () => {
    sittingId = await convene({ date: dayFromNow(11) });
    const cancelled = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.cancel', { sittingId, reason: 'Salle indisponible' }),
    );
    expect(actionsOf(cancelled.body.value)).toContainEqual(
      expect.objectContaining({ verb: 'meeting.forecast', data: { sittingId } }),
    );
    // Five cards updated (four members, the channel), and a notice to each.
    const updated = await h.connector.waitFor(() => {
      const u = h.connector.calls.filter(
        (c) => c.method === 'PUT' && textOf(cardOf(c.body)).includes('Séance annulée'),
      );
      return new Set(u.map((c) => c.conversationId)).size >= 5 ? u : undefined;
    }, 8_000);
    const notices = await h.connector.waitFor(() => {
      const s = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Séance annulée'));
      return s.length >= 5 ? s : undefined;
    }, 8_000);
    for (const card of [...updated.map((c) => cardOf(c.body)), ...notices.map(cardOf)]) {
      expect(textOf(card)).toContain('Salle indisponible');
      expect(JSON.stringify(card)).not.toContain('Ajouter à mon agenda');
      expect(titles(card)).not.toContain('Présent·e');
      expect(titles(card)).not.toContain('Voir et répondre');
      expect(card.refresh).toBeUndefined();
    }
  });

  it('an old button answers in French that the sitting is cancelled, with a way back, and « mes convocations » offers no answer', async () => {
    const pressed = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.answer', { sittingId, choice: 'present' }),
    );
    const text = textOf(pressed.body.value);
    expect(text).toContain('Séance annulée');
    expect(text).toContain('Salle indisponible');
    expect(text).not.toContain('Action impossible');
    expect(actionsOf(pressed.body.value).length).toBeGreaterThan(0);
    expect(await h.bot.store.meetings.answersOf(sittingId)).toEqual([]);

    h.connector.reset();
    await h.post(message(h.connector.url, USERS.amina, 'mes convocations'));
    const mine = cardOf(
      await h.connector.waitFor(() => h.connector.sent().find((a) => textOf(cardOf(a)).includes('Mes convocations'))),
    );
    const row = (mine.body as any[]).find((b) => b.type === 'Container' && textOf(b).includes('annulée'));
    expect(row).toBeDefined();
    expect(titles(row)).not.toContain('Voir et répondre');
    expect(actionsOf(row).length).toBeGreaterThan(0);
  });
});

describe('after any action, a card with a way on', () => {
  it('a refusal with no card to go back to offers the help', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.jean, 'meeting.view', { sittingId: 'seance-inconnue' }, COPIL_CHANNEL),
    );
    expect(textOf(res.body.value)).toContain('Action impossible');
    const help = actionsOf(res.body.value).find((a) => a.verb === 'help.show');
    expect(help).toMatchObject({ type: 'Action.Execute', title: 'Que puis-je faire ?' });
    const shown = await h.post(cardAction(h.connector.url, USERS.jean, help.verb, help.data));
    expect(textOf(shown.body.value)).toContain('Ce que je peux faire pour vous');
  });
});
