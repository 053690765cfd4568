import http from 'http';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { convocationForm, dayFromNow } from '../support/forms';

/**
 * A sitting's life after the convocation: the calendar file, first-seen times through the card
 * refresh, the proof of notice, changes (« modifiée », everyone told again), « mes
 * convocations », and the relevé de décisions once it has been held.
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const day = dayFromNow;
const form = convocationForm;
const convocationsSent = (marker: string, n: number) =>
  h.connector.waitFor(() => {
    const sent = h.connector.sent().filter((a) => textOf(cardOf(a)).includes(marker));
    return sent.length >= n ? sent : undefined;
  }, 8_000);

let sittingId = '';
let proofUrl = '';

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.create', form(), COPIL_CHANNEL));
  const forecast = JSON.stringify(res.body.value);
  sittingId = forecast.match(/"sittingId":"([^"]+)"/)![1]!;
  // In the channel the organiser's forecast is a refresh of the members' view, theirs alone.
  const own = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }, COPIL_CHANNEL));
  proofUrl = own.body.value.actions.find((a: any) => a.title === 'Preuve d’envoi (CSV)').url;
  await convocationsSent('Convocation — COPIL RReT', 5);
});
afterAll(() => h.stop());

describe('the calendar file', () => {
  it('is served by the bot behind the link on the card, at the right hour, and a forged link is refused', async () => {
    const toSophie = h.connector
      .sent()
      .find((a) => a.recipient?.id === USERS.sophie.id && textOf(cardOf(a)).includes('Convocation'));
    const link = JSON.stringify(cardOf(toSophie)).match(/\[Ajouter à mon agenda\]\(([^)]+)\)/)![1]!; // a link in the text: the buttons are for answers
    expect(link.startsWith(`${h.url}/fichiers/agenda/`)).toBe(true);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const ics = await res.text();
    const start = new Date(
      `${day(10)}T09:30:00${new Date(`${day(10)}T12:00:00Z`).toLocaleString('en', { timeZone: 'Europe/Paris', timeZoneName: 'shortOffset' }).endsWith('GMT+2') ? '+02:00' : '+01:00'}`,
    );
    expect(ics).toContain(`DTSTART:${start.toISOString().replace(/[-:]/g, '').replace('.000', '')}`);
    expect(ics).toContain('SUMMARY:COPIL RReT — séance');
    const forged = await fetch(link.replace(/sig=.{5}/, 'sig=AAAAA'));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Ce lien n’est pas valide');
    const otherFile = await fetch(link.replace('/agenda/', '/preuve/'));
    expect(otherFile.status).toBe(403);
  });

  it('opens when clicked in Teams on the web (a cross-site navigation), and only then', async () => {
    // A link clicked in teams.microsoft.com is a top-level navigation from another site: the
    // browser says so, and the signed file was refused (« Requête d’une page web refusée »).
    const toSophie = h.connector
      .sent()
      .find((a) => a.recipient?.id === USERS.sophie.id && textOf(cardOf(a)).includes('Convocation'));
    const link = JSON.stringify(cardOf(toSophie)).match(/\[Ajouter à mon agenda\]\(([^)]+)\)/)![1]!;
    // Plain HTTP: Node's fetch sets its own Sec-Fetch-Mode (cors), as a page's script would.
    const clicked = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
    const opened = await rawRequest('GET', link, clicked);
    expect(opened.status).toBe(200);
    expect(opened.body).toContain('BEGIN:VCALENDAR');
    // A script of another site reading it, or a cross-site form posting to the bot: still refused.
    expect(
      (await rawRequest('GET', link, { ...clicked, 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' })).status,
    ).toBe(403);
    expect((await rawRequest('POST', `${h.url}/api/messages`, clicked, '{}')).status).toBe(403);
  });
});

describe('first-seen and the proof of notice', () => {
  it('records when a member first displays the card (Teams refreshes it for them) and shows their own view', async () => {
    const toAmina = h.connector
      .sent()
      .find((a) => a.recipient?.id === USERS.amina.id && textOf(cardOf(a)).includes('Convocation'));
    expect(cardOf(toAmina).refresh).toMatchObject({
      action: { verb: 'meeting.view', data: { sittingId } },
      userIds: [USERS.amina.id],
    });
    const seen = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.view', { sittingId }));
    expect(textOf(seen.body.value)).toContain('Votre réponse : pas encore donnée');
    const inChannel = await h.post(
      cardAction(h.connector.url, USERS.amina, 'meeting.view', { sittingId }, COPIL_CHANNEL),
    );
    expect(textOf(inChannel.body.value)).toContain('Réponses : 0 présent·e, 0 à distance, 0 pouvoir,');
    const outsider = await h.post(
      cardAction(h.connector.url, USERS.jean, 'meeting.view', { sittingId }, COPIL_CHANNEL),
    );
    expect(textOf(outsider.body.value)).toContain('Vous n’êtes pas convoqué·e à cette séance');
    const acks = await h.bot.store.meetings.acknowledgements(sittingId);
    expect(acks.map((a) => a.personKey)).toEqual([key(USERS.amina)]);
  });

  it('exports, per member, when the convocation was handed to Teams, first seen and answered', async () => {
    await h.post(cardAction(h.connector.url, USERS.sophie, 'meeting.answer', { sittingId, choice: 'present' }));
    const res = await fetch(proofUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="preuve-convocation-copil-rret-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Membre;Envoi;Canal;État;Remis le;Adresse e-mail;Message-ID;Motif;Première consultation le;Réponse;Répondu le',
    );
    expect(lines).toHaveLength(5); // the header and four members
    const stamp = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0[12]:00/;
    const sophie = lines.find((l) => l.startsWith('Sophie Bernard;'))!.split(';');
    expect(sophie.slice(1, 4)).toEqual(['Convocation', 'Teams', 'remise']);
    expect(sophie[4]).toMatch(stamp);
    expect(sophie[8]).toMatch(stamp);
    expect(sophie.slice(9)).toEqual(['Présent·e', expect.stringMatching(stamp)]);
    const amina = lines.find((l) => l.startsWith('Amina Haddad;'))!.split(';');
    expect(amina[8]).toMatch(stamp);
    expect(amina[9]).toBe('');
  });
});

describe('changing a sitting', () => {
  it('lets only an organiser open the form, filled with the sitting as it stands', async () => {
    const byMember = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.edit', { sittingId }));
    expect(textOf(byMember.body.value)).toContain('Seuls les organisateurs');
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.edit', { sittingId }));
    const card = JSON.stringify(res.body.value);
    expect(textOf(res.body.value)).toContain('Modifier la séance');
    expect(card).toContain('Hôtel de la Métropole, salle du conseil');
    expect(card).toContain('Programmation 2027 ; Direction Achats\\nBilan des marchés ; Coordinatrice RReT');
    expect(card).toContain('"verb":"meeting.update"');
    const unchanged = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.update', { ...form(), sittingId }),
    );
    expect(textOf(unchanged.body.value)).toContain('Rien n’a changé');
    expect((await h.bot.store.meetings.get(sittingId))!.version).toBe(1);
  });

  it('a new place: « modifiée », every member and the channel told again, answers kept, history kept', async () => {
    h.connector.reset();
    const res = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.update',
        { ...form({ place: 'Salle 3, rue du Lac' }), sittingId },
        COPIL_CHANNEL,
      ),
    );
    expect(textOf(res.body.value)).toContain('Séance modifiée — COPIL RReT');
    const own = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }, COPIL_CHANNEL),
    );
    expect(textOf(own.body.value)).toContain('Prévision du quorum');
    expect(textOf(own.body.value)).toContain('lieu : Salle 3, rue du Lac');
    // The history is dated in French, not as an ISO timestamp.
    expect(textOf(own.body.value)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(textOf(own.body.value)).toMatch(/\d{4} à \d{1,2} h( \d{2})? — /);
    const told = await convocationsSent('Séance modifiée', 5);
    expect(new Set(told.map((a) => a.conversation?.id)).size).toBe(5); // four personal chats and the channel
    // The first channel card says it was replaced, without answer buttons: nobody answers from an
    // outdated one, and the channel shows one « Séance modifiée » card, not two.
    const replaced = await h.connector.waitFor(
      () =>
        h.connector.calls.find(
          (c) =>
            c.method === 'PUT' &&
            c.conversationId === COPIL_CHANNEL.conversationId &&
            textOf(c.body.attachments[0].content).includes('Convocation remplacée'),
        ),
      8_000,
    );
    expect(textOf(replaced.body.attachments[0].content)).not.toContain('Présent·e');
    const stored = (await h.bot.store.meetings.get(sittingId))!;
    expect(stored).toMatchObject({ status: 'modifiee', version: 2, place: 'Salle 3, rue du Lac' });
    // Each version's convocation is kept as a PDF, its SHA-256 in the journal.
    expect(stored.history.map((e) => e.action)).toEqual(['convocation', 'document', 'modification', 'document']);
    expect((await h.bot.store.meetings.answersOf(sittingId)).map((a) => a.personKey)).toEqual([key(USERS.sophie)]);
  });

  it('a double click on « Enregistrer et prévenir les membres »: one change, told once, the same answer twice', async () => {
    h.connector.reset();
    const draftId = '6f0d2c1e-4b5a-4c3d-9e8f-7a6b5c4d3e2f';
    const send = () =>
      h.post(
        cardAction(h.connector.url, USERS.claire, 'meeting.update', {
          ...form({ place: 'Salle 4, rue du Lac' }),
          sittingId,
          draftId,
        }),
      );
    const [first, second] = [await send(), await send()];
    expect(textOf(first.body.value)).toContain('Prévision du quorum — COPIL RReT');
    expect(textOf(first.body.value)).toContain('lieu : Salle 4, rue du Lac');
    // The second press gets the same forecast, not « Rien n’a changé ».
    expect(textOf(second.body.value)).toBe(textOf(first.body.value));
    const stored = (await h.bot.store.meetings.get(sittingId))!;
    expect(stored).toMatchObject({ version: 3, place: 'Salle 4, rue du Lac' });
    expect(stored.history.map((e) => e.action)).toEqual([
      'convocation',
      'document',
      'modification',
      'document',
      'modification',
      'document',
    ]);
    const told = await convocationsSent('Salle 4, rue du Lac', 5);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Salle 4, rue du Lac'))).toHaveLength(
      told.length,
    );
    expect(new Set(told.map((a) => a.conversation?.id)).size).toBe(told.length);
    // Another form, with nothing changed, is still told so.
    const other = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.update', {
        ...form({ place: 'Salle 4, rue du Lac' }),
        sittingId,
        draftId: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
      }),
    );
    expect(textOf(other.body.value)).toContain('Rien n’a changé');
  });

  it('a new date: the notice is checked again and everyone answers again', async () => {
    const tooSoon = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.update', {
        ...form({ place: 'Salle 3, rue du Lac', date: day(2) }),
        sittingId,
      }),
    );
    expect(textOf(tooSoon.body.value)).toContain('jours francs');
    expect((await h.bot.store.meetings.get(sittingId))!.version).toBe(3);
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.update', {
        ...form({ place: 'Salle 3, rue du Lac', date: day(12) }),
        sittingId,
      }),
    );
    expect(textOf(res.body.value)).toContain('réponses à redonner');
    expect(await h.bot.store.meetings.answersOf(sittingId)).toEqual([]);
    expect((await h.bot.store.meetings.get(sittingId))!.version).toBe(4);
  });

  it('lists the sitting in « mes convocations » with the member’s answer', async () => {
    await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.answer', { sittingId, choice: 'distance' }));
    h.connector.reset();
    await h.post(message(h.connector.url, USERS.amina, 'mes convocations'));
    const mine = await h.connector.waitFor(() =>
      h.connector.sent().find((a) => textOf(cardOf(a)).includes('Mes convocations')),
    );
    const text = textOf(cardOf(mine));
    expect(text).toContain('COPIL RReT');
    expect(text).toContain('— modifiée');
    expect(text).toContain('Votre réponse : Présent·e à distance');
    await h.post(message(h.connector.url, USERS.jean, 'mes convocations'));
    const none = await h.connector.waitFor(() =>
      h.connector
        .sent()
        .find((a) => a.recipient?.id === USERS.jean.id && textOf(cardOf(a)).includes('Mes convocations')),
    );
    expect(textOf(cardOf(none))).toContain('Aucune séance à venir');
  });
});

describe('after the sitting: the relevé de décisions', () => {
  it('is refused before the sitting, in French', async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.minutes.open', { sittingId }));
    expect(textOf(res.body.value)).toContain('La séance n’a pas encore eu lieu');
  });

  it('records actual attendance and one decision per item, posts it to the channel and stores it', async () => {
    const sitting = (await h.bot.store.meetings.get(sittingId))!;
    skipped = Date.parse(sitting.startsAt) + 3 * 3_600_000 - Date.now();
    const opened = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.minutes.open', { sittingId }));
    const card = JSON.stringify(opened.body.value);
    const aminaIndex = sitting.memberKeys.indexOf(key(USERS.amina));
    expect(card).toContain(`"id":"att_${aminaIndex}","label":"${aminaIndex + 1}. Amina Haddad","value":"distance"`);
    const attendance = Object.fromEntries(
      sitting.memberKeys.map((_, n) => [`att_${n}`, n === aminaIndex ? 'distance' : 'present']),
    );

    const missing = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.minutes.record', {
        sittingId,
        ...attendance,
        dec_0: 'Avis favorable',
        dec_1: ' ',
      }),
    );
    expect(textOf(missing.body.value)).toContain('Indiquez la décision du point 2 (« Bilan des marchés »)');
    expect(JSON.stringify(missing.body.value)).toContain('Avis favorable');
    const badProxy = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.minutes.record', {
        sittingId,
        ...attendance,
        [`att_${aminaIndex}`]: 'pouvoir',
        dec_0: 'a',
        dec_1: 'b',
      }),
    );
    expect(textOf(badProxy.body.value)).toContain('Amina Haddad n’a pas donné de pouvoir');
    const longDecision = 'Avis favorable sous réserve. '.repeat(80).slice(0, 2_100);
    const tooLong = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.minutes.record', {
        sittingId,
        ...attendance,
        dec_0: 'Avis favorable',
        dec_1: longDecision,
      }),
    );
    // The form again, with what was typed and what to shorten (not « Données invalides »).
    expect(textOf(tooLong.body.value)).toContain(
      'Point 2, « Décision » : 2\u202f100 caractères pour 2\u202f000 au plus ; retirez-en 100.',
    );
    expect(JSON.stringify(tooLong.body.value)).toContain(longDecision);
    expect((await h.bot.store.meetings.get(sittingId))!.minutes).toBeUndefined();

    h.connector.reset();
    const done = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.minutes.record', {
        sittingId,
        ...attendance,
        dec_0: 'Avis favorable, avec les remarques des communes',
        dec_1: 'Reporté au prochain COPIL',
      }),
    );
    expect(textOf(done.body.value)).toContain('Relevé de décisions enregistré');
    const posted = await h.connector.waitFor(() =>
      h.connector
        .sent(COPIL_CHANNEL.conversationId)
        .find((a) => textOf(cardOf(a)).includes('Relevé de décisions — COPIL RReT')),
    );
    const text = textOf(cardOf(posted));
    expect(text).toContain('Quorum atteint : 4/2');
    expect(text).toContain('Reporté au prochain COPIL');
    expect(text).toContain('1. Programmation 2027');
    expect(text).not.toContain('\\');
    expect(text).toMatch(/Établi le \S+ \d{1,2}(er)? \S+ \d{4} à \d{1,2} h/);
    const stored = (await h.bot.store.meetings.get(sittingId))!;
    expect(stored.status).toBe('tenue');
    expect(stored.minutes).toMatchObject({
      quorumReached: true,
      decisions: [{ item: 'Programmation 2027' }, { item: 'Bilan des marchés' }],
    });
    expect(stored.history.filter((e) => e.action !== 'document').at(-1)).toMatchObject({
      action: 'releve',
      by: key(USERS.claire),
    });
    // « Enregistrer et publier » pressed twice (a double click): one relevé, posted once, not « corrigé ».
    const twice = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.minutes.record', {
        sittingId,
        ...attendance,
        dec_0: 'Avis favorable, avec les remarques des communes',
        dec_1: 'Reporté au prochain COPIL',
      }),
    );
    expect(textOf(twice.body.value)).toContain('Relevé de décisions enregistré');
    expect(await h.bot.store.outbox.getNotice(`releve-${sittingId}-1`)).toBeTruthy();
    expect(await h.bot.store.outbox.getNotice(`releve-${sittingId}-2`)).toBeFalsy();
    const after = (await h.bot.store.meetings.get(sittingId))!;
    expect(after.history.filter((e) => e.action === 'releve').map((e) => e.summary)).toEqual([
      'Relevé de décisions établi',
    ]);
    // A relevé that says something else is a correction, published again.
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.minutes.record', {
        sittingId,
        ...attendance,
        dec_0: 'Avis favorable, avec les remarques des communes',
        dec_1: 'Reporté au COPIL de mars',
      }),
    );
    expect(await h.bot.store.outbox.getNotice(`releve-${sittingId}-2`)).toBeTruthy();
    expect(
      (await h.bot.store.meetings.get(sittingId))!.history.filter((e) => e.action !== 'document').at(-1)?.summary,
    ).toBe('Relevé de décisions corrigé');
    const byMember = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.minutes.open', { sittingId }));
    expect(textOf(byMember.body.value)).toContain('Seuls les organisateurs');
    skipped = 0;
  });
});

/** One request with exactly these headers (no client adding its own), and its answer. */
function rawRequest(method: string, url: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
