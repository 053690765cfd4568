import { PURGE_JOB, nextPurge, purgeExpired } from '../../src/app/privacy/retention-purge';
import { loadConfig } from '../../src/config';
import { personKey } from '../../src/domain/identity';
import { retentionOf } from '../../src/domain/retention';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, startHarness } from '../support/bot-harness';

const DAY = 86_400_000;
const inTenDays = () => new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

const count = async (
  container: 'turnstate' | 'outbox' | 'deliveries' | 'surveys' | 'directory' | 'meetings',
  type: string,
) =>
  (
    await h.bot.store.cosmos
      .container(container)
      .items.query({ query: 'SELECT c.id FROM c WHERE c.type = @t', parameters: [{ name: '@t', value: type }] })
      .fetchAll()
  ).resources.length;
const purgeAt = (daysFromNow: number, spec?: string) =>
  purgeExpired({
    retention: h.bot.store.retention,
    retentionDays: retentionOf(spec),
    clock: { now: () => new Date(Date.now() + daysFromNow * DAY) },
    log: { info: () => undefined },
  });

describe('retention periods, applied by the daily purge', () => {
  it('plans the purge at start, once a day, whichever instance runs it', async () => {
    const next = nextPurge(new Date());
    const job = await h.bot.store.jobs.get(next.id);
    expect(job).toMatchObject({ type: PURGE_JOB, state: 'pending', dueAt: next.dueAt.getTime() });
    expect(next.dueAt.getTime() - Date.now()).toBeLessThanOrEqual(DAY);
  });

  it('deletes each kind of record once its period has run out, and never a decision', async () => {
    // Each kind of record, made as people make it.
    await h.post(message(h.connector.url, USERS.sophie, 'aide'));
    // teams-ai writes conversation state only when a handler sets some (ours keep none yet).
    await h.bot.store.turnState.write({ 'msteams/19:copil-rret@thread.tacv2/conversation': { draft: 'x' } });
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'roles.save', {
        personKey: personKey(DEMO_TENANT, USERS.amina.aadObjectId),
        roles: 'referent',
        memberId: 'villeurbanne',
      }),
    );
    const sitting = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        {
          instanceId: 'copil-reseau',
          date: inTenDays(),
          time: '09:30',
          mode: 'presentiel',
          place: 'Salle du conseil',
          agenda: 'Programmation 2027 ; Direction Achats',
        },
        COPIL_CHANNEL,
      ),
    );
    const sittingId = JSON.stringify(sitting.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
    const opened = await h.post(
      cardAction(h.connector.url, USERS.claire, 'survey.open', {
        title: 'Satisfaction',
        questions: 'Qualité',
        targets: 'villeurbanne',
        deadline: inTenDays(),
      }),
    );
    const surveyId = JSON.stringify(opened.body.value).match(/"surveyId":"([^"]+)"/)![1]!;
    await h.post(cardAction(h.connector.url, USERS.amina, 'survey.answer', { surveyId, note_0: '4' }));
    // Every message sent (the outbox empty), so that the delivery proofs are all written.
    for (let i = 0; i < 100 && (await count('outbox', 'outbox-entry')) > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await count('outbox', 'outbox-entry')).toBe(0);
    const before = {
      etat: await count('turnstate', 'turn-state'),
      envois: (await count('deliveries', 'notice')) + (await count('deliveries', 'delivery')),
      enquetes: await count('surveys', 'response'),
      journal: await count('directory', 'admin-audit'),
    };
    for (const n of Object.values(before)) expect(n).toBeGreaterThan(0);

    // Today nothing has expired.
    expect(await purgeAt(0)).toEqual({ etat: 0, envois: 0, enquetes: 0, journal: 0 });
    // In 200 days, only the conversation state (180 days by default).
    expect(await purgeAt(200)).toEqual({ etat: before.etat, envois: 0, enquetes: 0, journal: 0 });
    // A shorter period set for the delivery proofs applies.
    expect((await purgeAt(200, 'envois=100d')).envois).toBe(before.envois);
    // In six years, everything that has a period; the sitting and its answers stay.
    expect(await purgeAt(6 * 365)).toEqual({ etat: 0, envois: 0, enquetes: before.enquetes, journal: before.journal });
    expect(await h.bot.store.meetings.get(sittingId)).not.toBeNull();
    expect(await count('meetings', 'sitting')).toBeGreaterThan(0);
  });

  it('refuses a malformed RETENTION at start, naming the kinds', () => {
    expect(() => loadConfig({ BOT_MODE: 'local', RETENTION: 'etat=90' })).toThrow(
      /RETENTION.*kinds: etat, envois, enquetes, journal/,
    );
    expect(() => loadConfig({ BOT_MODE: 'local', RETENTION: 'votes=10d' })).toThrow(/RETENTION/);
    expect(loadConfig({ BOT_MODE: 'local', RETENTION: 'etat=90d' }).RETENTION).toMatchObject({
      etat: 90,
      envois: 1095,
    });
  });
});
