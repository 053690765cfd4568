import { request } from 'http';
import { ContractEconomics } from '../../src/domain/bilan/economics';
import { ConsumptionReport } from '../../src/domain/bilan/consumption';
import { parsePeriod } from '../../src/domain/bilan/periods';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, TestUser, USERS, cardAction, message } from '../support/activities';
import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';

/**
 * The bilan des marchés in Teams, through the real endpoint: « bilan » gives the centrale's card
 * to those with `bilan.view`, a window is chosen, a contract opened; a référent gets their own
 * commune only; someone without a role is told what to do; the default window is the centrale's
 * local year, also at 00:30 on 1 January.
 *
 * Two contracts of the demo centrale, their economics written through the repository (as the
 * economics form will): A — restauration, 3,00 €/repas in 2025, renewed for 2026 at 3,10 €,
 * Villeurbanne and Vénissieux gave a baseline, Bron did not; B — fournitures, 2026–2027, no baseline.
 */
let h: Harness;
let base = Date.parse('2026-12-01T10:00:00Z');
let t0 = Date.now();
const setClock = (iso: string) => {
  base = Date.parse(iso);
  t0 = Date.now();
};
const clock = { now: () => new Date(base + (Date.now() - t0)) };
const LYON = 'metropole-de-lyon';
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
/** Registered in the centrale, without any role. */
const noRole: TestUser = {
  id: '29:odile-sans-role',
  name: 'Odile Sansrole',
  aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000077',
};

let contractA = '';
let contractB = '';

