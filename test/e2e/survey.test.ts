import { dayFromNow } from '../support/forms';
import { createHash, createHmac } from 'crypto';
import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, USERS, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

/**
 * The Comité Méthodes' satisfaction survey: sent to référents, answered anonymously on a
 * labelled scale, once each; the results give the response rate, and the detail per question
 * only from the anonymity threshold (3 answers by default, the centrale's setting otherwise).
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const day = dayFromNow;

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.bot.store.governance.updateInstance('metropole-de-lyon', 'comite-methodes', (i) =>
    withMembers(i, [key(USERS.sophie)], [key(USERS.sophie)]),
  );
});
afterAll(() => h.stop());

describe('a satisfaction survey', () => {
  it('goes to the référents, is answered anonymously once each, reminds the silent, and sums up per question', async () => {
    const refused = await h.post(
      cardAction(h.connector.url, USERS.amina, 'survey.open', { title: 'x', questions: 'y', deadline: day(10) }),
    );
    expect(textOf(refused.body.value)).toContain('Seuls les organisateurs du Comité Méthodes');
    const bad = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'survey.open', { title: '', questions: '', deadline: day(10) }),
    );
    expect(textOf(bad.body.value)).toContain('Donnez un titre à l’enquête. Écrivez au moins une question');
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'survey.open', {
        title: 'Satisfaction 2026',
        questions: 'Qualité des marchés\nAccompagnement',
        targets: 'villeurbanne,venissieux,bron',
        deadline: day(10),
      }),
    );
    expect(textOf(res.body.value)).toContain('0 réponse sur 3 référents interrogés (0\u00a0%)');
    const surveyId = JSON.stringify(res.body.value).match(/"surveyId":"([^"]+)"/)![1]!;
    const sent = await h.connector.waitFor(() => {
      const s = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Enquête — Satisfaction 2026'));
      return s.length >= 3 ? s : undefined;
    });
    expect(sent.map((a) => a.recipient?.id).sort()).toEqual([USERS.jean.id, USERS.amina.id, nadia.id].sort());
    expect(textOf(cardOf(sent[0]))).toContain('1. Qualité des marchés');
    // The scale says what each mark means.
    expect(textOf(cardOf(sent[0]))).toContain('1 — Pas du tout satisfait');
    expect(textOf(cardOf(sent[0]))).toContain('5 — Très satisfait');
    expect(textOf(cardOf(sent[0]))).not.toContain('\\');

    const missing = await h.post(
      cardAction(h.connector.url, USERS.amina, 'survey.answer', { surveyId, note_0: '5', commentaire_0: 'Très bien' }),
    );
    expect(textOf(missing.body.value)).toContain('Donnez une note de 1 à 5 à la question 2');
    expect(JSON.stringify(missing.body.value)).toContain('Très bien');
    await h.post(
      cardAction(h.connector.url, USERS.amina, 'survey.answer', {
        surveyId,
        note_0: '5',
        commentaire_0: 'Très bien',
        note_1: '3',
      }),
    );
    const twice = await h.post(
      cardAction(h.connector.url, USERS.amina, 'survey.answer', { surveyId, note_0: '1', note_1: '1' }),
    );
    expect(textOf(twice.body.value)).toContain('Vous avez déjà répondu');
    await h.post(
      cardAction(h.connector.url, nadia, 'survey.answer', {
        surveyId,
        note_0: '4',
        note_1: '2',
        commentaire_1: 'Délais trop longs',
      }),
    );
    const outsider = await h.post(
      cardAction(h.connector.url, USERS.claire, 'survey.answer', { surveyId, note_0: '4', note_1: '4' }),
    );
    expect(textOf(outsider.body.value)).toContain('s’adresse aux référents');

    const stored = JSON.stringify(await h.bot.store.surveys.responses(surveyId));
    expect(stored).not.toContain(key(USERS.amina));
    expect(stored).not.toContain('Amina');
    // From the database alone an answer cannot be tied to a person: its id is a keyed HMAC, not a
    // hash of public data (the survey id and a person key) anyone could recompute.
    const { resources } = await h.bot.store.cosmos
      .container('surveys')
      .items.query<{ id: string; pk: string }>({
        query: 'SELECT c.id, c.pk FROM c WHERE c.pk = @pk',
        parameters: [{ name: '@pk', value: surveyId }],
      })
      .fetchAll();
    const answerIds = resources.map((d) => d.id).filter((id) => id.startsWith('reponse:'));
    expect(answerIds).toHaveLength(2);
    const people = await h.bot.store.governance.listPeople('metropole-de-lyon');
    const guesses = people.flatMap((p) => [
      createHash('sha256').update(`${surveyId}\n${p.key}`).digest('hex').slice(0, 32),
      createHash('sha256').update(`${surveyId}\n${p.key}`).digest('base64url'),
      createHmac('sha256', surveyId).update(p.key).digest('base64url'),
    ]);
    expect(answerIds.filter((id) => guesses.some((g) => id.includes(g)))).toEqual([]);
    expect(JSON.stringify(resources)).not.toContain(key(USERS.amina));

    h.connector.reset();
    skipped = Date.parse(`${day(10)}T08:00:00Z`) - 2 * 86_400_000 + 60_000 - Date.now();
    await h.bot.scheduler.tick();
    const reminders = await h.connector.waitFor(() => {
      const r = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Rappel : l’enquête se termine bientôt.'));
      return r.length ? r : undefined;
    });
    expect(reminders.map((a) => a.recipient?.id)).toEqual([USERS.jean.id]);
    skipped = 0;

    // Two answers, under the threshold: how many, the rate, and nothing of what they said.
    const hidden = textOf(
      (await h.post(cardAction(h.connector.url, USERS.sophie, 'survey.results', { surveyId }))).body.value,
    );
    expect(hidden).toContain('2 réponses sur 3 référents interrogés (67\u00a0%)');
    expect(hidden).toContain('Détail masqué tant qu’il y a moins de 3 réponses');
    expect(hidden).not.toContain('Moyenne');
    expect(hidden).not.toContain('Délais trop longs');
    expect(hidden).not.toContain('Très bien');

    // A third answer reaches the threshold: the detail per question, on the labelled scale.
    await h.post(cardAction(h.connector.url, USERS.jean, 'survey.answer', { surveyId, note_0: '3', note_1: '2' }));
    const results = await h.post(cardAction(h.connector.url, USERS.sophie, 'survey.results', { surveyId }));
    const text = textOf(results.body.value);
    expect(text).toContain('3 réponses sur 3 référents interrogés (100\u00a0%)');
    expect(text).not.toContain('Détail masqué');
    expect(text).toContain('Moyenne 4/5 (3 réponses)');
    expect(text).toContain('Moyenne 2,3/5 (3 réponses)');
    const blocks = (results.body.value as { body: Array<{ type: string }> }).body;
    const q1 = blocks.filter((b) => b.type === 'Container')[0];
    expect(textOf(q1)).toContain('5 — Très satisfait\n1');
    expect(textOf(q1)).toContain('3 — Moyennement satisfait\n1');
    expect(textOf(q1)).toContain('1 — Pas du tout satisfait\n0');
    expect(text).toContain('« Délais trop longs »');
    expect(text).toContain('« Très bien »');
    expect(text).not.toContain('Nadia');
  });

  it('shows nothing of a single answer: neither its marks nor its comment', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'survey.open', {
        title: 'Accompagnement 2026',
        questions: 'Accompagnement',
        targets: 'villeurbanne,venissieux,bron',
        deadline: day(10),
      }),
    );
    const surveyId = JSON.stringify(res.body.value).match(/"surveyId":"([^"]+)"/)![1]!;
    await h.post(
      cardAction(h.connector.url, nadia, 'survey.answer', {
        surveyId,
        note_0: '1',
        commentaire_0: 'Personne ne répond au téléphone à Bron',
      }),
    );
    const card = (await h.post(cardAction(h.connector.url, USERS.sophie, 'survey.results', { surveyId }))).body.value;
    const text = textOf(card);
    expect(text).toContain('1 réponse sur 3 référents interrogés (33\u00a0%)');
    expect(text).toContain('Détail masqué tant qu’il y a moins de 3 réponses');
    expect(JSON.stringify(card)).not.toContain('Personne ne répond');
    expect(text).not.toMatch(/Moyenne|Pas du tout satisfait/);

    // The centrale's own threshold (here 2, from its governance map) applies to the surveys it opens next.
    const centrales = h.bot.store.cosmos.container('centrales');
    const { resource } = await centrales.item('centrale', 'metropole-de-lyon').read();
    await centrales.items.upsert({ ...resource, data: { ...resource.data, surveyAnonymityThreshold: 2 } });
    // Written behind the bot's back, as another process would: seen once its kept copy ages out
    // (src/store/reference-cache.ts), here at once.
    h.bot.store.referenceCache.forget();
    const next = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'survey.open', {
        title: 'Démarches 2026',
        questions: 'Facilité des démarches',
        targets: 'villeurbanne,venissieux',
        deadline: day(10),
      }),
    );
    const nextId = JSON.stringify(next.body.value).match(/"surveyId":"([^"]+)"/)![1]!;
    expect(textOf(next.body.value)).toContain('Détail masqué tant qu’il y a moins de 2 réponses');
    await h.post(cardAction(h.connector.url, USERS.amina, 'survey.answer', { surveyId: nextId, note_0: '4' }));
    await h.post(cardAction(h.connector.url, nadia, 'survey.answer', { surveyId: nextId, note_0: '5' }));
    const two = textOf(
      (await h.post(cardAction(h.connector.url, USERS.sophie, 'survey.results', { surveyId: nextId }))).body.value,
    );
    expect(two).toContain('2 réponses sur 2 référents interrogés (100\u00a0%)');
    expect(two).toContain('Moyenne 4,5/5 (2 réponses)');
    // The survey opened before keeps the threshold it was opened with.
    expect(
      textOf((await h.post(cardAction(h.connector.url, USERS.sophie, 'survey.results', { surveyId }))).body.value),
    ).toContain('moins de 3 réponses');
  });
});
