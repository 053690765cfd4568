import fc from 'fast-check';
import { CONTAINER_NAMES } from '../../src/store/containers';
import { buildRouters } from '../../src/teams/routes';
import { COPIL_CHANNEL, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

/**
 * Hostile input, generated (fast-check, bounded runs): for every card verb and for typed
 * commands — wrong types, huge strings, Unicode, Markdown, `<at>` mentions, links, template
 * expressions — the bot answers 200 with a card, never the « unexpected error » card, and when
 * it refuses (« Rien n’a été modifié. ») nothing stored has changed.
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

const HOSTILE = [
  '<at>Claire Martin</at>',
  '[cliquez ici](https://evil.example/phish)',
  '**gras** _italique_ # titre',
  '${$root.sittingId}',
  '=HYPERLINK("https://evil.example")',
  '\u202Egnp.exe',
  '🏛️ Séance — « test » ’',
  'x'.repeat(5000),
  '\u0000\u0001\u001f',
  '../../etc/passwd',
  '{"$ne":1}',
  'https://intranet.example/doc.pdf',
  '2026-02-30',
  '-5',
  '',
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 300 }),
  fc.fullUnicodeString({ maxLength: 60 }),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }),
);
const KNOWN_KEYS = [
  'instanceId',
  'sittingId',
  'ballotId',
  'campaignId',
  'needId',
  'fileId',
  'disputeId',
  'circuitId',
  'choice',
  'kind',
  'reason',
  'text',
  'title',
  'subject',
  'question',
  'date',
  'time',
  'agenda',
  'segment',
  'segments',
  'deadline',
  'forKey',
  'memberKeys',
  'action',
  'index',
  'submit',
];
const payload = fc.oneof(hostileValue, fc.dictionary(fc.constantFrom(...KNOWN_KEYS), hostileValue, { maxKeys: 8 }));

async function storedDocuments(): Promise<number> {
  let n = 0;
  for (const name of CONTAINER_NAMES) {
    if (name === 'turnstate' || name === 'outbox' || name === 'deliveries' || name === 'jobs') continue; // bookkeeping, not data
    const { resources } = await h.bot.store.cosmos
      .container(name)
      .items.query<number>('SELECT VALUE COUNT(1) FROM c')
      .fetchAll();
    n += resources[0] ?? 0;
  }
  return n;
}

const UNEXPECTED = 'Un problème est survenu';

describe('hostile card data', () => {
  it.each(buildRouters().verbs.verbs())(
    '%s: no crash, a French card, and a refusal changes nothing',
    async (verb) => {
      await fc.assert(
        fc.asyncProperty(payload, fc.constantFrom(USERS.claire, USERS.amina, USERS.stranger), async (data, user) => {
          const before = await storedDocuments();
          const res = await h.post(cardAction(h.connector.url, user, verb, data));
          expect(res.status).toBe(200);
          const card = res.body?.value;
          expect(card?.type).toBe('AdaptiveCard');
          const text = textOf(card);
          expect(text).not.toContain(UNEXPECTED);
          if (text.includes('Rien n’a été modifié.')) expect(await storedDocuments()).toBe(before);
        }),
        { numRuns: 12, seed: 20261122 },
      );
    },
    60_000,
  );
});

describe('hostile typed commands', () => {
  it('answers every message with a card, never the unexpected-error card', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileString,
          fc
            .constantFrom(
              'aide ',
              'convoquer ',
              'lier ',
              'membres ',
              'scrutin ',
              'besoins ',
              'litige ',
              'bilan ',
              'mes ',
            )
            .chain((c) => hostileString.map((s) => c + s)),
        ),
        async (text) => {
          h.connector.reset();
          const res = await h.post(message(h.connector.url, USERS.claire, text));
          expect(res.status).toBe(200);
          const reply = await h.connector.waitFor(() => h.connector.sent().at(-1));
          expect(cardOf(reply)?.type).toBe('AdaptiveCard');
          expect(textOf(cardOf(reply))).not.toContain(UNEXPECTED);
        },
      ),
      { numRuns: 40, seed: 20261122 },
    );
  }, 120_000);
});

describe('user text shown on cards', () => {
  it('cannot forge a mention, a link or formatting', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
        title: '<at>Claire Martin</at> [cliquez](https://evil.example) **urgent**',
        segments: 'Papier',
        deadline: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
      }),
    );
    const json = JSON.stringify(res.body.value);
    expect(json).not.toContain('<at>');
    expect(json).toContain('‹at>Claire Martin‹/at>');
    expect(json).toContain('\\\\[cliquez\\\\](https://evil.example)');
    expect(json).toContain('\\\\*\\\\*urgent\\\\*\\\\*');
    expect(res.body.value.msteams).toBeUndefined();
  });
});
