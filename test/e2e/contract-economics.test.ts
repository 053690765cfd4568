import { dayFromNow } from '../support/forms';
import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, TestUser, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { needForm } from '../support/scenarios';

/**
 * A contract's economics through /api/messages: the Direction Achats opens « Prix et volumes »
 * from the registry, takes the needs of the latest campaign of the file's segment, saves; a bad
 * price keeps what was typed; a renewal is added; a référent cannot open the form. Then a
 * dispute resolved with penalties, and a survey about the contract.
 */
let h: Harness;
const LYON = 'metropole-de-lyon';
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };
const day = dayFromNow;
const post = (user: TestUser, verb: string, data: Record<string, unknown>) =>
  h.post(cardAction(h.connector.url, user, verb, data));
let contractId = '';
let campaignId = '';
const contract = async () => (await h.bot.store.disputes.getContract(LYON, contractId))!;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- card JSON, walked
type Node = Record<string, any>;
/** Every input of a card with its value, as Teams would send them untouched (ShowCards' too). */
function inputsOf(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const node = n as Node;
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string')
      out[node.id] = node.value === undefined ? '' : String(node.value);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out;
}
/** The Action.Execute of a card with this title (its verb and data). */
function actionTitled(card: unknown, title: string | RegExp): Node {
  let found: Node | undefined;
  const walk = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const node = n as Node;
    if (node.type === 'Action.Execute' && (typeof title === 'string' ? node.title === title : title.test(node.title)))
      found = node;
    Object.values(node).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no action ${String(title)} in ${textOf(card).slice(0, 400)}`);
  return found;
}
const valueOf = (card: unknown, id: string) => inputsOf(card)[id];
/** The last card sent whose first line is `title` (notices of the outbox may arrive after a reply). */
const replyTitled = (title: string) =>
  h.connector.waitFor(() =>
    h.connector
      .sent()
      .map((a) => a.attachments?.[0]?.content)
      .filter((c) => c?.body?.[0]?.text === title)
      .at(-1),
  );

beforeAll(async () => {
  h = await startHarness();
  await h.post(botAdded(h.connector.url, USERS.claire));
  const opened = await post(USERS.sophie, 'campaign.open', {
    title: 'Besoins 2027',
    segments: 'Fournitures de bureau\nRestauration collective',
    deadline: day(10),
  });
  expect(opened.status).toBe(200);
  campaignId = (await h.bot.store.needs.listCampaigns(LYON))[0]!.id;
  const send = (u: TestUser, over: Record<string, string>) => post(u, 'need.save', { campaignId, ...needForm(over) });
  await send(USERS.amina, { quantity: '1 200', currentSupplier: 'Bureau Vallée', currentPrice: '4 200' });
  await send(USERS.amina, { description: 'Papier couleur', quantity: '40', unit: 'cartons', currentPrice: '300' });
  await send(nadia, { quantity: '800', currentSupplier: '', currentPrice: '' });
  for (const n of await h.bot.store.needs.needs(campaignId))
    await post(USERS.sophie, 'need.qualify', { campaignId, needId: n.id, action: 'accepter' });
  await post(USERS.claire, 'registry.file.save', {
    title: 'Papeterie',
    segment: 'Fournitures de bureau',
    coordinatorKey: key(USERS.sophie),
    memberKeys: key(USERS.claire),
  });
  await post(USERS.claire, 'registry.contract.save', {
    fileId: 'papeterie',
    number: '2026-020',
    title: 'Papier de bureau',
    supplier: 'Papeteries Réunies',
    startDate: day(-30),
    endDate: day(335),
    memberIds: 'villeurbanne,venissieux,bron',
  });
  contractId = (await h.bot.store.disputes.listContracts(LYON))[0]!.id;
}, 60_000);
afterAll(() => h.stop());

describe('« Prix et volumes » of a contract', () => {
  let proposed: unknown;

  it('is opened from the registry by the Direction Achats, offering the needs of the latest campaign', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'dossiers'));
    const card = await replyTitled('Dossiers d’achat et marchés');
    const button = actionTitled(card, 'Prix et volumes');
    expect(button).toMatchObject({ verb: 'contract.economics.edit', data: { contractId } });
    expect(textOf(card)).toContain('Prix et volumes à saisir.');

    const form = await post(USERS.claire, button.verb, button.data);
    const text = textOf(form.body.value);
    expect(text).toContain('Prix et volumes — 2026-020 Papier de bureau');
    expect(text).toContain('Ville de Villeurbanne');
    expect(text).toContain('Reprendre les besoins de la campagne « Besoins 2027 », la plus récente du segment :');
    // A contract without economics opens with the latest campaign of its segment proposed.
    expect(text).toContain('Besoins de la campagne « Besoins 2027 » repris');
    expect(valueOf(form.body.value, 'volume_villeurbanne')).toBe('1 200');
    expect(actionTitled(form.body.value, 'Reprendre ces besoins').data).toEqual({
      contractId,
      take: campaignId,
      keep: 'oui',
    });
    expect(actionTitled(form.body.value, 'Revenir au registre')).toMatchObject({ verb: 'registry.view' });
  });

  it('takes the needs of the campaign: one row per member with its volume and baseline, what was typed kept', async () => {
    const form = await post(USERS.claire, 'contract.economics.edit', {
      contractId,
      take: campaignId,
      keep: 'oui',
      unit: '',
      unitPrice: '3,10',
      volume_bron: '99',
    });
    proposed = form.body.value;
    const text = textOf(proposed);
    expect(text).toContain(
      'Besoins de la campagne « Besoins 2027 » repris : 2 adhérents sur 3 (segment « Fournitures de bureau »).',
    );
    expect(text).toContain(
      'Non repris, en cartons et non en ramettes : Ville de Villeurbanne — Papier couleur (40 cartons).',
    );
    expect(inputsOf(proposed)).toMatchObject({
      unit: 'ramettes',
      unitPrice: '3,10',
      volume_villeurbanne: '1 200',
      reference_villeurbanne: '4 200,00',
      supplier_villeurbanne: 'Bureau Vallée',
      volume_venissieux: '800',
      reference_venissieux: '',
      volume_bron: '',
    });
    // Nothing is stored before « Enregistrer ».
    expect((await contract()).economics).toBeUndefined();
  });

  it('saves: the stored contract has the economics', async () => {
    const save = actionTitled(proposed, 'Enregistrer');
    const res = await post(USERS.claire, save.verb, {
      ...inputsOf(proposed),
      environmental: 'true',
      ...save.data,
    });
    expect(textOf(res.body.value)).toContain(
      'Prix et volumes du marché 2026-020 enregistrés : 2 prévisions d’adhérent, aucune reconduction.',
    );
    const needs = await h.bot.store.needs.needs(campaignId);
    const paper = (m: string) => needs.find((n) => n.memberId === m && n.unit === 'ramettes')!.id;
    expect((await contract()).economics).toEqual({
      unit: 'ramettes',
      unitPriceCents: 310,
      awardedAnnualCents: null,
      renewals: [],
      sustainable: { environmental: true, social: false },
      forecasts: [
        {
          memberId: 'villeurbanne',
          annualQuantity: '1200',
          referenceAnnualCents: 420_000,
          referenceSupplier: 'Bureau Vallée',
          needId: paper('villeurbanne'),
        },
        {
          memberId: 'venissieux',
          annualQuantity: '800',
          referenceAnnualCents: null,
          referenceSupplier: '',
          needId: paper('venissieux'),
        },
      ],
      campaignId,
    });
    // Opened again, the form is the stored economics.
    const again = await post(USERS.claire, 'contract.economics.edit', { contractId });
    expect(inputsOf(again.body.value)).toMatchObject({
      unitPrice: '3,10',
      volume_venissieux: '800',
      environmental: 'true',
    });
  });

  it('refuses a bad price on its field, keeping what was typed, changing nothing', async () => {
    const before = await contract();
    const res = await post(USERS.claire, 'contract.economics.save', {
      ...inputsOf(proposed),
      contractId,
      campaignId,
      unitPrice: '3,1O',
      volume_bron: '250',
    });
    const card = res.body.value;
    expect(textOf(card)).toContain('Montant non reconnu : écrivez par exemple 3,10 ou 12 345,67.');
    expect(textOf(card)).toContain(
      'Rien n’est enregistré : 1 champ à corriger, signalé sous lui. Votre saisie est gardée.',
    );
    expect(JSON.stringify(card)).toMatch(/"id":"unitPrice"[^}]*"value":"3,1O"/);
    expect(valueOf(card, 'volume_bron')).toBe('250');
    // The message is under the price, right after it.
    const body = JSON.stringify(card);
    expect(body.indexOf('Montant non reconnu')).toBeGreaterThan(body.indexOf('"id":"unitPrice"'));
    expect(body.indexOf('Montant non reconnu')).toBeLessThan(body.indexOf('"id":"awardedAnnual"'));
    expect(await contract()).toEqual(before);
  });

  it('adds a renewal (« Reconduire jusqu’au … à … € »), at a revised price', async () => {
    const form = (await post(USERS.claire, 'contract.economics.edit', { contractId })).body.value;
    expect(textOf(form)).toContain('Reconduire jusqu’au … à … € HT');
    const inner = actionTitled(form, 'Enregistrer');
    const res = await post(USERS.claire, inner.verb, {
      ...inputsOf(form),
      newRenewalTo: day(700),
      newRenewalPrice: '3,25',
      ...inner.data,
    });
    expect(textOf(res.body.value)).toContain('1 reconduction');
    expect((await contract()).economics!.renewals).toEqual([
      { to: day(700), unitPriceCents: 325, awardedAnnualCents: null },
    ]);
    expect(valueOf(res.body.value, 'renewalTo_0')).toBe(day(700));
    // A renewal ending before the contract is refused on its field.
    const early = await post(USERS.claire, 'contract.economics.save', {
      ...inputsOf(res.body.value),
      contractId,
      newRenewalTo: day(100),
    });
    expect(textOf(early.body.value)).toContain('Reconduction : Une reconduction doit finir après le');
    expect((await contract()).economics!.renewals).toHaveLength(1);
  });

  it('leads back to the registry, which says the economics are entered', async () => {
    const res = await post(USERS.claire, 'registry.view', {});
    expect(textOf(res.body.value)).toContain('Prix et volumes saisis : 2 prévisions, 1 reconduction.');
  });

  it('is refused to a référent, and for a contract not in the centrale', async () => {
    const before = await contract();
    for (const verb of ['contract.economics.edit', 'contract.economics.save']) {
      const res = await post(USERS.amina, verb, { contractId, unit: 'x', unitPrice: '1' });
      expect(textOf(res.body.value)).toContain('Seuls les administrateurs et la Direction Achats');
      expect(textOf(res.body.value)).not.toContain('Papier de bureau');
    }
    const unknown = await post(USERS.claire, 'contract.economics.edit', { contractId: 'marche-inconnu' });
    expect(textOf(unknown.body.value)).toContain('Ce marché n’existe pas (ou plus) dans votre centrale.');
    const otherCampaign = await post(USERS.claire, 'contract.economics.edit', { contractId, take: 'campagne-x' });
    expect(textOf(otherCampaign.body.value)).toContain('Cette campagne est introuvable dans votre centrale.');
    expect(await contract()).toEqual(before);
    expect(h.errors).toEqual([]);
  });
});

describe('a contract of many members, in pages', () => {
  it('saves the rows of the other pages the buttons carry (`others`), and refuses them malformed', async () => {
    const form = (await post(USERS.claire, 'contract.economics.edit', { contractId })).body.value;
    const { volume_bron: _, reference_bron: __, supplier_bron: ___, ...shown } = inputsOf(form);
    const bad = await post(USERS.claire, 'contract.economics.save', { ...shown, contractId, others: '[["bron"' });
    expect(textOf(bad.body.value)).toMatch(/Données invalides|ne sont pas valides/);
    expect((await contract()).economics!.forecasts).toHaveLength(2);
    const res = await post(USERS.claire, 'contract.economics.save', {
      ...shown,
      contractId,
      others: JSON.stringify([['bron', '250', '900', 'Lyreco']]),
    });
    expect(textOf(res.body.value)).toContain('3 prévisions d’adhérent');
    expect((await contract()).economics!.forecasts.find((f) => f.memberId === 'bron')).toEqual({
      memberId: 'bron',
      annualQuantity: '250',
      referenceAnnualCents: 90_000,
      referenceSupplier: 'Lyreco',
      needId: null,
    });
  });
});

describe('a dispute on the contract resolved by its committee', () => {
  it('records the penalties applied, says them in the history, and refuses an amount it cannot read', async () => {
    await post(USERS.amina, 'dispute.report', {
      contractId,
      category: 'retard',
      factsDate: day(-2),
      reference: 'BC-2026-7',
      description: 'Livraison attendue le 12, rien reçu à ce jour.',
      severity: 'haute',
    });
    const d = (await h.bot.store.disputes.listByCentrale(LYON))[0]!;
    const ref = { fileId: d.fileId, disputeId: d.id };
    await post(USERS.claire, 'dispute.act', { ...ref, kind: 'prendre' });
    const bad = await post(USERS.claire, 'dispute.act', {
      ...ref,
      kind: 'resoudre',
      text: 'Livré.',
      penalty: 'cinq cents',
    });
    expect(textOf(bad.body.value)).toContain('Pénalités « cinq cents » non reconnues');
    // What was typed stays in « Résoudre »: the note and the amount, to correct.
    const typed = JSON.stringify(bad.body.value);
    expect(typed).toContain('"id":"text","value":"Livré."');
    expect(typed).toContain('"id":"penalty","value":"cinq cents"');
    expect((await h.bot.store.disputes.get(d.fileId, d.id))!.status).toBe('pris-en-charge');

    const res = await post(USERS.claire, 'dispute.act', {
      ...ref,
      kind: 'resoudre',
      text: 'Livraison reçue le 20.',
      penalty: '500',
    });
    expect(textOf(res.body.value)).toContain('Résolu — pénalités appliquées : 500,00 € HT. Livraison reçue le 20.');
    const stored = (await h.bot.store.disputes.get(d.fileId, d.id))!;
    expect(stored).toMatchObject({ status: 'resolu', penaltyCents: 50_000, resolution: 'Livraison reçue le 20.' });
  });

  it('without the field (an older card), resolves with no penalty', async () => {
    const d = (await h.bot.store.disputes.listByCentrale(LYON))[0]!;
    await post(USERS.claire, 'dispute.act', { fileId: d.fileId, disputeId: d.id, kind: 'rouvrir', text: 'Encore.' });
    await post(USERS.claire, 'dispute.act', { fileId: d.fileId, disputeId: d.id, kind: 'resoudre', text: 'Réglé.' });
    const stored = (await h.bot.store.disputes.get(d.fileId, d.id))!;
    expect(stored.status).toBe('resolu');
    expect(stored.penaltyCents).toBeUndefined();
  });
});

describe('a survey about the contract', () => {
  it('offers the contracts in force, stores the one chosen, and its results say which', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'enquête'));
    const formCard = await replyTitled('Enquête de satisfaction des adhérents');
    expect(textOf(formCard)).toContain('2026-020 — Papier de bureau (Papeteries Réunies)');
    expect(textOf(formCard)).toContain('Aucun : la centrale en général');

    const unknown = await post(USERS.claire, 'survey.open', {
      title: 'Satisfaction papier',
      questions: 'Qualité du papier',
      targets: 'villeurbanne',
      deadline: day(10),
      contractId: 'marche-inconnu',
    });
    expect(textOf(unknown.body.value)).toContain('Le marché choisi n’est pas en cours dans votre centrale');
    expect(valueOf(unknown.body.value, 'title')).toBe('Satisfaction papier');

    const res = await post(USERS.claire, 'survey.open', {
      title: 'Satisfaction papier',
      questions: 'Qualité du papier',
      targets: 'villeurbanne',
      deadline: day(10),
      contractId,
    });
    expect(textOf(res.body.value)).toContain('Marché concerné : 2026-020 — Papier de bureau (Papeteries Réunies).');
    const surveys = await h.bot.store.surveys.listAboutContracts(LYON);
    expect(surveys.map((s) => [s.title, s.contractId])).toEqual([['Satisfaction papier', contractId]]);

    const general = await post(USERS.claire, 'survey.open', {
      title: 'Satisfaction générale',
      questions: 'Accompagnement',
      deadline: day(10),
      contractId: 'aucun',
    });
    expect(textOf(general.body.value)).toContain('Enquête sur la centrale en général');
    expect((await h.bot.store.surveys.listAboutContracts(LYON)).length).toBe(1);
    expect(h.errors).toEqual([]);
  });
});