/** Spaces of every kind as one: amounts use no-break spaces. */
const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
/** What a person reads after typing `text` in their personal chat. */
async function say(user: TestUser, text: string): Promise<{ text: string; card: any }> {
  const activity = message(h.connector.url, user, text);
  const res = await h.post(activity);
  expect(res.status).toBe(200);
  // The reply to this message (not a notice the outbox may send meanwhile).
  const card = cardOf(await h.connector.waitFor(() => h.connector.sent().find((a) => a.replyToId === activity.id)));
  return { text: flat(textOf(card)), card };
}
/** The consumption page's form, posted as a browser does (the page of test/e2e/consumption-import.test.ts). */
function uploadCsv(url: string, lines: string[]): Promise<{ status: number; body: string }> {
  const boundary = '----formboundaryBILAN63';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="classeur"; filename="releve.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const headers = {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-dest': 'document',
    origin: new URL(url).origin,
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
/** What a person reads after pressing a card's button. */
async function press(user: TestUser, verb: string, data: Record<string, unknown>) {
  const res = await h.post(cardAction(h.connector.url, user, verb, data));
  expect(res.status).toBe(200);
  return { text: flat(textOf(res.body.value)), card: res.body.value };
}

const economics = (over: Partial<ContractEconomics>): ContractEconomics => ({
  unit: 'repas',
  unitPriceCents: null,
  awardedAnnualCents: null,
  renewals: [],
  sustainable: { environmental: false, social: false },
  forecasts: [],
  campaignId: null,
  ...over,
});
const report = (contractId: string, period: string, lines: Array<[string, string, number]>): ConsumptionReport => {
  const p = parsePeriod(period)!;
  return {
    contractId,
    centraleId: LYON,
    periodKey: p.key,
    from: p.from,
    to: p.to,
    label: p.label,
    lines: lines.map(([memberId, quantity, amountCents]) => ({ memberId, quantity, amountCents })),
    importedAt: '2026-11-20T08:00:00Z',
    importedBy: key(USERS.claire),
    source: 'releve.csv',
  };
};

beforeAll(async () => {
  h = await startHarness({}, { clock });
  const store = h.bot.store;
  await store.governance.upsertPerson({
    key: key(noRole),
    centraleId: LYON,
    tenantId: DEMO_TENANT,
    aadObjectId: noRole.aadObjectId,
    teamsUserId: noRole.id,
    displayName: noRole.name,
    email: null,
    roles: [],
    memberId: null,
  });
  await press(USERS.claire, 'registry.file.save', {
    title: 'Restauration scolaire',
    segment: 'Restauration',
    coordinatorKey: key(USERS.sophie),
    memberKeys: '',
  });
  await press(USERS.claire, 'registry.contract.save', {
    fileId: 'restauration-scolaire',
    number: '2025-001',
    title: 'Restauration scolaire',
    supplier: 'Cuisine du Midi',
    startDate: '2025-01-01',
    endDate: '2025-12-31',
    memberIds: 'villeurbanne,venissieux,bron',
  });
  await press(USERS.claire, 'registry.contract.save', {
    fileId: 'restauration-scolaire',
    number: '2026-002',
    title: 'Fournitures de bureau',
    supplier: 'Papeterie Martin',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    memberIds: 'villeurbanne,bron',
  });
  const contracts = await store.disputes.listContracts(LYON);
  const a = contracts.find((c) => c.number === '2025-001')!;
  const b = contracts.find((c) => c.number === '2026-002')!;
  contractA = a.id;
  contractB = b.id;
  await store.disputes.saveContract({
    ...a,
    economics: economics({
      unitPriceCents: 300,
      renewals: [{ to: '2026-12-31', unitPriceCents: 310, awardedAnnualCents: null }],
      forecasts: [
        {
          memberId: 'villeurbanne',
          annualQuantity: '10000',
          referenceAnnualCents: 3_500_000,
          referenceSupplier: 'Ancien',
          needId: null,
        },
        {
          memberId: 'venissieux',
          annualQuantity: '5000',
          referenceAnnualCents: 1_600_000,
          referenceSupplier: 'Ancien',
          needId: null,
        },
        { memberId: 'bron', annualQuantity: '2000', referenceAnnualCents: null, referenceSupplier: '', needId: null },
      ],
    }),
  });
  await store.disputes.saveContract({
    ...b,
    economics: economics({
      unit: 'ramette',
      unitPriceCents: 250,
      sustainable: { environmental: true, social: false },
      forecasts: [
        {
          memberId: 'villeurbanne',
          annualQuantity: '1000',
          referenceAnnualCents: null,
          referenceSupplier: '',
          needId: null,
        },
        { memberId: 'bron', annualQuantity: '400', referenceAnnualCents: null, referenceSupplier: '', needId: null },
      ],
    }),
  });
  // A dispute on B in 2026 (A's first period has ended: no report on it), by Villeurbanne's référente.
  await press(USERS.amina, 'dispute.report', {
    contractId: contractB,
    category: 'retard',
    factsDate: '2026-11-20',
    reference: 'BC-118',
    description: 'Repas livrés avec deux heures de retard.',
    severity: 'moyenne',
  });
}, 60_000);
afterAll(() => h.stop());

describe('« bilan » for the Direction Achats', () => {
  it('gives the centrale’s bilan of the current local year, in French, before any consumption report', async () => {
    const { text, card } = await say(USERS.claire, 'bilan');
    expect(text).toMatch(
      /^Bilan des marchés en 2026\nCentrale d’achat territoriale de la Métropole de Lyon\n2 marchés en cours en 2026\./,
    );
    // A: 3 500 000 − 3 100 000 + 1 600 000 − 1 550 000 = 450 000 cents; B has no baseline.
    expect(text).toContain('Gains achats en 2026\n4 500,00 €');
    expect(text).toContain('1 marché sur 2 calculable');
    expect(text).toContain('Marchés durables\n1 sur 2 (50 %)');
    expect(text).toContain('Litiges\n1 litige, aucune pénalité');
    expect(text).toContain('4 500,00 € (2 adhérents sur 3 avec un prix de référence)');
    expect(text).toContain('non calculable (aucun prix de référence)');
    expect(text).toContain('aucun relevé de consommation');
    expect(text).not.toMatch(/\n0,00 €/);
    expect(text).toContain('Consommation relevée\naucun relevé de consommation');
    const choice = (card.body as any[]).flatMap((b) => b.items ?? []).find((i: any) => i.id === 'windowKey');
    expect(choice.value).toBe('2026');
    expect(choice.choices.map((c: any) => c.value)).toEqual(['2025', '2026', '2027', 'duree']);
    expect((card.actions as any[]).map((a) => a.title)).toEqual(['Bilan des litiges', 'Que puis-je faire ?']);
  });

  it('changes once the suppliers’ consumption is reported', async () => {
    await h.bot.store.consumption.saveReports([
      report(contractA, '2026-S1', [
        ['villeurbanne', '4800', 1_488_000],
        ['venissieux', '2600', 806_000],
        ['bron', '0', 0],
      ]),
      report(contractA, '2026-S2', [
        ['villeurbanne', '5400', 1_674_000],
        ['venissieux', '2400', 744_000],
        ['bron', '1000', 310_000],
      ]),
    ]);
    const { text } = await say(USERS.claire, 'bilan des marchés');
    // 16 200 repas for a forecast of 17 000: 95 %; 50 220,00 € HT.
    expect(text).toContain('Consommation relevée\n50 220,00 € HT');
    expect(text).toContain('Consommation\n95 % de la prévision\nAdhérents\n3 adhérents sur 3');
  });

  it('draws its charts as pictures behind signed links: savings per contract, consumption against forecast', async () => {
    const { card } = await press(USERS.claire, 'bilan.centrale', { windowKey: '2026' });
    const images = JSON.stringify(card.body).match(/"type":"Image"[^}]*/g) ?? [];
    const parsed = (card.body as any[]).flatMap((b) => b.items ?? []).filter((i: any) => i.type === 'Image') as Array<{
      url: string;
      altText: string;
    }>;
    expect(images).toHaveLength(2);
    expect(parsed.map((i) => i.url.match(/\/fichiers\/([a-z-]+)\//)?.[1])).toEqual([
      'bilan-graphique',
      'bilan-graphique',
    ]);
    // The picture's words, for a screen reader: the figures it draws.
    expect(flat(parsed[0]!.altText)).toContain('4 500,00 €');
    expect(flat(parsed[1]!.altText)).toContain('95');
    for (const image of parsed) {
      const res = await fetch(image.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
    // Before any report on it, a contract's card shows its savings only.
    const b = (await press(USERS.claire, 'bilan.contract', { contractId: contractB, windowKey: '2026' })).card;
    expect((b.body as any[]).flatMap((x) => x.items ?? []).filter((i: any) => i.type === 'Image')).toHaveLength(1);
  });

  it('opens the same bilan as a PDF of record and a workbook from its card', async () => {
    const { card } = await press(USERS.claire, 'bilan.centrale', { windowKey: '2026' });
    const buttons = (card.body as any[]).flatMap((b) => (b.type === 'ActionSet' ? b.actions : []));
    const pdf = buttons.find((b: any) => b.title === 'Bilan des marchés (PDF)');
    const xlsx = buttons.find((b: any) => b.title === 'Bilan des marchés (XLSX)');
    const pdfRes = await fetch(pdf.url);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdfRes.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const xlsxRes = await fetch(xlsx.url);
    expect(xlsxRes.status).toBe(200);
    expect(xlsxRes.headers.get('content-type')).toContain('spreadsheetml');
    // A référent's card offers neither: the centrale's documents are not theirs.
    const own = await say(USERS.amina, 'bilan');
    expect(JSON.stringify(own.card)).not.toContain('Bilan des marchés (PDF)');
  });

  it('opens a commune’s figures from its list, with the window chosen, and comes back', async () => {
    const { card } = await press(USERS.claire, 'bilan.centrale', { windowKey: '2026' });
    const chooser = (card.body as any[]).flatMap((b) => b.items ?? []).find((i: any) => i.id === 'memberId');
    expect(chooser.choices.map((c: any) => c.title)).toEqual(
      expect.arrayContaining(['Ville de Villeurbanne', 'Ville de Vénissieux']),
    );
    const commune = await press(USERS.claire, 'bilan.member', { memberId: 'villeurbanne', windowKey: '2026' });
    expect(commune.text).toMatch(/^Ce que cette commune a économisé\nVille de Villeurbanne\n/);
    expect(commune.text).toContain('4 000,00 €');
    const back = (commune.card.actions as any[]).find((a) => a.title === 'Retour au bilan de la centrale');
    expect((await press(USERS.claire, back.verb, back.data)).text).toMatch(/^Bilan des marchés en 2026\n/);
  });

  it('offers the import page on a contract’s card, and a valid import there changes the bilan card', async () => {
    const before = await press(USERS.claire, 'bilan.centrale', { windowKey: '2026' });
    expect(before.text).toContain(
      'Papeterie Martin\nGains achats\nnon calculable (aucun prix de référence)\nConsommation\naucun relevé de consommation',
    );
    const card = (await press(USERS.claire, 'bilan.contract', { contractId: contractB, windowKey: '2026' })).card;
    const button = (card.actions as any[]).find((a) => a.title === 'Importer un relevé de consommation');
    expect(button.type).toBe('Action.OpenUrl');
    // A coordinator sees the bilan but does not manage the registry: no import button.
    const sophie = (await press(USERS.sophie, 'bilan.contract', { contractId: contractB, windowKey: '2026' })).card;
    expect(JSON.stringify(sophie)).not.toContain('Importer un relevé');
    // The page acts in Claire's name: in a channel, her card does not carry its link.
    const inChannel = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'bilan.contract',
        { contractId: contractB, windowKey: '2026' },
        COPIL_CHANNEL,
      ),
    );
    expect(JSON.stringify(inChannel.body.value)).toContain('Papeterie Martin');
    expect(JSON.stringify(inChannel.body.value)).not.toContain('Importer un relevé');
    const r = await uploadCsv(button.url, [
      'Adhérent;Période;Quantité;Montant HT',
      'Ville de Villeurbanne;2026-S1;600;1 500,00',
      'Ville de Bron;2026-S1;200;500,00',
    ]);
    expect(r.status).toBe(200);
    expect(r.body).not.toContain('n’est pas importé');
    const after = await press(USERS.claire, 'bilan.centrale', { windowKey: '2026' });
    // 50 220,00 € (A) + 2 000,00 € (B); B: 800 ramettes for 1 400 × 181/365 forecast over the half-year.
    expect(after.text).toContain('Consommation relevée\n52 220,00 € HT');
    expect(after.text).toContain(
      'Papeterie Martin\nGains achats\nnon calculable (aucun prix de référence)\nConsommation\n115 % de la prévision\nAdhérents\n2 adhérents sur 2',
    );
  });

  it('shows another window when chosen: 2025, then the whole duration with each year', async () => {
    const y2025 = await press(USERS.claire, 'bilan.centrale', { windowKey: '2025' });
    expect(y2025.text).toMatch(/^Bilan des marchés en 2025\n/);
    expect(y2025.text).toContain('1 marché en cours en 2025.');
    expect(y2025.text).toContain('Gains achats en 2025\n6 000,00 €');
    const whole = await press(USERS.claire, 'bilan.centrale', { windowKey: 'duree' });
    expect(whole.text).toMatch(/^Bilan des marchés sur toute la durée des marchés\n/);
    expect(whole.text).toContain('Gains achats sur toute la durée des marchés\n10 500,00 €');
    expect(whole.text).toContain('Gains achats en 2025\n6 000,00 €');
    expect(whole.text).toContain('Gains achats en 2026\n4 500,00 €');
    expect(whole.text).toContain('Gains achats en 2027\nnon calculable (aucun prix de référence)');
    // An unknown window: the default one.
    expect((await press(USERS.claire, 'bilan.centrale', { windowKey: '1999' })).text).toMatch(
      /^Bilan des marchés en 2026/,
    );
  });

  it('opens a contract: prices and renewal, members by name, disputes, and the way back', async () => {
    const { text, card } = await press(USERS.claire, 'bilan.contract', { contractId: contractA, windowKey: '2026' });
    expect(text).toMatch(
      /^2025-001 — Restauration scolaire\nTitulaire : Cuisine du Midi\nBilan en 2026 · relevés : 1er semestre 2026, 2e semestre 2026/,
    );
    expect(text).toContain('Reconduit jusqu’au 31 décembre 2026 à 3,10 € HT par repas.');
    expect(text).toContain('Prix de référence\ndonné par 2 adhérents sur 3');
    expect(text).toContain(
      'Ville de Villeurbanne\nprévu 10 000 repas par an · consommé 10 200 repas (102 % de la prévision) · 63 % du volume · gains 4 000,00 €',
    );
    expect(text).toContain('Ville de Bron\nprévu 2 000 repas par an');
    expect(text).toContain('gains non calculables : pas de prix de référence');
    expect(text).toContain('Litiges\nAucun litige en 2026.');
    expect((card.actions as any[]).find((a) => a.title === 'Retour au bilan de la centrale')).toMatchObject({
      verb: 'bilan.centrale',
      data: { windowKey: '2026' },
    });
    const b = await press(USERS.claire, 'bilan.contract', { contractId: contractB, windowKey: '2026' });
    expect(b.text).toContain('Gains achats en 2026\nnon calculable (aucun prix de référence)');
    expect(b.text).toContain('Clauses durables\nclause environnementale');
    expect(b.text).toContain(
      'Litiges\n1 litige (Retard de livraison ou de prestation : 1) · aucun récurrent · aucune pénalité',
    );
    expect((await press(USERS.claire, 'bilan.contract', { contractId: contractB, windowKey: '2027' })).text).toContain(
      'Litiges\nAucun litige en 2027.',
    );
  });

  it('over the contract’s whole duration, gives the savings of each year it ran', async () => {
    const { text } = await press(USERS.claire, 'bilan.contract', { contractId: contractA, windowKey: 'duree' });
    expect(text).toContain(
      'Gains achats sur la durée du marché\n10 500,00 € (2 adhérents sur 3 avec un prix de référence)',
    );
    expect(text).toContain('Gains achats en 2025\n6 000,00 € (2 adhérents sur 3 avec un prix de référence)');
    expect(text).toContain('Gains achats en 2026\n4 500,00 €');
  });

  it('refuses a contract id that is not the centrale’s, in French', async () => {
    const { text } = await press(USERS.claire, 'bilan.contract', { contractId: 'marche-inconnu' });
    expect(text).toContain('Ce marché n’existe pas (ou plus) dans votre centrale.');
  });

  it('keeps the bilan des litiges one button or two words away', async () => {
    expect((await say(USERS.claire, 'bilan des litiges')).text).toMatch(/^Bilan des litiges\n1 litige, 0 résolu\./);
    const disputes = await press(USERS.claire, 'disputes.bilan', {});
    expect(disputes.text).toMatch(/^Bilan des litiges\n/);
    // And back: its « Bilan des marchés » opens the centrale's (a référent's own commune).
    const back = (disputes.card.actions as any[]).find((a) => a.title === 'Bilan des marchés');
    expect((await press(USERS.claire, back.verb, back.data)).text).toMatch(/^Bilan des marchés en 2026\n/);
    expect((await press(USERS.amina, back.verb, back.data)).text).toMatch(
      /^Ce que votre commune a économisé\nVille de Villeurbanne\n/,
    );
  });
});

describe('a référent', () => {
  it('typing « bilan » gets their commune’s figures, and nothing of another commune', async () => {
    const { text, card } = await say(USERS.amina, 'bilan');
    expect(text).toMatch(
      /^Ce que votre commune a économisé\nVille de Villeurbanne\nVotre commune a économisé 4 000,00 € en 2026\./,
    );
    expect(text).toContain('Sans compter 1 marché non calculable faute de prix de référence.');
    expect(text).toContain('Consommé\n10 200 repas, 31 620,00 € HT');
    for (const other of ['Vénissieux', 'Bron', '5 000 repas', '2 600', '15 500,00', '50 220,00'])
      expect(text).not.toContain(other);
    expect(JSON.stringify(card)).not.toContain('bilan.contract');
  });

  it('gets the same with « ce que ma commune a économisé », and over another window', async () => {
    expect((await say(USERS.amina, 'ce que ma commune a économisé')).text).toContain(
      'Votre commune a économisé 4 000,00 € en 2026.',
    );
    expect((await say(USERS.amina, 'bilan de ma commune 2025')).text).toContain(
      'Votre commune a économisé 5 000,00 € en 2025.',
    );
  });

  it('finds « bilan de ma commune » in the help, and an élu without a commune « bilan » and « bilan des litiges »', async () => {
    const buttons = (card: any) =>
      JSON.stringify(card)
        .match(/"value":"[^"]+"/g)!
        .map((v) => v.slice(9, -1));
    const amina = buttons((await say(USERS.amina, 'aide')).card);
    expect(amina).toEqual(expect.arrayContaining(['bilan de ma commune', 'bilan des litiges']));
    expect(amina).not.toContain('bilan');
    const luc = buttons((await say(USERS.luc, 'aide')).card);
    expect(luc).toEqual(expect.arrayContaining(['bilan', 'bilan des litiges']));
    expect(luc).not.toContain('bilan de ma commune');
  });

  it('asking for another commune by its id still gets their own', async () => {
    const { text } = await press(USERS.amina, 'bilan.member', { memberId: 'venissieux', windowKey: '2026' });
    expect(text).toContain('Ville de Villeurbanne');
    expect(text).not.toContain('Vénissieux');
    expect(text).toContain('Votre commune a économisé 4 000,00 € en 2026.');
  });

  it('may not open the centrale’s or a contract’s card: the centrale’s button gives their commune, a contract is refused', async () => {
    expect((await press(USERS.amina, 'bilan.centrale', { windowKey: '2026' })).text).toMatch(
      /^Ce que votre commune a économisé\nVille de Villeurbanne/,
    );
    const refused = await press(USERS.amina, 'bilan.contract', { contractId: contractA });
    expect(refused.text).toContain(
      'Seuls la Direction Achats, les coordinateurs, les élus et les directeurs voient le bilan',
    );
    expect(refused.text).not.toContain('Cuisine du Midi');
  });

  it('who is also an élu gets the centrale’s with « bilan » and their commune’s with « bilan de ma commune »', async () => {
    expect((await say(USERS.jean, 'bilan')).text).toMatch(/^Bilan des marchés en 2026/);
    const bron = await say(USERS.jean, 'bilan de ma commune');
    expect(bron.text).toMatch(/^Ce que votre commune a économisé\nVille de Bron\n/);
    expect(bron.text).toContain('Ce que votre commune a économisé en 2026 : non calculable (aucun prix de référence).');
    expect(bron.text).not.toContain('Villeurbanne');
  });
});

describe('someone without a role', () => {
  it('is refused in French, told where to go, with a button to the help', async () => {
    const { text, card } = await say(noRole, 'bilan');
    expect(text).toContain('Action impossible');
    expect(text).toContain('Le bilan des marchés est réservé à la Direction Achats');
    expect(text).toContain('Tapez « bilan des litiges »');
    expect(text).not.toContain('Cuisine du Midi');
    expect((card.actions as any[]).map((a) => [a.title, a.verb])).toEqual([
      ['Bilan des litiges', 'disputes.bilan'],
      ['Que puis-je faire ?', 'help.show'],
    ]);
    expect((await say(noRole, 'bilan de ma commune')).text).toContain('Le bilan des marchés est réservé');
    expect((await say(noRole, 'bilan des litiges')).text).toMatch(/^Bilan des litiges/);
  });
});

describe('the default window at the turn of the year', () => {
  it('is the new local year at 00:30 on 1 January in Paris (23:30 UTC on 31 December)', async () => {
    setClock('2026-12-31T22:30:00Z'); // 23:30 in Paris: still 2026
    expect((await say(USERS.claire, 'bilan')).text).toMatch(/^Bilan des marchés en 2026/);
    setClock('2026-12-31T23:30:00Z'); // 00:30 on 1 January 2027 in Paris
    const { text, card } = await say(USERS.claire, 'bilan');
    expect(text).toMatch(
      /^Bilan des marchés en 2027\nCentrale d’achat territoriale de la Métropole de Lyon\n1 marché en cours en 2027\./,
    );
    const choice = (card.body as any[]).flatMap((b) => b.items ?? []).find((i: any) => i.id === 'windowKey');
    expect(text).toContain('Marchés calculables\naucun marché calculable sur 1');
    expect(text).toContain('Litiges\naucun litige, aucune pénalité');
    expect(choice.value).toBe('2027');
    expect((await say(USERS.amina, 'bilan')).text).toContain('en 2027');
  });
});
