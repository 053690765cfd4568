import { request } from 'http';
import { ballotVoteLink } from '../../src/app/ballots/vote-link';
import { sittingAnswerLink } from '../../src/app/meetings/answer-link';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { convocationForm } from '../support/forms';
import { ballotForm, openBallot } from '../support/scenarios';

/**
 * The page behind the e-mail's personal link: a member without Teams answers the convocation
 * there, through the same use case as the card's buttons, and the organiser's forecast counts it.
 */
let h: Harness;
let sittingId = '';
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, as a browser sends it (Node's fetch would set its own Sec-Fetch headers). */
function raw(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The member opens their link: a plain fetch (a mail filter's), or a click (`Sec-Fetch-User`). */
const open = (link: string, clicked = false) =>
  raw('GET', link, {
    'sec-fetch-site': 'none',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-dest': 'document',
    ...(clicked ? { 'sec-fetch-user': '?1' } : {}),
  });

/** The member submits the page's form, as the browser posts it from the page. */
const submit = (link: string, fields: Record<string, string>, origin = new URL(link).origin) =>
  raw(
    'POST',
    link,
    {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': origin === new URL(link).origin ? 'same-origin' : 'cross-site',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-dest': 'document',
      origin,
    },
    new URLSearchParams(fields).toString(),
  );

const linkFor = async (who: { aadObjectId: string }) =>
  sittingAnswerLink(h.bot.links, (await h.bot.store.meetings.get(sittingId))!, key(who));
const answerOf = async (who: { aadObjectId: string }) =>
  (await h.bot.store.meetings.answersOf(sittingId)).find((a) => a.personKey === key(who));
const forecast = async () =>
  textOf((await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }))).body.value);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, '’')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  const res = await h.post(
    cardAction(h.connector.url, USERS.claire, 'meeting.create', convocationForm(), COPIL_CHANNEL),
  );
  sittingId = JSON.stringify(res.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
});
afterAll(() => h.stop());

