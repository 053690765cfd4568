import { randomUUID } from 'crypto';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { FaultyCosmos, documentWrites } from '../support/faulty-cosmos';
import { convocationForm, dayFromNow } from '../support/forms';

/**
 * The bot talks to Cosmos through the real SDK, and Cosmos misbehaves on demand: throttling
 * (429), unavailability (503), or no answer at all. Whatever happens, the person gets an
 * answer, nothing is half-done or lost, and the bot recovers without a restart.
 */
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const inTenDays = () => dayFromNow(10);
const convocation = (draftId: string) => convocationForm({ draftId });
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

let cosmos: FaultyCosmos;
let h: Harness;

beforeAll(async () => {
  cosmos = await new FaultyCosmos().start();
  h = await startHarness(
    { STORAGE_RETRY_MS: '200' },
    { store: { kind: 'cosmos', databaseId: 'faults', target: { kind: 'embedded', endpoint: cosmos.endpoint } } },
  );
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(async () => {
  cosmos.up();
  cosmos.clearFaults();
  h.connector.fault = undefined;
  await h.stop();
  await cosmos.stop();
});
afterEach(() => {
  cosmos.up();
  cosmos.clearFaults();
});

const sittingsOfSophie = () => h.bot.store.meetings.upcomingFor('metropole-de-lyon', key(USERS.sophie), new Date());
const convocationsSent = () => h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Convocation — COPIL RReT'));

describe('Cosmos throttles (429)', () => {
  it('the SDK waits as Cosmos asks and the action succeeds: the person never sees it', async () => {
    const amina = key(USERS.amina);
    cosmos.fail(429, 3, documentWrites);
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'roles.save', {
        personKey: amina,
        roles: 'referent,coordinateur',
        memberId: 'villeurbanne',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.type).not.toBe(MESSAGE_RESPONSE);
    expect((await h.bot.store.governance.getPerson('metropole-de-lyon', amina))?.roles).toEqual([
      'referent',
      'coordinateur',
    ]);
    expect(cosmos.seen.filter((r) => r.status === 429)).toHaveLength(3);
  });
});

describe('Cosmos unavailable (503) in the middle of a convocation', () => {
  it('at its first write: « réessayez » over the form, nothing stored, and the same form then goes through once', async () => {
    const before = (await sittingsOfSophie()).length;
    h.connector.reset();
    cosmos.fail(503, 1_000, documentWrites);
    const draftId = randomUUID();
    const failed = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', convocation(draftId), COPIL_CHANNEL),
    );
    expect(failed.status).toBe(200);
    // A message, not a card: Teams keeps the form and what was typed in it.
    expect(failed.body).toMatchObject({ type: MESSAGE_RESPONSE });
    expect(failed.body.value).toMatch(/momentanément indisponible.*réessayez dans un instant/);
    expect(await sittingsOfSophie()).toHaveLength(before);

    cosmos.clearFaults();
    const sent = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', convocation(draftId), COPIL_CHANNEL),
    );
    expect(textOf(sent.body.value)).toContain('Séance convoquée — COPIL RReT');
    expect(await sittingsOfSophie()).toHaveLength(before + 1);
    await h.connector.waitFor(() => convocationsSent().length >= 5);
  });

  it('logs the failure with the verb, the person, the conversation and the reference the person is shown', async () => {
    h.errors.length = 0;
    cosmos.fail(503, 1_000, documentWrites);
    const failed = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', convocation(randomUUID()), COPIL_CHANNEL),
    );
    cosmos.clearFaults();
    const shown = /Référence ([0-9a-f]{8})/.exec(failed.body.value)?.[1];
    expect(shown).toBeDefined();
    const line = h.errors.find((e) => e.startsWith('unexpected error in a turn'));
    const fields = JSON.parse(line!.slice('unexpected error in a turn '.length));
    expect(fields).toMatchObject({
      verb: 'meeting.create',
      actorKey: key(USERS.claire),
      conversationId: COPIL_CHANNEL.conversationId,
      correlationId: shown,
    });
  });

  it('after the sitting was stored: sending the form again finishes that sitting, with no duplicate and no member left out', async () => {
    const before = (await sittingsOfSophie()).length;
    h.connector.reset();
    // The sitting is written, then the outbox refuses: the convocations are not queued yet.
    cosmos.fail(503, 1_000, (r) => documentWrites(r) && r.path.includes('/colls/outbox/'));
    const draftId = randomUUID();
    const failed = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', convocation(draftId), COPIL_CHANNEL),
    );
    expect(failed.body).toMatchObject({ type: MESSAGE_RESPONSE });
    expect(await sittingsOfSophie()).toHaveLength(before + 1);

    cosmos.clearFaults();
    const again = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', convocation(draftId), COPIL_CHANNEL),
    );
    expect(textOf(again.body.value)).toContain('Séance convoquée — COPIL RReT');
    expect(await sittingsOfSophie()).toHaveLength(before + 1);
    const sent = await h.connector.waitFor(() => (convocationsSent().length >= 5 ? convocationsSent() : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(convocationsSent()).toHaveLength(5);
    expect(new Set(sent.map((a) => a.conversation.id)).size).toBe(5);
  });
});

