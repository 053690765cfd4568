import { COPIL_CHANNEL, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { convocationForm, dayFromNow } from '../support/forms';

/**
 * The links people need are on the cards: the sitting's Teams meeting as a button, the agenda's
 * and a ballot's documents as links named by their file, never a raw address in grey text; a
 * cancelled sitting offers no meeting to join.
 */
let h: Harness;
const TEAMS_LINK = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d';
const AGENDA_DOC = 'https://ged.metropole.example.org/copil/Programmation_2027%20v2.pdf';
const BALLOT_DOC = 'https://ged.metropole.example.org/copil/note_de_synthese.docx';

/** Every Action.OpenUrl of a card, wherever it is (actions, ActionSets, show-cards). */
const openUrls = (card: unknown): Array<{ title: string; url: string }> => {
  const out: Array<{ title: string; url: string }> = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.OpenUrl') out.push({ title: n.title, url: n.url });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
};
const sentWith = (marker: string, n: number) =>
  h.connector.waitFor(() => {
    const sent = h.connector.sent().filter((a) => textOf(cardOf(a)).includes(marker));
    return sent.length >= n ? sent : undefined;
  }, 8_000);

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('a sitting with a Teams meeting and documents on its agenda', () => {
  let sittingId = '';

  it('gives each member « Rejoindre la réunion Teams » and the agenda’s documents as named links', async () => {
    h.connector.reset();
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', {
        ...convocationForm({
          mode: 'mixte',
          onlineLink: TEAMS_LINK,
          agenda: `Programmation 2027 ; Direction Achats ; ${AGENDA_DOC}\nBilan des marchés ; Coordinatrice RReT`,
        }),
      }),
    );
    sittingId = JSON.stringify(res.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
    const cards = await sentWith('Convocation — COPIL RReT', 5);
    const toSophie = cardOf(cards.find((a) => a.recipient?.id === USERS.sophie.id));
    expect(openUrls(toSophie)).toContainEqual({ title: 'Rejoindre la réunion Teams', url: TEAMS_LINK });
    const text = textOf(toSophie);
    expect(text).toContain(`[Programmation 2027 v2.pdf](${AGENDA_DOC})`);
    // The address itself is not shown as text, nor the place line’s old « lien dans l’invitation ».
    expect(text.replace(/\]\([^)]*\)/g, ']')).not.toContain('https://');
    expect(text).not.toContain('lien dans l’invitation');

    const inChannel = cardOf(cards.find((a) => a.conversation?.id === COPIL_CHANNEL.conversationId));
    expect(openUrls(inChannel)).toContainEqual({ title: 'Rejoindre la réunion Teams', url: TEAMS_LINK });
    expect(textOf(inChannel)).toContain(`[Programmation 2027 v2.pdf](${AGENDA_DOC})`);

    const forecast = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(openUrls(forecast.body.value)).toContainEqual({ title: 'Rejoindre la réunion Teams', url: TEAMS_LINK });
    const seen = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.view', { sittingId }));
    expect(openUrls(seen.body.value)).toContainEqual({ title: 'Rejoindre la réunion Teams', url: TEAMS_LINK });
  });

  it('offers no meeting to join once the sitting is cancelled, on any card', async () => {
    h.connector.reset();
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.cancel', { sittingId, reason: 'Salle indisponible' }),
    );
    const told = await sentWith('Séance annulée', 5);
    for (const a of told) expect(openUrls(cardOf(a)).map((b) => b.title)).not.toContain('Rejoindre la réunion Teams');
    const seen = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.view', { sittingId }));
    expect(openUrls(seen.body.value).map((b) => b.url)).not.toContain(TEAMS_LINK);
    const forecast = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(openUrls(forecast.body.value).map((b) => b.url)).not.toContain(TEAMS_LINK);
  });
});

describe('a ballot with documents', () => {
  it('shows them as links named by their file, to voters and in the channel', async () => {
    h.connector.reset();
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'ballot.open', {
        instanceId: 'copil-reseau',
        subject: 'Stratégie énergie',
        question: 'Le COPIL RReT approuve-t-il la stratégie ?',
        links: BALLOT_DOC,
        closeDate: dayFromNow(3),
        closeTime: '12:00',
      }),
    );
    const cards = await sentWith('Le COPIL RReT approuve-t-il la stratégie ?', 5);
    for (const a of cards) {
      const text = textOf(cardOf(a));
      expect(text).toContain(`[note de synthese.docx](${BALLOT_DOC})`);
      expect(text).not.toContain('\\_');
    }
  });
});
