import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { press } from '../support/card-client';

/**
 * A vote stage of the validation circuit whose ballot closes without its quorum: not an
 * unfavourable opinion. The owner's card says so and offers to relaunch the stage (a new
 * ballot, held under the second-convocation rule of the instance: CGCT L2121-17 for the Comité
 * de pilotage) or to stop the circuit. The relaunched ballot, voted favourably, moves the
 * circuit on; both attempts stay in the history.
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const CIRCUIT = 'circuit-quorum-2027';
const FIRST = `scrutin-${CIRCUIT}-0`;

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  // The Comité de pilotage (CGCT preset: majority of the members in office) has three members:
  // two votes make the quorum.
  await h.bot.store.governance.updateInstance('metropole-de-lyon', 'comite-de-pilotage', (i) =>
    withMembers(i, [key(USERS.claire), key(USERS.amina), key(USERS.jean)], [key(USERS.claire)]),
  );
  await h.bot.store.governance.updateInstance('metropole-de-lyon', 'comite-de-dg', (i) =>
    withMembers(i, [key(USERS.claire), key(USERS.jean)], [key(USERS.claire)]),
  );
});
afterAll(() => h.stop());

const status = async (as = USERS.claire) =>
  (await h.post(cardAction(h.connector.url, as, 'circuit.status', { circuitId: CIRCUIT }))).body.value;

describe('a vote stage closed without its quorum', () => {
  it('is not an unfavourable opinion: the owner may relaunch the stage, once, and the circuit goes on', async () => {
    const started = await h.post(
      cardAction(h.connector.url, USERS.claire, 'circuit.start', {
        circuitId: CIRCUIT,
        subjectKind: 'programme',
        subject: 'Programmation 2027',
        voteDays: '5',
        stage0: 'comite-de-pilotage',
        kind0: 'vote',
        stage1: 'comite-de-dg',
        kind1: 'vote',
      }),
    );
    expect(textOf(started.body.value)).toContain('En cours : étape 1 sur 2');
    await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.vote', { ballotId: FIRST, choice: 'Pour' }));
    await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.close', { ballotId: FIRST }));
    expect((await h.bot.store.ballots.get(FIRST))!.result!.outcome).toBe('quorum-non-atteint');

    const card = await status();
    const text = textOf(card);
    expect(text).toContain('Quorum non atteint à l’étape 1 — Comité de pilotage. Ce n’est pas un avis défavorable');
    expect(text).not.toContain('Terminée : défavorable');
    expect(text).not.toContain('Arrêté');
    // The rule the new ballot follows is on the card.
    expect(text).toContain('sans condition de quorum (CGCT L2121-17)');
    const relaunch = press(card, 'Relancer l’étape');
    expect(relaunch.sent).toBe(true);
    if (!relaunch.sent) return;
    expect(() => press(card, 'Confirmer l’arrêt du circuit')).not.toThrow();

    // Only the circuit's owner relaunches it: a member of the stage is refused, nothing changes.
    const before = await h.bot.store.circuits.get(CIRCUIT);
    const byJean = await h.post(cardAction(h.connector.url, USERS.jean, relaunch.verb, relaunch.data));
    expect(textOf(byJean.body.value)).toContain('Seul le porteur du circuit');
    expect(await h.bot.store.circuits.get(CIRCUIT)).toEqual(before);

    // Two presses (a double click): one relaunch, one new ballot.
    const [a, b] = await Promise.all([
      h.post(cardAction(h.connector.url, USERS.claire, relaunch.verb, relaunch.data)),
      h.post(cardAction(h.connector.url, USERS.claire, relaunch.verb, relaunch.data)),
    ]);
    for (const r of [a, b]) expect(textOf(r.body.value)).toContain('En cours : étape 1 sur 2');
    const circuit = (await h.bot.store.circuits.get(CIRCUIT))!;
    expect(circuit.stages[0]!.attempts).toHaveLength(1);
    const second = circuit.stages[0]!.ballotId!;
    expect(second).not.toBe(FIRST);
    const events = await h.bot.store.ballots.events(CIRCUIT);
    expect(events.filter((e) => e.detail.startsWith('Étape 1 relancée'))).toHaveLength(1);
    // A third press of the old card does nothing more.
    await h.post(cardAction(h.connector.url, USERS.claire, relaunch.verb, relaunch.data));
    expect((await h.bot.store.circuits.get(CIRCUIT))!.stages[0]!.attempts).toHaveLength(1);

    // Second convocation (CGCT L2121-17): three days at least after the first, no quorum.
    const ballot = (await h.bot.store.ballots.get(second))!;
    expect(ballot.quorum).toEqual({ kind: 'aucun' });
    const firstClosed = Date.parse((await h.bot.store.ballots.get(FIRST))!.result!.closedAt);
    expect(Date.parse(ballot.opensAt) - firstClosed).toBeGreaterThanOrEqual(3 * 86_400_000 - 60_000);
    expect(ballot.status).toBe('programme');
    skipped = Date.parse(ballot.opensAt) + 60_000 - Date.now();
    await h.bot.scheduler.tick();
    for (let i = 0; i < 50 && (await h.bot.store.ballots.get(second))!.status !== 'ouvert'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await h.bot.store.ballots.get(second))!.status).toBe('ouvert');

    await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.vote', { ballotId: second, choice: 'Pour' }));
    await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.close', { ballotId: second }));
    const after = textOf(await status());
    expect(after).toContain('En cours : étape 2 sur 2');
    // The history keeps both attempts.
    expect(after).toContain('1re tentative');
    expect(after).toContain('Quorum non atteint');
    expect(after).toContain('Adopté');
    const moved = (await h.bot.store.circuits.get(CIRCUIT))!;
    expect(moved.stages.map((s) => s.status)).toEqual(['favorable', 'en-cours']);
    expect(await h.bot.store.ballots.get(FIRST)).not.toBeNull();
    const trail = (await h.bot.store.ballots.events(CIRCUIT)).map((e) => e.detail);
    expect(trail.some((d) => /^Étape 1 \(Comité de pilotage\) : quorum non atteint/.test(d))).toBe(true);
    expect(trail.some((d) => /^Étape 1 \(Comité de pilotage\) : favorable/.test(d))).toBe(true);
  });
});
