import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, USERS, TestUser, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

// Issue 22: a free French sentence opens the right form, prefilled and saying what it understood,
// for the right person; nothing is stored before the form's own button; a person without the
// right gets the refusal the typed command gives.

/** Wednesday 2 December 2026, 11:00 in Lyon. */
let now = new Date('2026-12-02T10:00:00Z');
let h: Harness;
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);

beforeAll(async () => {
  h = await startHarness({}, { clock: { now: () => now } });
  // Two purchasing files, so two Comités Opérationnels, and a contract Villeurbanne orders on.
  for (const title of ['Fournitures scolaires', 'Restauration scolaire'])
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'registry.file.save', {
        title,
        segment: 'x',
        coordinatorKey: key(USERS.claire),
        memberKeys: '',
      }),
    );
  await h.post(
    cardAction(h.connector.url, USERS.claire, 'registry.contract.save', {
      fileId: 'fournitures-scolaires',
      number: '2026-014',
      title: 'Fournitures scolaires',
      supplier: 'Papeteries Réunies',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      memberIds: 'villeurbanne',
    }),
  );
}, 60_000);
afterAll(() => h.stop());
beforeEach(() => {
  now = new Date('2026-12-02T10:00:00Z');
  h.connector.reset();
});

async function say(user: TestUser, text: string): Promise<any> {
  await h.post(message(h.connector.url, user, text));
  return cardOf(await h.connector.waitFor(() => h.connector.sent().at(-1)));
}

const inputValue = (card: unknown, id: string): string | undefined =>
  JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];

const sittingsStored = async () => (await h.bot.store.meetings.ofInstance('metropole-de-lyon', 'copil-reseau')).length;

describe('a sentence opens the prefilled form', () => {
  it('« je voudrais convoquer le COPIL mardi prochain à 14h » → the convocation form, filled, nothing sent', async () => {
    const card = await say(USERS.claire, 'je voudrais convoquer le COPIL mardi prochain à 14h');
    expect(textOf(card)).toContain(
      'J’ai compris : COPIL RReT, mardi 8 décembre 2026 à 14 h. Vérifiez le formulaire : rien n’est envoyé avant son bouton.',
    );
    expect(textOf(card)).toContain('Convoquer une séance');
    expect(inputValue(card, 'instanceId')).toBe('copil-reseau');
    expect(inputValue(card, 'date')).toBe('2026-12-08');
    expect(inputValue(card, 'time')).toBe('14:00');
    // Nothing went out: no convocation was posted to anyone.
    expect(h.connector.sent().length).toBe(1);
    expect(await sittingsStored()).toBe(0);
  });

  it('« ouvrir un vote au comité de pilotage jusqu’au 11 décembre à 18 h » → the ballot form, its closing filled', async () => {
    const card = await say(USERS.claire, 'ouvrir un vote au comité de pilotage jusqu’au 11 décembre à 18 h');
    expect(textOf(card)).toContain('J’ai compris : Comité de pilotage, clôture le vendredi 11 décembre 2026 à 18 h.');
    expect(inputValue(card, 'instanceId')).toBe('comite-de-pilotage');
    expect(inputValue(card, 'closeDate')).toBe('2026-12-11');
    expect(inputValue(card, 'closeTime')).toBe('18:00');
  });

  it('« signaler un problème sur le marché 2026-014 : … » → the dispute form, its contract and the words kept', async () => {
    const sentence = 'signaler un problème sur le marché 2026-014 : livraisons en retard de trois semaines';
    const card = await say(USERS.amina, sentence);
    expect(textOf(card)).toContain('J’ai compris : le marché 2026-014 — Fournitures scolaires.');
    expect(inputValue(card, 'description')).toBe(sentence);
    expect(JSON.stringify(card)).toMatch(/"id":"contractId"[^}]*"value":"[^"]+"/);
  });

  it('« mes votes » is the ballots, not the convocations', async () => {
    expect(textOf(await say(USERS.amina, 'mes votes'))).toContain('Mes scrutins');
    expect(textOf(await say(USERS.amina, 'quand est la prochaine réunion ?'))).toContain('Mes convocations');
  });

  it('greets and thanks with a short answer, not the help card', async () => {
    const hello = textOf(await say(USERS.amina, 'bonjour'));
    expect(hello).toContain('Bonjour Amina !');
    expect(hello).not.toContain('Ce que je peux faire pour vous');
    expect(textOf(await say(USERS.amina, 'merci beaucoup'))).toContain('Je reste là');
    now = new Date('2026-12-02T19:30:00Z'); // 20:30 in Lyon
    expect(textOf(await say(USERS.amina, 'bonjour'))).toContain('Bonsoir Amina !');
  });
});