describe('Cosmos unavailable (503) while a ballot opens', () => {
  it('the same form sent again finishes that ballot: one ballot, one opening in its journal, one card per voter', async () => {
    h.connector.reset();
    const subject = `Désignation ${randomUUID().slice(0, 6)}`;
    const draftId = randomUUID();
    const form = {
      draftId,
      instanceId: 'copil-reseau',
      subject,
      question: 'Faut-il un second lot ?',
      closeDate: inTenDays(),
      closeTime: '12:00',
    };
    cosmos.fail(503, 1_000, (r) => documentWrites(r) && r.path.includes('/colls/outbox/'));
    const failed = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.open', form, COPIL_CHANNEL));
    expect(failed.body).toMatchObject({ type: MESSAGE_RESPONSE });
    cosmos.clearFaults();
    const again = await h.post(cardAction(h.connector.url, USERS.claire, 'ballot.open', form, COPIL_CHANNEL));
    expect(again.body.type).not.toBe(MESSAGE_RESPONSE);
    const { resources } = await h.bot.store.cosmos
      .container('ballots')
      .items.query({
        query: "SELECT c.id FROM c WHERE c.type = 'ballot' AND c.data.subject = @s",
        parameters: [{ name: '@s', value: subject }],
      })
      .fetchAll();
    expect(resources).toHaveLength(1);
    const events = await h.bot.store.ballots.events(`scrutin-${draftId}`);
    expect(events.filter((e) => e.action === 'ouverture')).toHaveLength(1);
    const cards = () => h.connector.sent().filter((a) => JSON.stringify(a).includes(subject));
    await h.connector.waitFor(() => cards().length >= 5);
    await new Promise((r) => setTimeout(r, 500));
    expect(new Set(cards().map((a) => a.conversation.id)).size).toBe(cards().length);
  });
});