describe('the page behind the e-mail’s link', () => {
  it('shows the convocation in French with the answer form, and a mail filter’s fetch stamps no receipt', async () => {
    const link = await linkFor(USERS.amina);
    expect(new URL(link).pathname).toMatch(/^\/lien\/seance\//);
    const page = await open(link);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.body).toContain('<html lang="fr">');
    const shown = text(page.body);
    expect(shown).toContain('Convocation — COPIL RReT');
    expect(shown).toContain('Hôtel de la Métropole, salle du conseil');
    expect(shown).toContain('Programmation 2027 — Direction Achats');
    expect(shown).toContain('à 9 h 30');
    expect(shown).toContain('Amina Haddad, votre réponse : pas encore donnée.');
    for (const label of ['Présent·e', 'Présent·e à distance', 'Absent·e', 'Absent·e, je donne pouvoir'])
      expect(shown).toContain(label);
    expect(page.body).toMatch(/<label for="proxyHolderKey">/);
    expect(page.body).toContain(`<option value="${key(USERS.sophie)}">Sophie Bernard</option>`);
    expect(page.body).not.toContain(`<option value="${key(USERS.amina)}">`);
    expect(page.body).not.toMatch(/<script|style=/);
    const acks = async () => (await h.bot.store.meetings.acknowledgements(sittingId)).map((a) => a.personKey);
    expect(await acks()).not.toContain(key(USERS.amina));
    await open(link, true);
    expect(await acks()).toContain(key(USERS.amina));
  });

  it('records « présent » through the card’s use case: the organiser’s forecast counts it', async () => {
    const before = await forecast();
    const link = await linkFor(nadia);
    const page = await submit(link, { choice: 'present' });
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('Votre réponse est enregistrée.');
    expect(text(page.body)).toContain('Nadia Lefèvre, votre réponse : Présent·e.');
    expect(await answerOf(nadia)).toMatchObject({ choice: 'present', via: 'lien-email' });
    expect(before).toContain('0/2 pour le quorum');
    expect(before).toMatch(/Présent·es\n0\n/);
    const after = await forecast();
    expect(after).toMatch(/Présent·es\n1\n/);
    expect(after).toContain('1/2 pour le quorum');
  });

  it('gives « pouvoir à … », and refuses a second proxy to the same holder in French, changing nothing', async () => {
    const given = await submit(await linkFor(USERS.amina), { choice: 'pouvoir', proxyHolderKey: key(USERS.sophie) });
    expect(text(given.body)).toContain('Amina Haddad, votre réponse : Absent·e, donne pouvoir à Sophie Bernard.');
    expect(await answerOf(USERS.amina)).toMatchObject({
      choice: 'pouvoir',
      proxyHolderKey: key(USERS.sophie),
      via: 'lien-email',
    });
    const counted = await forecast();
    expect(counted).toMatch(/Représenté·es \(pouvoir\)\n1\n/);
    const second = await submit(await linkFor(USERS.claire), { choice: 'pouvoir', proxyHolderKey: key(USERS.sophie) });
    expect(second.status).toBe(200);
    expect(text(second.body)).toContain(
      'Sophie Bernard porte déjà 1 pouvoir, le maximum pour cette instance : choisissez un autre membre.',
    );
    expect(text(second.body)).not.toContain('Votre réponse est enregistrée');
    // What she chose stays on the page, to change the holder.
    expect(second.body).toMatch(/value="pouvoir" required checked/);
    expect(second.body).toContain(`<option value="${key(USERS.sophie)}" selected>Sophie Bernard</option>`);
    expect(await answerOf(USERS.claire)).toBeUndefined();
    expect(await forecast()).toBe(counted);
  });

  it('journals the answers given by link « par lien e-mail » in the proof of notice', async () => {
    const proof = await fetch(h.bot.links.url('preuve', sittingId, new Date(Date.now() + 3_600_000)));
    const csv = await proof.text();
    expect(csv).toMatch(/Amina Haddad;[^\n]*Absent·e, donne pouvoir à Sophie Bernard \(par lien e-mail\)/);
    expect(csv).toMatch(/Nadia Lefèvre;[^\n]*Présent·e \(par lien e-mail\)/);
  });

  it('refuses an expired or altered link with a French page, and changes nothing', async () => {
    const past = h.bot.links.pageUrl('seance', `${sittingId}|${key(nadia)}`, new Date(Date.now() - 1000));
    const expired = await submit(past, { choice: 'absent' });
    expect(expired.status).toBe(410);
    expect(expired.headers['content-type']).toContain('text/html');
    expect(text(expired.body)).toContain('Ce lien a expiré');
    expect((await open(past)).status).toBe(410);
    // Amina's link made to name Nadia.
    const amina = new URL(await linkFor(USERS.amina));
    const altered = `${amina.origin}/lien/seance/${encodeURIComponent(`${sittingId}|${key(nadia)}`)}${amina.search}`;
    const refused = await submit(altered, { choice: 'absent' });
    expect(refused.status).toBe(403);
    expect(text(refused.body)).toContain('Ce lien n’est pas valide');
    expect(await answerOf(nadia)).toMatchObject({ choice: 'present' });
  });

  it('refuses a cross-site POST', async () => {
    const refused = await submit(await linkFor(nadia), { choice: 'absent' }, 'https://attacker.example');
    expect(refused.status).toBe(403);
    expect(await answerOf(nadia)).toMatchObject({ choice: 'present' });
  });

  it('refuses a link signed for someone of another centrale, or for someone not convened', async () => {
    const outsider = await h.bot.store.governance.upsertPerson({
      key: personKey('autre-tenant', 'b2000000-0000-4000-8000-000000000001'),
      centraleId: 'pfra-paca',
      tenantId: 'autre-tenant',
      aadObjectId: 'b2000000-0000-4000-8000-000000000001',
      teamsUserId: null,
      displayName: 'Paul Roux',
      email: 'paul.roux@pfra.example',
      roles: ['referent'],
      memberId: null,
    });
    const theirs = h.bot.links.pageUrl('seance', `${sittingId}|${outsider.key}`, new Date(Date.now() + 3_600_000));
    const page = await submit(theirs, { choice: 'present' });
    expect(page.status).toBe(403);
    expect(text(page.body)).toContain('n’est plus enregistrée dans cette centrale');
    expect((await h.bot.store.meetings.answersOf(sittingId)).map((a) => a.personKey)).not.toContain(outsider.key);
    const luc = await submit(await linkFor(USERS.luc), { choice: 'present' });
    expect(luc.status).toBe(403);
    expect(await answerOf(USERS.luc)).toBeUndefined();
  });

  it('refuses what the form cannot carry, in French, and a body too large', async () => {
    const link = await linkFor(nadia);
    const odd = await submit(link, { choice: 'peut-être' });
    expect(text(odd.body)).toContain('Choisissez votre réponse');
    const big = await submit(link, { choice: 'suppleant', substituteName: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(await answerOf(nadia)).toMatchObject({ choice: 'present' });
  });
});

describe('a named ballot by link', () => {
  const voteLink = async (ballotId: string, who: { aadObjectId: string }) =>
    ballotVoteLink(h.bot.links, (await h.bot.store.ballots.get(ballotId))!, key(who));

  it('votes after « Confirmer mon vote », through the card’s use case, journalled « par lien e-mail »', async () => {
    const { ballotId } = await openBallot(h, ballotForm({ question: 'Validez-vous la programmation 2027 ?' }));
    const link = await voteLink(ballotId, USERS.amina);
    expect(new URL(link).pathname).toMatch(/^\/lien\/scrutin\//);
    const page = await open(link);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('Validez-vous la programmation 2027 ?');
    expect(text(page.body)).toContain('Vous n’avez pas encore voté.');
    for (const c of ['Pour', 'Contre', 'Abstention']) expect(page.body).toContain(`value="${c}"`);
    const odd = await submit(link, { step: 'confirmer', choice: 'Peut-être' });
    expect(text(odd.body)).toContain('Choisissez votre vote dans la liste.');
    const confirm = await submit(link, { step: 'confirmer', choice: 'Pour' });
    expect(text(confirm.body)).toContain('Vous allez voter : Pour');
    expect(confirm.body).toContain('Confirmer mon vote');
    expect(await h.bot.store.ballots.voteOf(ballotId, key(USERS.amina))).toBeNull();
    const cast = await submit(link, { step: 'voter', choice: 'Pour' });
    expect(text(cast.body)).toContain('Votre vote est enregistré.');
    expect(text(cast.body)).toContain('Votre vote : Pour.');
    expect(await h.bot.store.ballots.voteOf(ballotId, key(USERS.amina))).toMatchObject({ choice: 'Pour' });
    const events = await h.bot.store.ballots.events(ballotId);
    expect(events.map((e) => e.detail)).toContain('Vote : Pour (par lien e-mail)');
    // Her own card in Teams shows the vote given by link.
    const card = await h.post(cardAction(h.connector.url, USERS.amina, 'ballot.view', { ballotId }));
    expect(textOf(card.body.value)).toContain('Votre vote : Pour');
  });

  it('offers no vote by link on a secret ballot, and explains why in French', async () => {
    const { ballotId } = await openBallot(h, ballotForm({ question: 'Question secrète ?', secret: 'true' }));
    const link = await voteLink(ballotId, nadia);
    const page = await open(link);
    expect(text(page.body)).toContain('Ce scrutin est secret : le vote par lien e-mail n’est pas proposé');
    expect(page.body).not.toContain('<form');
    await submit(link, { step: 'voter', choice: 'Pour' });
    expect(await h.bot.store.ballots.voteOf(ballotId, key(nadia))).toBeNull();
  });

  it('is not a sitting’s link, and refuses a non-voter', async () => {
    const { ballotId } = await openBallot(h);
    const link = new URL(await voteLink(ballotId, USERS.amina));
    const asSitting = `${link.origin}${link.pathname.replace('/scrutin/', '/seance/')}${link.search}`;
    expect((await open(asSitting)).status).toBe(403);
    const luc = await submit(await voteLink(ballotId, USERS.luc), { step: 'voter', choice: 'Pour' });
    expect(luc.status).toBe(403);
    expect(await h.bot.store.ballots.voteOf(ballotId, key(USERS.luc))).toBeNull();
  });
});
