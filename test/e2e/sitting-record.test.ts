import { createHash } from 'crypto';
import { mkdir } from 'fs/promises';
import path from 'path';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { press } from '../support/card-client';
import { convocationForm, dayFromNow } from '../support/forms';
import { keep, pdfPages, pdfText } from '../support/pdf-reader';
import { keepServed } from '../support/served-documents';

/**
 * The sitting as it was held (h52): the relevé with its président and secrétaire de séance, its
 * times, a late arrival, a proxy, a vote by counts and a named vote; its procès-verbal and
 * feuille d'émargement downloaded through the card's signed links and read back with poppler.
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const OUT = path.join(__dirname, '..', '..', 'build', 'documents');
let sittingId = '';

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  const res = await h.post(
    cardAction(h.connector.url, USERS.claire, 'meeting.create', convocationForm(), COPIL_CHANNEL),
  );
  sittingId = JSON.stringify(res.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
  const proxy = await h.post(
    cardAction(h.connector.url, USERS.amina, 'meeting.answer', {
      sittingId,
      choice: 'pouvoir',
      proxyHolderKey: key(USERS.sophie),
    }),
  );
  expect(textOf(proxy.body.value)).toContain('donne pouvoir à Sophie Bernard');
  await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.answer', { sittingId, choice: 'present' }));
  const sitting = (await h.bot.store.meetings.get(sittingId))!;
  skipped = Date.parse(sitting.startsAt) + 4 * 3_600_000 - Date.now();
  await mkdir(OUT, { recursive: true });
});
afterAll(() => h.stop());

const download = async (card: unknown, title: string) => {
  const button = (card as any).actions.find((a: any) => a.title === title);
  if (!button) throw new Error(`no button ${title}: ${JSON.stringify((card as any).actions.map((a: any) => a.title))}`);
  const res = await fetch(button.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/pdf');
  return Buffer.from(await res.arrayBuffer());
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the relevé of a sitting as it was held', () => {
  let form: any;
  let typed: Record<string, string> = {};

  it('offers the officers (the organiser presides by default) and the opening at the convened time', async () => {
    const opened = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.minutes.open', { sittingId }));
    form = opened.body.value;
    const s = (await h.bot.store.meetings.get(sittingId))!;
    const n = (u: { aadObjectId: string }) => String(s.memberKeys.indexOf(key(u)));
    const json = JSON.stringify(form);
    expect(json).toContain(
      `"id":"president","label":"Président·e de séance (parmi les présents)","style":"compact","value":"${n(USERS.claire)}"`,
    );
    expect(json).toContain('"id":"opening","label":"Ouverture","value":"09:30"');
    expect(Buffer.byteLength(json)).toBeLessThan(28 * 1024);
    const att = (u: { aadObjectId: string }) => `att_${n(u)}`;
    typed = {
      [att(USERS.claire)]: 'present',
      [att(USERS.sophie)]: 'present',
      [att(USERS.amina)]: 'pouvoir',
      [att(nadia)]: 'present',
      mvwho_0: 'Nadia Lefèvre',
      mvarr_0: '10:15',
      mvwho_1: `${Number(n(USERS.claire)) + 1}`,
      mvdep_1: '11:50',
      president: n(USERS.sophie),
      secretary: n(nadia),
      opening: '09:40',
      closing: '12:05',
      dec_0: 'Programmation 2027 approuvée avec les remarques des communes',
      vote_0: 'counts',
      pour_0: '6',
      contre_0: '1',
      dec_1: 'Bilan des marchés approuvé',
      vote_1: 'named',
      vcontre_1: 'nadia lefevre',
      vabst_1: `${Number(n(USERS.claire)) + 1}`,
    };
  });

  it('refuses more votes than members able to vote, naming the item, and gives back everything typed', async () => {
    const pressed = press(form, 'Enregistrer et publier le relevé', typed);
    if (!pressed.sent) throw new Error(JSON.stringify(pressed.refused));
    const res = await h.post(cardAction(h.connector.url, USERS.claire, pressed.verb, pressed.data));
    const text = textOf(res.body.value);
    expect(text).toContain(
      'Vote du point 1 (« Programmation 2027 ») : 7 voix comptées pour 4 votants possibles (présents et pouvoirs)',
    );
    const json = JSON.stringify(res.body.value);
    for (const v of [
      '"value":"12:05"',
      '"value":"10:15"',
      '"value":"nadia lefevre"',
      'remarques des communes',
      '"value":"6"',
    ])
      expect(json).toContain(v);
    expect((await h.bot.store.meetings.get(sittingId))!.minutes).toBeUndefined();
    form = res.body.value;
  });

  it('records it, and its procès-verbal and feuille d’émargement open from the card and say what was held', async () => {
    h.connector.reset();
    const pressed = press(form, 'Enregistrer et publier le relevé', { pour_0: '2', abst_0: '1' });
    if (!pressed.sent) throw new Error(JSON.stringify(pressed.refused));
    const res = await h.post(cardAction(h.connector.url, USERS.claire, pressed.verb, pressed.data));
    expect(textOf(res.body.value)).toContain('Relevé de décisions enregistré');
    const s = (await h.bot.store.meetings.get(sittingId))!;
    expect(s.minutes).toMatchObject({
      president: key(USERS.sophie),
      secretary: key(nadia),
      decisions: [
        { vote: { kind: 'counts', pour: 2, contre: 1, abstention: 1 }, result: 'adopte' },
        { vote: { kind: 'named', pour: 2, contre: 1, abstention: 1 }, result: 'adopte' },
      ],
    });
    const posted = await h.connector.waitFor(() =>
      h.connector
        .sent(COPIL_CHANNEL.conversationId)
        .find((a) => textOf(cardOf(a)).includes('Relevé de décisions — COPIL')),
    );
    expect(textOf(cardOf(posted))).toContain('Adopté (2 pour, 1 contre, 1 abstention)');
    const titles = cardOf(posted).actions.map((a: any) => a.title);
    expect(titles.sort()).toEqual(['Feuille d’émargement, édition 1 (PDF)', 'Procès-verbal, édition 1 (PDF)']);

    const pv = await download(res.body.value, 'Procès-verbal, édition 1 (PDF)');
    const emargement = await download(cardOf(posted), 'Feuille d’émargement, édition 1 (PDF)');
    // The relevé's documents (the convocation's own line came at convening).
    const journal = s.history
      .filter((e) => e.action === 'document' && !e.summary.startsWith('Convocation'))
      .map((e) => e.summary);
    expect(journal).toHaveLength(2);
    expect(journal[0]).toContain(`SHA-256 ${sha(pv)}`);
    expect(journal[1]).toContain(`SHA-256 ${sha(emargement)}`);

    await keep(path.join(OUT, 'proces-verbal-v1.pdf'), pv);
    await keep(path.join(OUT, 'emargement-v1.pdf'), emargement);
    await keepServed(
      'proces-verbal-v1.pdf',
      pv,
      'Procès-verbal',
      'Au relevé de la séance tenue (« Relevé de décisions ») : carte du relevé, carte de l’organisateur',
    );
    await keepServed(
      'emargement-v1.pdf',
      emargement,
      'Feuille d’émargement',
      'Au relevé de la séance tenue : mêmes cartes que le procès-verbal',
    );
    expect((await pdfPages(pv, { dpi: 70, outDir: OUT, prefix: 'proces-verbal' })).length).toBeGreaterThan(0);
    expect((await pdfPages(emargement, { dpi: 70, outDir: OUT, prefix: 'emargement' })).length).toBeGreaterThan(0);
    const text = (await pdfText(pv)).replace(/\s+/g, ' ');
    for (const line of [
      'Procès-verbal — COPIL RReT',
      'Ouverture 9 h 40',
      'Clôture 12 h 05',
      'Président·e de séance Sophie Bernard',
      'Secrétaire de séance Nadia Lefèvre',
      'Amina Haddad (pouvoir à Sophie Bernard)',
      'Représenté·es (1) Amina Haddad (pouvoir à Sophie Bernard) Absent·es (0) —',
      'Pouvoirs Sophie Bernard porte le pouvoir d’Amina Haddad',
      'Arrivées et départs Claire Martin parti·e à 11 h 50 ; Nadia Lefèvre arrivé·e à 10 h 15',
      `${s.minutes!.counted} membres comptés pour ${s.minutes!.required} requis`,
      'Rapporteur·rice Direction Achats',
      'Vote 2 pour, 1 contre, 1 abstention — adopté',
      'Vote nominatif 2 pour, 1 contre, 1 abstention — adopté',
      'Pour (2) : Sophie Bernard, Amina Haddad',
      'Contre (1) : Nadia Lefèvre',
      'Abstention (1) : Claire Martin',
      'Le ou la président·e de séance',
      'Le ou la secrétaire de séance',
    ])
      expect(text).toContain(line);
    const sheet = (await pdfText(emargement)).replace(/\s+/g, ' ');
    for (const cell of [
      'Feuille d’émargement — COPIL RReT',
      'Représenté',
      'donné à',
      'reçu de',
      'Villeurbanne',
      'Signature',
    ])
      expect(sheet).toContain(cell);
  });

  it('a correction makes edition 2 of both, kept beside the first', async () => {
    const opened = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.minutes.open', { sittingId }));
    expect(JSON.stringify(opened.body.value)).toContain('"value":"Nadia Lefèvre"');
    const pressed = press(opened.body.value, 'Enregistrer et publier le relevé', { closing: '12:20' });
    if (!pressed.sent) throw new Error(JSON.stringify(pressed.refused));
    const res = await h.post(cardAction(h.connector.url, USERS.claire, pressed.verb, pressed.data));
    const pv = await download(res.body.value, 'Procès-verbal, édition 2 (PDF)');
    // the organiser's card opens the current edition too
    const organiser = await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }));
    expect(sha(await download(organiser.body.value, 'Feuille d’émargement, édition 2 (PDF)'))).toBe(
      (await h.bot.store.documents.list(sittingId)).find((r) => r.id === 'emargement-v2.pdf')!.sha256,
    );
    expect(await pdfText(pv)).toContain('12 h 20');
    expect((await h.bot.store.documents.list(sittingId)).map((r) => r.id).sort()).toEqual([
      'convocation-v1.pdf',
      'emargement-v1.pdf',
      'emargement-v2.pdf',
      'proces-verbal-v1.pdf',
      'proces-verbal-v2.pdf',
    ]);
    const journal = (await h.bot.store.meetings.get(sittingId))!.history.filter(
      (e) => e.action === 'document' && !e.summary.startsWith('Convocation'),
    );
    expect(journal).toHaveLength(4);
    expect(journal[2]!.summary).toContain(`SHA-256 ${sha(pv)}`);
  });
});

describe('the relevé of a large instance: two cards', () => {
  it('60 members: the attendance card, then the decisions card, each under 28 KB; the émargement lists them all', async () => {
    const centraleId = (await h.bot.store.meetings.get(sittingId))!.centraleId;
    const extra = Array.from({ length: 56 }, (_, n) => ({
      aad: `b2e0c6e8-0000-4000-8000-${String(1000 + n).padStart(12, '0')}`,
      name: `Élu·e ${String(n + 1).padStart(2, '0')} Delacroix-Martin`,
    }));
    for (const p of extra) {
      await h.bot.store.governance.upsertPerson({
        key: personKey(DEMO_TENANT, p.aad),
        centraleId,
        tenantId: DEMO_TENANT,
        aadObjectId: p.aad,
        teamsUserId: null,
        displayName: p.name,
        email: null,
        roles: ['elu'],
        memberId: null,
      });
    }
    await h.bot.store.governance.updateInstance(centraleId, 'copil-reseau', (i) => ({
      ...i,
      members: [...i.members, ...extra.map((p) => ({ personKey: personKey(DEMO_TENANT, p.aad), organiser: false }))],
    }));
    const res = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'meeting.create',
        convocationForm({ date: dayFromNow(30) }),
        COPIL_CHANNEL,
      ),
    );
    const bigId = JSON.stringify(res.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
    const big = (await h.bot.store.meetings.get(bigId))!;
    expect(big.memberKeys).toHaveLength(60);
    skipped = Date.parse(big.startsAt) + 2 * 3_600_000 - Date.now();

    const opened = (
      await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.minutes.open', { sittingId: bigId }))
    ).body.value;
    expect(Buffer.byteLength(JSON.stringify(opened))).toBeLessThan(28 * 1024);
    const typed: Record<string, string> = { mvwho_0: '7', mvarr_0: '10:05' };
    big.memberKeys.forEach((_, n) => (typed[`att_${n}`] = n < 40 ? 'present' : 'absent'));
    const next = press(opened, 'Suivant : décisions et votes', typed);
    if (!next.sent) throw new Error(JSON.stringify(next.refused));
    const second = (await h.post(cardAction(h.connector.url, USERS.claire, next.verb, next.data))).body.value;
    expect(Buffer.byteLength(JSON.stringify(second))).toBeLessThan(28 * 1024);
    const record = press(second, 'Enregistrer et publier le relevé', {
      dec_0: 'Adopté',
      vote_0: 'counts',
      pour_0: '41',
      dec_1: 'Adopté',
    });
    if (!record.sent) throw new Error(JSON.stringify(record.refused));
    const refused = await h.post(cardAction(h.connector.url, USERS.claire, record.verb, record.data));
    expect(textOf(refused.body.value)).toContain('41 voix comptées pour 40 votants possibles');
    // the refusal comes back on the decisions card, with the attendance still carried
    const again = press(refused.body.value, 'Enregistrer et publier le relevé', { pour_0: '38', contre_0: '2' });
    if (!again.sent) throw new Error(JSON.stringify(again.refused));
    expect(again.data).toMatchObject({ att_39: 'present', att_40: 'absent', mvarr_0: '10:05' });
    const done = await h.post(cardAction(h.connector.url, USERS.claire, again.verb, again.data));
    expect(textOf(done.body.value)).toContain('Relevé de décisions enregistré');
    const m = (await h.bot.store.meetings.get(bigId))!.minutes!;
    expect(m.attendance.filter((a) => a.choice === 'present')).toHaveLength(40);
    expect(m.attendance[6]).toMatchObject({ arrivedAt: expect.any(String) });
    expect(m.decisions[0]).toMatchObject({ vote: { pour: 38, contre: 2 }, result: 'adopte' });

    const sheet = await download(done.body.value, 'Feuille d’émargement, édition 1 (PDF)');
    const text = await pdfText(sheet);
    expect(text.replace(/\s+/g, ' ')).toContain('Présences 40 présent·es, 0 représenté·e, 0 suppléé·e, 20 absent·es');
    for (const p of extra) expect(text).toContain(p.name.split(' Delacroix')[0]);
    await keep(path.join(OUT, 'emargement-60.pdf'), sheet);
    const pages = await pdfPages(sheet, { dpi: 70, outDir: OUT, prefix: 'emargement-60' });
    expect(pages.length).toBeGreaterThan(1);
  });
});
