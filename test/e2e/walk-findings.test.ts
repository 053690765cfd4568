import { dayFromNow } from '../support/forms';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { needRefusal } from '../../src/teams/needs/views';
import { COPIL_CHANNEL, USERS, botAdded, cardAction, message } from '../support/activities';

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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const blocks = (node: any): any[] =>
  node && typeof node === 'object'
    ? [...(node.type === 'TextBlock' ? [node] : []), ...Object.values(node).flatMap(blocks)]
    : [];
const day = dayFromNow;

describe('a référente sending a need', () => {
  it('reads « Besoin envoyé à la coordination. » as a success (green), not as an alert (red)', async () => {
    await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
    const opened = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
        title: 'Besoins de la marche',
        segments: 'Fournitures de bureau',
        deadline: day(20),
        channelInstanceId: 'copil-reseau',
      }),
    );
    const campaignId = JSON.stringify(opened.body.value).match(/"(campagne-[^"]+)"/)![1]!;
    const sent = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', {
        campaignId,
        segment: 'Fournitures de bureau',
        description: 'Stylos',
        quantity: '100',
        unit: 'boîtes',
        annual: '200',
        total: '200',
        duration: '12',
        wishedStart: `${Number(day(20).slice(0, 4)) + 1}-01-01`,
        commitment: 'indicative',
      }),
    );
    const banner = blocks(sent.body.value).find((b) => b.text === 'Besoin envoyé à la coordination.');
    expect(textOf(sent.body.value)).toContain('Besoin envoyé');
    expect(banner).toBeDefined();
    expect(banner.color).toBe('Good');
  });
});

describe('the need form’s refusal', () => {
  it('names one field in the singular, several in a French list', () => {
    expect(needRefusal({ wishedStart: 'x' }, true)).toBe(
      'Le besoin n’est pas envoyé : complétez ou corrigez le champ « Début souhaité », comme indiqué dessous.',
    );
    expect(needRefusal({ description: 'x', quantity: 'y', total: 'z' }, false)).toBe(
      'Le brouillon n’est pas enregistré : complétez ou corrigez les champs « Description du besoin », « Quantité » et « Montant total, toute la durée (€ HT) », comme indiqué sous chacun.',
    );
  });
});

describe('« besoins » with no campaign open', () => {
  it('tells a coordinator how to open one, and a référente that she will be told, without « Action impossible »', async () => {
    const fresh = await startHarness();
    try {
      const asked = async (user: (typeof USERS)[keyof typeof USERS]) => {
        await fresh.post(message(fresh.connector.url, user, 'besoins'));
        const sent = await fresh.connector.waitFor(() => fresh.connector.sent().at(-1));
        fresh.connector.reset();
        return textOf(cardOf(sent));
      };
      const coordinator = await asked(USERS.sophie);
      expect(coordinator).toContain('Aucune campagne de recensement n’est ouverte');
      expect(coordinator).toContain('« campagne » en ouvre une');
      expect(coordinator).not.toContain('Action impossible');
      expect(coordinator).not.toContain('Rien n’a été modifié');
      const referente = await asked(USERS.amina);
      expect(referente).toContain('Aucune campagne de recensement n’est ouverte');
      expect(referente).toContain('vous serez prévenu·e');
      expect(referente).not.toContain('« campagne »');
      expect(referente).not.toContain('Action impossible');
      // An élu·e without a commune is not invited: not told they will be.
      const elu = await asked(USERS.luc);
      expect(elu).toContain('Aucune campagne de recensement n’est ouverte');
      expect(elu).not.toContain('vous serez prévenu·e');
      expect(elu).toContain('référent·es des communes');
    } finally {
      await fresh.stop();
    }
  });
});

describe('« bilan des litiges » before any dispute', () => {
  it('says there is none yet, without « 0 litige, 0 résolu » over three empty headings', async () => {
    await h.post(message(h.connector.url, USERS.luc, 'bilan des litiges'));
    const text = textOf(cardOf(await h.connector.waitFor(() => h.connector.sent().at(-1))));
    expect(text).toContain('Aucun litige signalé pour l’instant.');
    expect(text).not.toContain('0 litige');
    for (const heading of ['Par catégorie', 'Par marché', 'Par titulaire']) expect(text).not.toContain(heading);
  });
});

describe('the dates a coordinator reads', () => {
  it('gives the follow card’s deadline with its weekday, as the référents’ card does', async () => {
    const deadline = day(25);
    const opened = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
        title: 'Besoins datés',
        segments: 'Fournitures de bureau',
        deadline,
        channelInstanceId: 'copil-reseau',
      }),
    );
    const follow = textOf(opened.body.value);
    const weekday = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'][
      new Date(`${deadline}T12:00:00Z`).getUTCDay()
    ]!;
    expect(follow).toMatch(new RegExp(`Date limite : ${weekday} \\d{1,2}(er)? \\S+ \\d{4}`));
    // (The date picker's value is ISO, as Input.Date wants; the text above the buttons is not.)
    expect(follow.split('Actualiser')[0]).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
