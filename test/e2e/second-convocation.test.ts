import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, USERS, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { convocationForm } from '../support/forms';

/**
 * CGCT L2121-17: when the relevé shows the quorum missed, the organiser convenes the instance
 * again, at least three days later, on the same agenda, and that sitting deliberates without
 * quorum.
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
/** A date N days after the (skipped) clock's today, as the form holds it. */
const dayAfter = (from: Date, n: number) => new Date(from.getTime() + n * 86_400_000).toISOString().slice(0, 10);
let firstId = '';

beforeAll(async () => {
  h = await startHarness({}, { clock });
  const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.create', convocationForm()));
  firstId = JSON.stringify(res.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
  const first = (await h.bot.store.meetings.get(firstId))!;
  // The sitting is held: only Claire came, the quorum is missed.
  skipped = Date.parse(first.startsAt) + 3_600_000 - Date.now();
  const attendance = Object.fromEntries(
    first.memberKeys.map((k, n) => [`att_${n}`, k === key(USERS.claire) ? 'present' : 'absent']),
  );
  const recorded = await h.post(
    cardAction(h.connector.url, USERS.claire, 'meeting.minutes.record', {
      sittingId: firstId,
      ...attendance,
      dec_0: 'Non délibéré : quorum non atteint',
      dec_1: 'Non délibéré : quorum non atteint',
    }),
  );
  expect(textOf(recorded.body.value)).toContain('Relevé de décisions enregistré');
  expect((await h.bot.store.meetings.get(firstId))!.minutes?.quorumReached).toBe(false);
});
afterAll(() => h.stop());

describe('a missed quorum leads to a second convocation without quorum (CGCT L2121-17)', () => {
  it('is offered to the organiser once the relevé shows the quorum missed, and to nobody else', async () => {
    const forecast = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId: firstId }),
    );
    const titles = (forecast.body.value.actions as Array<{ title: string }>).map((a) => a.title);
    expect(titles).toContain('Convoquer à nouveau, sans quorum');
    const member = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.reconvene', { sittingId: firstId }));
    expect(textOf(member.body.value)).toContain('Seuls les organisateurs');
  });

  it('opens the form with the same agenda and a first date at least three days after the first sitting', async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.reconvene', { sittingId: firstId }));
    const card = res.body.value;
    expect(textOf(card)).toContain('Deuxième convocation, sans condition de quorum');
    expect(textOf(card)).toContain('CGCT L2121-17');
    const json = JSON.stringify(card);
    expect(json).toContain('Programmation 2027 ; Direction Achats');
    expect(json).toContain(`"secondOf":"${firstId}"`);
    const first = (await h.bot.store.meetings.get(firstId))!;
    const proposed = json.match(/"id":"date"[^}]*"value":"(\d{4}-\d{2}-\d{2})"/)?.[1] ?? '';
    expect(proposed >= dayAfter(new Date(first.startsAt), 3)).toBe(true);
  });

  it('refuses a date less than three days after, or another agenda, and stores nothing', async () => {
    const first = (await h.bot.store.meetings.get(firstId))!;
    const before = (await h.bot.store.meetings.ofInstance('metropole-de-lyon', 'copil-reseau')).length;
    // Urgency lets the notice be short: only the three-day interval refuses it.
    const tooSoon = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        convocationForm({
          secondOf: firstId,
          date: dayAfter(new Date(first.startsAt), 2),
          urgency: 'true',
          urgencyReason: 'Quorum non atteint',
        }),
      ),
    );
    expect(textOf(tooSoon.body.value)).toContain('trois jours au moins après la première séance');
    const otherAgenda = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        convocationForm({ secondOf: firstId, date: dayAfter(clock.now(), 10), agenda: 'Autre chose' }),
      ),
    );
    expect(textOf(otherAgenda.body.value)).toContain('reprend l’ordre du jour de la première séance');
    expect(JSON.stringify(otherAgenda.body.value)).toContain('Autre chose');
    expect(await h.bot.store.meetings.ofInstance('metropole-de-lyon', 'copil-reseau')).toHaveLength(before);
  });

  it('convenes the second sitting without quorum; the convocation says so', async () => {
    h.connector.reset();
    const res = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        convocationForm({ secondOf: firstId, date: dayAfter(clock.now(), 10) }),
      ),
    );
    expect(textOf(res.body.value)).toContain('Pas de quorum requis');
    const secondId = JSON.stringify(res.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
    const second = (await h.bot.store.meetings.get(secondId))!;
    expect(second).toMatchObject({ secondOf: firstId, quorum: { kind: 'aucun' } });
    await h.bot.dispatcher.drain();
    const toAmina = h.connector.sent().find((a) => a.recipient?.id === USERS.amina.id);
    expect(textOf(cardOf(toAmina))).toContain('Deuxième convocation : la séance délibère sans condition de quorum');
    // A sitting whose quorum was reached (or not required) is not convened again this way.
    const again = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.reconvene', { sittingId: secondId }));
    expect(textOf(again.body.value)).toContain('suit une séance dont le relevé constate');
  });
});