describe('what the form would refuse, said before its button', () => {
  it('a day too close for the notice is said on the form', async () => {
    const card = await say(USERS.claire, 'convoquer le COPIL demain à 9 h');
    expect(textOf(card)).toMatch(
      /Attention : le jeudi 3 décembre 2026 est trop proche, cette instance se convoque \d+ jours? francs? à l’avance, soit au plus tôt le \w+ \d+ décembre 2026 \(sauf urgence motivée\)\./,
    );
    const later = await say(USERS.claire, 'convoquer le COPIL le 21 décembre à 9 h');
    expect(textOf(later)).not.toContain('trop proche');
  });

  it('an instance spoken of but not recognised is said, not silently replaced', async () => {
    const card = await say(USERS.claire, 'convoquer le comité lundi 14 décembre');
    expect(textOf(card)).toContain('Je n’ai pas reconnu l’instance de votre phrase : vérifiez celle du formulaire.');
    const named = await say(USERS.claire, 'convoquer le COPIL lundi 14 décembre');
    expect(textOf(named)).not.toContain('Je n’ai pas reconnu');
  });

  it('a typed refusal and an empty list lead on to the help', async () => {
    const refused = await say(USERS.amina, 'je voudrais convoquer le COPIL');
    expect(JSON.stringify(refused.actions)).toContain('"verb":"help.show"');
    const empty = await say(USERS.luc, 'mes votes');
    expect(textOf(empty)).toContain('Aucun scrutin');
    expect(JSON.stringify(empty.actions)).toContain('"verb":"help.show"');
    // An answer that is only a message (no circuit ever launched) leads on too.
    const none = await say(USERS.claire, 'où en est le circuit ?');
    expect(textOf(none)).toContain('Aucun circuit en cours');
    expect(JSON.stringify(none.actions)).toContain('"verb":"help.show"');
  });
});

describe('what is not a request', () => {
  it('a pasted text (over 1 000 characters) is answered as such, not guessed at', async () => {
    const card = await say(USERS.claire, `convoquer le COPIL demain ${'et encore '.repeat(120)}`);
    expect(textOf(card)).toContain('Message trop long');
    expect(textOf(card)).toContain('ce message fait 1\u202f225 caractères (1\u202f000 au plus)');
    expect(JSON.stringify(card)).not.toContain('"id":"date"');
  });

  it('nonsense gets the help, with sentences to try', async () => {
    const text = textOf(await say(USERS.claire, 'azerty uiop'));
    expect(text).toContain('Je n’ai pas compris « azerty uiop »');
    expect(text).toContain(
      'Vous pouvez aussi m’écrire une phrase, par exemple « convoquer une séance mardi prochain à 14 h »',
    );
  });
});

describe('a sentence that could mean two things asks first', () => {
  it('two Comités Opérationnels: a button for each, and the one chosen fills the form', async () => {
    const card = await say(USERS.claire, 'réunir le comité opérationnel la semaine prochaine');
    expect(textOf(card)).toContain('De quelle instance s’agit-il ?');
    const buttons = JSON.stringify(card).match(/"verb":"sentence.choose"/g) ?? [];
    expect(buttons.length).toBe(2);
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'sentence.choose', {
        text: 'réunir le comité opérationnel la semaine prochaine',
        intent: 'meeting.convene',
        instanceId: 'comite-operationnel-restauration-scolaire',
      }),
    );
    expect(inputValue(res.body.value, 'instanceId')).toBe('comite-operationnel-restauration-scolaire');
    expect(textOf(res.body.value)).toContain('J’ai compris : Comité opérationnel');
  });

  it('« convoquer un vote »: a séance or a vote?', async () => {
    const card = await say(USERS.claire, 'convoquer un vote');
    expect(textOf(card)).toContain('Que voulez-vous faire ?');
    expect(JSON.stringify(card)).toContain('Convoquer une séance');
    expect(JSON.stringify(card)).toContain('Ouvrir un vote');
  });

  it('a date already past asks which one', async () => {
    const card = await say(USERS.claire, 'convoquer le COPIL le 1er décembre 2026 à 10 h');
    expect(textOf(card)).toContain('Le mardi 1er décembre 2026 à 10 h est déjà passé.');
    expect(JSON.stringify(card)).toContain('Choisir la date dans le formulaire');
  });

  it('a question’s button with an instance the sentence does not name is refused, nothing opened', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'sentence.choose', {
        text: 'réunir le comité opérationnel',
        intent: 'meeting.convene',
        instanceId: 'copil-reseau',
      }),
    );
    expect(textOf(res.body.value)).toContain('Cette instance n’est pas l’une de celles que votre phrase nomme');
  });
});

describe('a person without the right gets the same refusal as with the command', () => {
  it.each([
    ['convoquer', 'je voudrais convoquer le COPIL mardi prochain à 14h'],
    ['scrutin', 'pourriez-vous ouvrir un scrutin au COPIL ?'],
    ['rôles', 'je voudrais changer les rôles'],
    ['campagne', 'lancer le recensement des besoins s’il vous plaît'],
  ])('« %s » and « %s »', async (command, sentence) => {
    const typed = textOf(await say(USERS.amina, command));
    h.connector.reset();
    const free = textOf(await say(USERS.amina, sentence));
    const strip = (t: string) => t.replace(/Référence[^\n]*/g, '').replace(/J’ai compris[^\n]*/g, '');
    expect(strip(free)).toBe(strip(typed));
    expect(typed).toMatch(/Action impossible|Vous n’organisez|Seul|réservé/);
  });
});
