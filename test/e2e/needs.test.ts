import { needForm } from '../support/scenarios';
import { dayFromNow } from '../support/forms';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
import { personKey } from '../../src/domain/identity';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

/**
 * A needs campaign through /api/messages: opened by the coordinator → Villeurbanne sends two
 * needs, Vénissieux answers « néant », Bron answers after a reminder → a question answered →
 * qualification → totals per segment → programme with rétroplanning → CSV exports → hand-over
 * to the validation circuit. Bad input is refused in French and changes nothing.
 */
let h: Harness;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const day = dayFromNow;
const idsIn = (card: unknown, prefix: string) => [
  ...new Set([...JSON.stringify(card).matchAll(new RegExp(`"(${prefix}[^"]+)"`, 'g'))].map((m) => m[1]!)),
];
const need = (over: Record<string, string> = {}) => needForm({ quantity: '1 200', wishedStart: day(300), ...over });

let campaignId = '';

beforeAll(async () => {
  h = await startHarness({}, { clock });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('a needs campaign', () => {
  it('is opened by the coordinator; each member’s référents are invited, the channel shows progress', async () => {
    const refused = await h.post(
      cardAction(h.connector.url, USERS.amina, 'campaign.open', { title: 'x', segments: 'y', deadline: day(10) }),
    );
    expect(textOf(refused.body.value)).toContain('Seuls les coordinateurs');
    const bad = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
        title: 'Besoins 2027',
        segments: '',
        deadline: day(-1),
      }),
    );
    expect(textOf(bad.body.value)).toContain('Indiquez au moins un segment');
    expect(textOf(bad.body.value)).toContain('La date limite est passée');
    expect(JSON.stringify(bad.body.value)).toContain('"value":"Besoins 2027"');
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
        title: 'Besoins 2027',
        segments: 'Fournitures de bureau\nRestauration collective',
        deadline: day(10),
        instructions: 'Un besoin par famille.',
        channelInstanceId: 'copil-reseau',
      }),
    );
    expect(textOf(res.body.value)).toContain('0 adhérent sur 5 a répondu');
    campaignId = idsIn(res.body.value, 'campagne-')[0]!;
    const invitations = await h.connector.waitFor(() => {
      const sent = h.connector
        .sent()
        .filter((a) => textOf(cardOf(a)).includes('Recensement des besoins — Besoins 2027'));
      return sent.length >= 4 ? sent : undefined;
    });
    expect(
      invitations
        .map((a) => (a.conversation?.conversationType === 'channel' ? a.conversation.id : a.recipient?.id))
        .sort(),
    ).toEqual([COPIL_CHANNEL.conversationId, USERS.jean.id, USERS.amina.id, nadia.id].sort());
  });

  it('refuses bad input in French and stores nothing', async () => {
    const negative = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, ...need({ annual: '-5' }) }),
    );
    expect(textOf(negative.body.value)).toContain('Un montant ne peut pas être négatif.');
    expect(JSON.stringify(negative.body.value)).toContain('Papier A4 recyclé 80 g');
    const past = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, ...need({ wishedStart: day(-3) }) }),
    );
    expect(textOf(past.body.value)).toContain('La date de début souhaitée est passée');
    const segment = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, ...need({ segment: 'Informatique' }) }),
    );
    expect(textOf(segment.body.value)).toContain('Ce segment ne fait pas partie de la campagne');
    const outsider = await h.post(cardAction(h.connector.url, USERS.claire, 'need.save', { campaignId, ...need() }));
    expect(textOf(outsider.body.value)).toContain('Vous ne répondez pour aucun adhérent');
    // The commune alone (an élu attached to it) does not let one declare: the référent role is needed too.
    await lucAttachedToBron();
    const elu = await h.post(cardAction(h.connector.url, USERS.luc, 'need.save', { campaignId, ...need() }));
    expect(textOf(elu.body.value)).toContain('Vous ne répondez pour aucun adhérent');
    expect(await h.bot.store.needs.needs(campaignId)).toEqual([]);
  });

  it('keeps a draft, then sends it; a second need; « néant » from Vénissieux', async () => {
    const draft = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', {
        campaignId,
        segment: 'Fournitures de bureau',
        description: 'Papier',
        submit: 'false',
      }),
    );
    expect(textOf(draft.body.value)).toContain('Brouillon enregistré');
    const needId = idsIn(draft.body.value, 'besoin-')[0]!;
    const sent = await h.post(cardAction(h.connector.url, USERS.amina, 'need.save', { campaignId, needId, ...need() }));
    expect(textOf(sent.body.value)).toContain('Besoin envoyé à la coordination');
    await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.save', {
        campaignId,
        ...need({
          segment: 'Restauration collective',
          description: 'Repas des écoles',
          quantity: '250 000',
          unit: 'repas',
          annual: '400 000',
          total: '1 200 000',
        }),
      }),
    );
    const nothing = await h.post(cardAction(h.connector.url, nadia, 'need.nothing', { campaignId }));
    expect(textOf(nothing.body.value)).toContain('Votre réponse : néant');
    const other = await h.post(cardAction(h.connector.url, USERS.jean, 'need.edit', { campaignId, needId }));
    expect(textOf(other.body.value)).toContain('déclaré par un autre adhérent');
    const steal = await h.post(
      cardAction(h.connector.url, USERS.jean, 'need.save', { campaignId, needId, ...need({ description: 'pris' }) }),
    );
    expect(textOf(steal.body.value)).toContain('déclaré par un autre adhérent');
    expect((await h.bot.store.needs.getNeed(campaignId, needId))!.description).toBe('Papier A4 recyclé 80 g');
  });

  it('reminds only the silent member with a référent, once, three days before the deadline', async () => {
    h.connector.reset();
    // The deadline is the end of that day in Paris (22:59 or 21:59 UTC): the reminder is due 3 days before.
    skipped = Date.parse(`${day(10)}T23:00:00Z`) - 3 * 86_400_000 - Date.now();
    await h.bot.scheduler.tick();
    const reminders = await h.connector.waitFor(() => {
      const r = h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Rappel : la campagne se termine'));
      return r.length ? r : undefined;
    });
    await h.bot.scheduler.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(reminders.map((a) => a.recipient?.id)).toEqual([USERS.jean.id]);
    expect(
      h.connector.sent().filter((a) => textOf(cardOf(a)).includes('Rappel : la campagne se termine')),
    ).toHaveLength(1);
    skipped = 0;
    const bron = await h.post(
      cardAction(h.connector.url, USERS.jean, 'need.save', {
        campaignId,
        ...need({
          description: 'Papier couleur',
          quantity: '300',
          annual: '1 000,50',
          total: '3 001,50',
          commitment: 'indicative',
        }),
      }),
    );
    expect(textOf(bron.body.value)).toContain('Besoin envoyé');
    // A need sent: « Néant » is no longer offered, and pressed on an older card it says what to do, in the singular.
    expect(JSON.stringify(bron.body.value)).not.toContain('Néant : aucun besoin');
    const nothing = await h.post(cardAction(h.connector.url, USERS.jean, 'need.nothing', { campaignId }));
    expect(textOf(nothing.body.value)).toContain(
      'Votre commune a déjà envoyé 1 besoin : retirez-le d’abord pour répondre « néant ».',
    );
  });

  it('is qualified by the coordinator, with a question the member answers on the card', async () => {
    const follow = await h.post(cardAction(h.connector.url, USERS.sophie, 'campaign.follow', { campaignId }));
    expect(textOf(follow.body.value)).toContain('3 adhérents sur 5 ont répondu (1 néant) · 3 besoins à qualifier');
    const silent = textOf(follow.body.value).match(/Sans réponse : (.*)/)![1]!;
    expect(silent.split(', ').sort()).toEqual(['CCAS de Saint-Priest', 'Ville de Caluire-et-Cuire']);
    const needs = await h.bot.store.needs.needs(campaignId);
    const paper = needs.find((n) => n.description === 'Papier A4 recyclé 80 g')!;
    const meals = needs.find((n) => n.segment === 'Restauration collective')!;
    const bron = needs.find((n) => n.memberId === 'bron')!;
    const byMember = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.qualify', { campaignId, needId: bron.id, action: 'accepter' }),
    );
    expect(textOf(byMember.body.value)).toContain('Seuls les coordinateurs');

    h.connector.reset();
    await h.post(
      cardAction(h.connector.url, USERS.sophie, 'need.qualify', {
        campaignId,
        needId: paper.id,
        action: 'preciser',
        text: 'Quel grammage exactement ?',
      }),
    );
    const asked = await h.connector.waitFor(() =>
      h.connector
        .sent()
        .find((a) => a.recipient?.id === USERS.amina.id && textOf(cardOf(a)).includes('Quel grammage exactement ?')),
    );
    expect(cardOf(asked).actions[0].verb).toBe('need.answer');
    const answered = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.answer', {
        campaignId,
        needId: paper.id,
        answer: '80 g, certifié FSC',
      }),
    );
    expect(textOf(answered.body.value)).toContain('Votre réponse : 80 g, certifié FSC');
    // A success is not written in red.
    const block = (card: any): any[] =>
      Array.isArray(card)
        ? card.flatMap(block)
        : card && typeof card === 'object'
          ? [card, ...Object.values(card).flatMap(block)]
          : [];
    expect(block(answered.body.value).find((b) => b.text === 'Votre réponse : 80 g, certifié FSC')?.color).toBe('Good');
    for (const n of [paper, meals, bron])
      await h.post(
        cardAction(h.connector.url, USERS.sophie, 'need.qualify', { campaignId, needId: n.id, action: 'accepter' }),
      );
    const stored = (await h.bot.store.needs.getNeed(campaignId, paper.id))!;
    expect(stored.status).toBe('accepte');
    expect(stored.history.map((e) => e.action)).toEqual([
      'brouillon enregistré',
      'envoyé',
      'précisions demandées',
      'précisions apportées',
      'accepté',
    ]);
    const withdrawn = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.withdraw', { campaignId, needId: paper.id }),
    );
    expect(textOf(withdrawn.body.value)).toContain('il ne peut plus être modifié');
  });

  it('totals the retained needs per segment, exactly, in French format', async () => {
    const follow = await h.post(cardAction(h.connector.url, USERS.sophie, 'campaign.follow', { campaignId }));
    const text = textOf(follow.body.value);
    // Quantities as Intl fr-FR writes them: groups of three digits, a narrow no-break space between.
    expect(text).toContain('40 038,51 € HT (13 346,17 € HT par an) · 2 adhérents · 1\u202f500 ramettes');
    expect(text).toContain('1 200 000,00 € HT (400 000,00 € HT par an) · 1 adhérent · 250\u202f000 repas');
    const csvUrl = follow.body.value.actions.find((a: any) => a.title === 'Besoins (CSV)').url;
    const bytes = Buffer.from(await (await fetch(csvUrl)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const csv = bytes.toString('utf8', 3);
    expect(
      csv.startsWith('Besoin;Adhérent;Segment;Description;Quantité;Unité;Montant annuel HT (€);Montant total HT (€)'),
    ).toBe(true);
    const rows = csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(';'));
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r[1] === 'Ville de Bron')!.slice(2, 8)).toEqual([
      'Fournitures de bureau',
      'Papier couleur',
      '300',
      'ramettes',
      '1000,50',
      '3001,50',
    ]);
  });

  it('builds the programme with a rétroplanning from the procedure’s delays, editable, exported, then handed to the circuit', async () => {
    const built = await h.post(cardAction(h.connector.url, USERS.sophie, 'programme.build', { campaignId }));
    const text = textOf(built.body.value);
    expect(text).toContain('Dossier Fournitures de bureau — 40 038,51 € HT');
    expect(text).toContain('Procédure adaptée (MAPA)');
    expect(text).toContain('Dossier Restauration collective — 1 200 000,00 € HT');
    expect(text).toContain('Appel d’offres ouvert');
    const p = (await h.bot.store.needs.getProgramme(campaignId))!;
    const meals = p.items.find((i) => i.segment === 'Restauration collective')!;
    // Backwards from the wished start: notification 7 d, attribution 11 d, offers 30 d, publication 30 d, DCE 45 d,
    // each moved back to the previous working day when it falls on a weekend or a public holiday.
    const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
    const plan = meals.retroplanning;
    expect(plan.at(-1)!.date).toBe(meals.wishedStart);
    [45, 30, 30, 11, 7].forEach((min, i) => expect(days(plan[i]!.date, plan[i + 1]!.date)).toBeGreaterThanOrEqual(min));
    for (const s of plan.slice(0, -1)) expect([0, 6]).not.toContain(new Date(`${s.date}T12:00:00Z`).getUTCDay());
    expect(text).toMatch(/Publication \(lancement\) : (lundi|mardi|mercredi|jeudi|vendredi) /);
    expect(meals.plannedLaunch).toBe(meals.retroplanning[1]!.date);

    const late = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'programme.item', {
        campaignId,
        itemId: meals.id,
        fileName: 'Restauration scolaire 2028',
        procedure: 'appel-offres-ouvert',
        wishedStart: meals.wishedStart,
        plannedLaunch: meals.retroplanning[3]!.date,
      }),
    );
    expect(textOf(late.body.value)).toContain('ne tient pas les délais de la procédure');
    expect(textOf(late.body.value)).toMatch(/lancez-le au plus tard le (lundi|mardi|mercredi|jeudi|vendredi) \d+/);
    const refusal = textOf(late.body.value)
      .split('\n')
      .find((l) => l.includes('ne tient pas'))!;
    expect(refusal).not.toMatch(/\d{4}-\d{2}-\d{2}/); // French dates, not ISO ones
    const edited = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'programme.item', {
        campaignId,
        itemId: meals.id,
        fileName: 'Restauration scolaire 2028',
        procedure: 'appel-offres-ouvert',
        wishedStart: meals.wishedStart,
        plannedLaunch: '',
      }),
    );
    expect(textOf(edited.body.value)).toContain('Restauration scolaire 2028 — 1 200 000,00 € HT');

    const csvUrl = edited.body.value.actions.find((a: any) => a.title === 'Programme (CSV)').url;
    const csv = (await (await fetch(csvUrl)).text()).replace(/^\uFEFF/, '');
    const rows = csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(';'));
    expect(rows[0]!.slice(0, 4)).toEqual([
      'Dossier d’achat',
      'Segment',
      'Montant consolidé HT (€)',
      'Adhérents participants',
    ]);
    expect(rows.find((r) => r[0] === 'Restauration scolaire 2028')!.slice(1, 5)).toEqual([
      'Restauration collective',
      '1200000,00',
      'Ville de Villeurbanne',
      'Appel d’offres ouvert',
    ]);

    const submitted = await h.post(cardAction(h.connector.url, USERS.sophie, 'programme.submit', { campaignId }));
    expect(textOf(submitted.body.value)).toContain('Soumis au circuit de validation.');
    const circuit = await h.bot.store.circuits.get(`circuit-${campaignId}`);
    expect(circuit?.subject).toBe('Programmation — Besoins 2027');
    expect(circuit?.stages[0]).toMatchObject({ instanceId: 'copil-reseau', kind: 'avis', status: 'en-cours' });
    // The stage's card opens the programme from a named button, not a raw signed address in its text.
    const stage = await h.connector.waitFor(() =>
      h.connector.sent().find((a) => textOf(cardOf(a)).includes('Avis demandé — Programmation — Besoins 2027')),
    );
    const opens = JSON.stringify(cardOf(stage)).match(
      /\{"type":"Action\.OpenUrl","title":"Ouvrir le programme","url":"([^"]+)"\}/,
    );
    expect(opens?.[1]).toBe(circuit!.links[0]);
    expect((await fetch(opens![1]!)).status).toBe(200);
    expect(textOf(cardOf(stage))).not.toContain('sig=');
    // The owner's card of the circuit opens it too.
    const status = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'circuit.status', { circuitId: circuit!.id }),
    );
    expect(status.body.value.actions).toContainEqual({
      type: 'Action.OpenUrl',
      title: 'Ouvrir le programme',
      url: circuit!.links[0],
    });
  });

  it('shows the member their needs with « besoins »', async () => {
    h.connector.reset();
    await h.post(message(h.connector.url, USERS.amina, 'besoins'));
    const card = await h.connector.waitFor(() =>
      h.connector.sent().find((a) => textOf(cardOf(a)).includes('Vos besoins (2)')),
    );
    expect(textOf(cardOf(card))).toContain('retenu');
    expect(textOf(cardOf(card))).toContain('1\u202f200 ramettes');
  });
});

/** Luc, an élu, attached to Bron without being its référent. */
async function lucAttachedToBron() {
  const key = personKey(DEMO_TENANT, USERS.luc.aadObjectId);
  const luc = (await h.bot.store.governance.getPerson('metropole-de-lyon', key))!;
  await h.bot.store.governance.upsertPerson(luc, (p) => ({ ...p, memberId: 'bron' }));
}