describe('the same creating form sent twice (a retry after a fault, a double click)', () => {
  it('opens one needs campaign and one survey, not two; nobody else can reuse the form', async () => {
    const campaignDraft = randomUUID();
    const campaign = {
      draftId: campaignDraft,
      title: 'Recensement 2028',
      segments: 'Fournitures\nNettoyage',
      deadline: inTenDays(),
    };
    const first = await h.post(cardAction(h.connector.url, USERS.claire, 'campaign.open', campaign));
    const second = await h.post(cardAction(h.connector.url, USERS.claire, 'campaign.open', campaign));
    expect(textOf(second.body.value)).toBe(textOf(first.body.value));
    expect(await h.bot.store.needs.getCampaign(`campagne-${campaignDraft}`)).not.toBeNull();
    const campaigns = await h.bot.store.cosmos
      .container('needs')
      .items.query("SELECT c.id FROM c WHERE c.type = 'campaign' AND c.data.title = 'Recensement 2028'")
      .fetchAll();
    expect(campaigns.resources).toHaveLength(1);

    const surveyDraft = randomUUID();
    const survey = { draftId: surveyDraft, title: 'Satisfaction 2028', questions: 'Qualité', deadline: inTenDays() };
    await h.post(cardAction(h.connector.url, USERS.claire, 'survey.open', survey));
    await h.post(cardAction(h.connector.url, USERS.claire, 'survey.open', survey));
    const surveys = await h.bot.store.cosmos
      .container('surveys')
      .items.query("SELECT c.id FROM c WHERE c.type = 'survey' AND c.data.title = 'Satisfaction 2028'")
      .fetchAll();
    expect(surveys.resources).toHaveLength(1);
    // Someone else cannot reuse that form's id.
    const other = await h.post(cardAction(h.connector.url, USERS.sophie, 'survey.open', survey));
    expect(textOf(other.body.value)).toMatch(/déjà servi|Seuls/);
  });
});

describe('Cosmos unreachable, then back', () => {
  it('answers « réessayez », reports it on /healthz, loses no queued message, and recovers by itself', async () => {
    h.connector.reset();
    // A convocation is queued, but Teams has trouble too (503): nothing has gone out yet (the
    // channel's card is not updated for everyone either; Claire still gets her answer).
    let teamsDown = true;
    h.connector.fault = () => (teamsDown ? { status: 503 } : undefined);
    const queued = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', convocation(randomUUID()), COPIL_CHANNEL),
    );
    expect(textOf(queued.body.value)).toContain('Séance convoquée');

    cosmos.down();
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'degraded' });
    const action = await h.post(cardAction(h.connector.url, USERS.sophie, 'help.show', {}));
    expect(action.status).toBe(200);
    expect(JSON.stringify(action.body)).toContain('réessayez');

    teamsDown = false;
    cosmos.up();
    await waitUntil(async () => (await fetch(`${h.url}/healthz`)).status === 200, 20_000);
    const after = await h.post(message(h.connector.url, USERS.sophie, 'aide'));
    expect(after.status).toBe(200);
    // Every member and the channel get their convocation once the database is back.
    await h.connector.waitFor(() => convocationsSent().length >= 5, 20_000);
  }, 60_000);
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

describe('Cosmos unreachable when the bot starts', () => {
  it('listens anyway, says it is starting, and becomes ready by itself once the database answers', async () => {
    const late = await new FaultyCosmos().start();
    late.down();
    const bot = await startHarness(
      { STORAGE_RETRY_MS: '200' },
      { store: { kind: 'cosmos', databaseId: 'late', target: { kind: 'embedded', endpoint: late.endpoint } } },
    );
    try {
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'starting' });
      const action = await bot.post(cardAction(bot.connector.url, USERS.claire, 'help.show', {}));
      expect(action.body).toMatchObject({ type: MESSAGE_RESPONSE });
      expect(action.body.value).toContain('Le service redémarre');
      await bot.post(message(bot.connector.url, USERS.claire, 'aide'));
      const told = await bot.connector.waitFor(() => bot.connector.sent().at(-1));
      expect(textOf(cardOf(told))).toContain('Le service redémarre');

      late.up();
      await waitUntil(async () => (await fetch(`${bot.url}/healthz`)).status === 200, 20_000);
      // The governance was loaded on the way: the committees are there and the bot answers.
      expect(await bot.bot.store.governance.getInstance('metropole-de-lyon', 'copil-reseau')).not.toBeNull();
      const help = await bot.post(cardAction(bot.connector.url, USERS.claire, 'help.show', {}));
      expect(textOf(help.body.value)).toContain('Bonjour Claire Martin');
    } finally {
      await bot.stop();
      await late.stop();
    }
  }, 60_000);
});
