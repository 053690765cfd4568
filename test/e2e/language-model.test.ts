import { governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { INTENT_IDS } from '../../src/domain/language/grammar';
import { understand } from '../../src/domain/language/understand';
import seedJson from '../../data/governance/metropole-de-lyon.json';
import { DEMO_TENANT, USERS, TestUser, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { FakeOpenAI } from '../support/fake-openai';

// Issue 22, the optional language model (teams-ai's ActionPlanner on an OpenAI-compatible
// endpoint, here a loopback fake): asked only about a sentence the grammar does not understand,
// with that sentence alone; what it names is read again by the bot against the person's own
// centrale; it only prefills a form; when it fails or is slow, the grammar's answer stands.

/** Wednesday 2 December 2026, 11:00 in Lyon. */
const now = new Date('2026-12-02T10:00:00Z');
const LYON = 'metropole-de-lyon';
const PFRA = 'pfra-paca';
const SENTENCE = 'pourriez-vous rassembler les vice-présidents la semaine prochaine';
const EARLIER = 'serait-il possible de rassembler les directrices ressources';
/** The help card's first line (the sentence is cut at 60 characters). */
const NOT_UNDERSTOOD = 'Je n’ai pas compris « pourriez-vous rassembler les vice-présidents';

let fake: FakeOpenAI;
let h: Harness;

beforeAll(async () => {
  fake = await new FakeOpenAI().start();
  h = await startHarness(
    {
      LANGUAGE_MODEL_ENDPOINT: fake.url,
      LANGUAGE_MODEL_API_KEY: 'fake-key-for-tests',
      LANGUAGE_MODEL_NAME: 'fake-model',
      LANGUAGE_MODEL_TIMEOUT_MS: '1500',
    },
    { clock: { now: () => now } },
  );
  // Another centrale in the same store, with an instance Lyon does not have.
  const pfra = governanceSeedSchema.parse({
    ...seedJson,
    centrale: {
      id: PFRA,
      name: 'Plateforme régionale des achats',
      networkLabel: 'Réseau PFRA',
      timeZone: 'Europe/Paris',
    },
    instances: [
      ...seedJson.instances,
      { ...seedJson.instances[0], id: 'bureau-des-elus-pfra', name: 'Bureau des élus PFRA' },
    ],
  });
  await loadGovernance(h.bot.store, pfra, []);
}, 60_000);
afterAll(async () => {
  await h.stop();
  await fake.stop();
});
beforeEach(() => {
  h.connector.reset();
  fake.reset();
});

async function say(user: TestUser, text: string): Promise<any> {
  const before = h.connector.sent().length;
  await h.post(message(h.connector.url, user, text));
  return cardOf(
    await h.connector.waitFor(() => (h.connector.sent().length > before ? h.connector.sent().at(-1) : undefined)),
  );
}

const inputValue = (card: unknown, id: string): string | undefined =>
  JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];

const convene = (args: Record<string, unknown>) => {
  fake.answer = { kind: 'tool', name: 'meeting_convene', args };
};

const sittingsOf = async (instanceId: string) => (await h.bot.store.meetings.ofInstance(LYON, instanceId)).length;

it('the sentences of these tests are ones the grammar does not understand', async () => {
  const instances = (await h.bot.store.governance.listInstances(LYON)).map((i) => ({ id: i.id, name: i.name }));
  for (const sentence of [SENTENCE, EARLIER]) {
    const read = understand(sentence, { now, timeZone: 'Europe/Paris', instances, contracts: [] });
    expect(read.intent).toBeNull();
    expect(read.ambiguous).toEqual([]);
  }
});

describe('a sentence the grammar does not understand goes to the model', () => {
  it('opens the convocation form prefilled with the instance the model named; nothing is created', async () => {
    convene({ instance: 'Comité de pilotage', when: 'la semaine prochaine' });
    const card = await say(USERS.claire, SENTENCE);
    const text = textOf(card);
    expect(text).toContain('J’ai compris : Comité de pilotage');
    expect(text).toContain('Vérifiez le formulaire : rien n’est envoyé avant son bouton.');
    expect(text).toContain('Convoquer une séance');
    expect(inputValue(card, 'instanceId')).toBe('comite-de-pilotage');
    expect(fake.requests.length).toBe(1);
    // Only the form went out, to Claire: no convocation, no sitting stored.
    expect(h.connector.sent().length).toBe(1);
    expect(await sittingsOf('comite-de-pilotage')).toBe(0);
  });

  it('sends the sentence alone: no name, e-mail, id, conversation nor earlier message', async () => {
    convene({ instance: 'Comité projet Directrices Ressources' });
    await say(USERS.claire, EARLIER);
    await say(USERS.claire, 'mes votes'); // the grammar's: the model is not asked
    convene({ instance: 'Comité de pilotage' });
    await say(USERS.claire, SENTENCE);
    expect(fake.requests.length).toBe(2);
    const [first, last] = fake.requests as [(typeof fake.requests)[0], (typeof fake.requests)[0]];
    expect(last.url).toBe('/v1/chat/completions');
    expect(last.body.model).toBe('fake-model');
    expect(last.body.temperature).toBe(0);
    // The sentence is the user message, and the instructions are the bot's own, in French.
    const messages = last.body.messages as Array<{ role: string; content: string }>;
    expect(messages.at(-1)).toEqual({ role: 'user', content: SENTENCE });
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain('Tu lis une seule phrase');
    expect(messages.length).toBe(2);
    expect(first.body.messages.at(-1).content).toBe(EARLIER);
    // The tools are the grammar's requests.
    const tools = (last.body.tools as Array<{ function: { name: string } }>).map((t) => t.function.name);
    expect(tools.length).toBe(INTENT_IDS.length);
    expect(tools).toContain('meeting_convene');
    expect(tools).toContain('dispute_report');
    // Nothing of the person, the conversation or the centrale, in the body or the headers.
    for (const request of fake.requests) {
      const wire = `${request.raw}\n${JSON.stringify(request.headers)}`;
      for (const secret of [
        'Claire',
        'Martin',
        'claire.martin@grandlyon.example',
        USERS.claire.aadObjectId,
        USERS.claire.id,
        DEMO_TENANT,
        `a:personal-${USERS.claire.aadObjectId}`,
        'mes votes',
        'COPIL RReT',
        'Métropole de Lyon',
      ])
        expect(wire).not.toContain(secret);
    }
    expect(last.raw).not.toContain(EARLIER);
    expect(last.headers.authorization).toBe('Bearer fake-key-for-tests');
  });
});

describe('when the model fails, the grammar’s answer stands', () => {
  // teams-ai's OpenAIModel prints each failure with console.log: kept here, and checked.
  let printed: jest.SpyInstance;
  beforeEach(() => {
    printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    const out = printed.mock.calls.map((c) => c.map(String).join(' ')).join('\n');
    printed.mockRestore();
    expect(out).not.toContain(SENTENCE);
    expect(out).not.toContain('fake-key-for-tests');
  });

  it('an HTTP 500: the « Je n’ai pas compris » help card', async () => {
    fake.answer = { kind: 'status', status: 500 };
    const text = textOf(await say(USERS.claire, SENTENCE));
    expect(text).toContain(NOT_UNDERSTOOD);
    expect(fake.requests.length).toBe(1); // no retry
  });

  it('no answer at all: the help card after the timeout', async () => {
    fake.answer = { kind: 'hang' };
    const text = textOf(await say(USERS.claire, SENTENCE));
    expect(text).toContain(NOT_UNDERSTOOD);
    expect(h.errors.some((e) => e.includes('language model timed out'))).toBe(true);
    expect(h.errors.join('\n')).not.toContain(SENTENCE);
    // The request itself ends soon after (the client's own timeout), and teams-ai says so.
    while (!printed.mock.calls.length) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('a text instead of a tool: the help card', async () => {
    fake.answer = { kind: 'text', content: 'aucune' };
    expect(textOf(await say(USERS.claire, SENTENCE))).toContain('Je n’ai pas compris');
  });
});

describe('what the model says is read again by the bot', () => {
  it('an intent the bot does not have: the help card', async () => {
    fake.answer = { kind: 'tool', name: 'meeting_delete', args: { instance: 'Comité de pilotage' } };
    expect(textOf(await say(USERS.claire, SENTENCE))).toContain('Je n’ai pas compris');
  });

  it('an instance of another centrale: the form, without it', async () => {
    convene({ instance: 'Bureau des élus PFRA', when: 'n’importe quand' });
    const card = await say(USERS.claire, SENTENCE);
    const text = textOf(card);
    expect(text).toContain('Convoquer une séance');
    expect(JSON.stringify(card)).not.toContain('bureau-des-elus-pfra');
    expect(text).not.toContain('Bureau des élus');
    expect(text).not.toContain('J’ai compris');
  });

  it('a référent asking the model to convene gets the refusal typing « convoquer » gives', async () => {
    const typed = textOf(await say(USERS.amina, 'convoquer'));
    expect(fake.requests.length).toBe(0);
    convene({ instance: 'Comité de pilotage' });
    const free = textOf(await say(USERS.amina, SENTENCE));
    expect(fake.requests.length).toBe(1);
    const strip = (t: string) => t.replace(/Référence[^\n]*/g, '').replace(/J’ai compris[^\n]*/g, '');
    expect(strip(free)).toBe(strip(typed));
    expect(typed).toMatch(/Action impossible|Vous n’organisez|Seul|réservé/);
  });
});

describe('without configuration', () => {
  let plain: Harness;
  beforeAll(async () => {
    plain = await startHarness({}, { clock: { now: () => now } });
  }, 60_000);
  afterAll(() => plain.stop());

  it('no model is asked: the help card, and the fake never called', async () => {
    convene({ instance: 'Comité de pilotage' });
    await plain.post(message(plain.connector.url, USERS.claire, SENTENCE));
    const card = cardOf(await plain.connector.waitFor(() => plain.connector.sent().at(-1)));
    expect(textOf(card)).toContain(NOT_UNDERSTOOD);
    expect(fake.requests.length).toBe(0);
  });
});
