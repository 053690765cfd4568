import { createHash } from 'crypto';
import { COPIL_CHANNEL, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { convocationForm, dayFromNow } from '../support/forms';
import { pdfPages, pdfText } from '../support/pdf-reader';
import { frenchDate, parseLocalDate } from '../../src/domain/meetings/zoned-time';
import { keepServed } from '../support/served-documents';

/**
 * The convocation of record through the bot's real endpoint: convened from the form, its PDF
 * opened from the organiser's card by the signed link (an HTTP GET), read back with poppler, its
 * SHA-256 the journal's; changed, a version 2 beside version 1.
 */
let h: Harness;
const clock = { now: () => new Date() };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const buttons = (card: unknown): Array<{ title: string; url: string }> => {
  const found: Array<{ title: string; url: string }> = [];
  const walk = (n: any): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.OpenUrl') found.push({ title: n.title, url: n.url });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
};
const download = async (url: string) => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/pdf');
  return Buffer.from(await res.arrayBuffer());
};
const flat = async (pdf: Buffer) => (await pdfText(pdf)).replace(/\s+/g, ' ');
const journalHashes = async (sittingId: string) =>
  (await h.bot.store.meetings.get(sittingId))!.history
    .filter((e) => e.action === 'document')
    .map((e) => /SHA-256 ([0-9a-f]{64})$/.exec(e.summary)![1]);

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('the convocation as a PDF', () => {
  let sittingId = '';
  let v1Url = '';
  let v1Hash = '';
  const date = dayFromNow(10);
  const form = (over: Record<string, string> = {}) =>
    convocationForm({
      date,
      agenda:
        'Programmation 2027 ; Direction Achats ; https://intranet.example/programme.pdf\nBilan des marchés ; Coordinatrice RReT',
      ...over,
    });

  it('is opened from the organiser’s card and the members’ cards; its bytes are those the journal fingerprints', async () => {
    h.connector.reset();
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.create', form()));
    const card = res.body.value;
    expect(textOf(card)).toContain('Prévision du quorum');
    sittingId = JSON.stringify(card).match(/"sittingId":"([^"]+)"/)![1]!;
    const button = buttons(card).find((b) => b.title === 'Convocation, version 1 (PDF)')!;
    expect(button.url.startsWith(`${h.url}/fichiers/document/`)).toBe(true);
    v1Url = button.url;
    const pdf = await download(v1Url);
    v1Hash = sha(pdf);
    await keepServed(
      'convocation-v1.pdf',
      pdf,
      'Convocation (version 1)',
      'À la convocation d’une séance : carte de l’organisateur et de chaque membre, pièce jointe de l’e-mail',
    );
    expect(await journalHashes(sittingId)).toEqual([v1Hash]);

    const text = await flat(pdf);
    for (const expected of [
      'Convocation — COPIL RReT',
      frenchDate(parseLocalDate(date)!) + ' à 9 h 30',
      'Hôtel de la Métropole, salle du conseil',
      '1. Programmation 2027',
      'Rapporteur·rice : Direction Achats',
      'Document : https://intranet.example/programme.pdf',
      '2. Bilan des marchés',
      'Rapporteur·rice : Coordinatrice RReT',
      'Délai requis 5 jours francs',
      'Base légale du délai CRPA R133-8',
      'Délai donné',
      'Sophie Bernard',
      'Amina Haddad',
      'Claire Martin',
    ])
      expect(text).toContain(expected);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.every((p) => p.png.length > 1000)).toBe(true);

    // The signature is the permission: the same link pointed at another sitting, another
    // document or a later expiry opens nothing.
    const tampered = [
      v1Url.replace(encodeURIComponent(`${sittingId}|`), encodeURIComponent('seance-autre|')),
      v1Url.replace('convocation-v1.pdf', 'convocation-v2.pdf'),
      v1Url.replace(/exp=(\d+)/, (_, e) => `exp=${Number(e) + 86_400}`),
    ];
    for (const url of tampered) {
      expect(url).not.toBe(v1Url);
      expect((await fetch(url)).status).toBe(403);
    }

    // Each member's card sent with the notice opens the same document.
    const toAmina = await h.connector.waitFor(() =>
      h.connector
        .sent()
        .find((a) => a.recipient?.id === USERS.amina.id && textOf(cardOf(a)).includes('Convocation — COPIL RReT')),
    );
    const own = buttons(cardOf(toAmina)).find((b) => b.title === 'Convocation, version 1 (PDF)')!;
    expect(sha(await download(own.url))).toBe(v1Hash);
    // And so does the card as Teams refreshes it for her.
    const seen = await h.post(cardAction(h.connector.url, USERS.amina, 'meeting.view', { sittingId }));
    expect(buttons(seen.body.value).map((b) => b.title)).toContain('Convocation, version 1 (PDF)');
  });

  it('a document added to the convened sitting: version 2 with its own hash, the addition dated and told; version 1 still served', async () => {
    h.connector.reset();
    const agenda =
      'Programmation 2027 ; Direction Achats ; https://intranet.example/programme.pdf\nBilan des marchés ; Coordinatrice RReT ; https://intranet.example/bilan-2026.pdf';
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.update', { ...form({ agenda }), sittingId }),
    );
    const card = res.body.value;
    expect(textOf(card)).toContain('document ajouté : bilan-2026.pdf (point 2)');
    const button = buttons(card).find((b) => b.title === 'Convocation, version 2 (PDF)')!;
    expect(buttons(card).map((b) => b.title)).not.toContain('Convocation, version 1 (PDF)');
    const pdf = await download(button.url);
    const v2Hash = sha(pdf);
    await keepServed(
      'convocation-v2.pdf',
      pdf,
      'Convocation modifiée (version 2), document ajouté daté',
      'À chaque modification d’une séance convoquée : même cartes, la version 1 reste téléchargeable',
    );
    expect(v2Hash).not.toBe(v1Hash);
    expect(await journalHashes(sittingId)).toEqual([v1Hash, v2Hash]);
    const text = await flat(pdf);
    expect(text).toContain('Version 2 — modifiée le');
    expect(text).toMatch(
      /Document : https:\/\/intranet\.example\/bilan-2026\.pdf \(ajouté le \d{1,2}(er)? \S+ \d{4} à \d{1,2} h/,
    );
    expect(text).not.toMatch(/programme\.pdf \(ajouté/);
    // The members are told, and their card dates the document added.
    const told = await h.connector.waitFor(() =>
      h.connector
        .sent()
        .find((a) => a.recipient?.id === USERS.amina.id && textOf(cardOf(a)).includes('Séance modifiée')),
    );
    expect(textOf(cardOf(told))).toMatch(/bilan-2026\.pdf\]\([^)]+\) \(ajouté le /);
    expect(buttons(cardOf(told)).map((b) => b.title)).toContain('Convocation, version 2 (PDF)');
    // Version 1 stays downloadable, unchanged.
    expect(sha(await download(v1Url))).toBe(v1Hash);
  });

  it('a sitting at 00:30 local time is printed on its local day', async () => {
    const day = dayFromNow(12);
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'meeting.create', convocationForm({ date: day, time: '00:30' })),
    );
    const button = buttons(res.body.value).find((b) => b.title === 'Convocation, version 1 (PDF)')!;
    const text = await flat(await download(button.url));
    expect(text).toContain(`${frenchDate(parseLocalDate(day)!)} à 0 h 30`);
  });
});
