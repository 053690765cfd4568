import { request } from 'http';
import * as XLSX from 'xlsx';
import { keepServed } from '../support/served-documents';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { dayFromNow } from '../support/forms';
import { personKey } from '../../src/domain/identity';
import { NEED_FIELD_LABELS } from '../../src/domain/needs/need-form';

/**
 * Needs in a workbook: the coordinator's follow-up card opens the needs as XLSX beside the CSV;
 * a référent downloads the campaign's template from the needs page, fills it offline and sends it
 * back on the same page. Every row is checked as the form checks a need: one wrong row and
 * nothing is imported, the row and the column named in French; a valid workbook creates the
 * needs, sent to the coordination, which sees them on its follow-up and in the programme's workbook.
 */
let h: Harness;
let campaignId = '';
let page = '';
const aminaKey = personKey(DEMO_TENANT, USERS.amina.aadObjectId);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request, as a browser sends it. */
function raw(method: string, url: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const NAVIGATE = {
  'sec-fetch-site': 'none',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
  'sec-fetch-user': '?1',
};
const open = (url: string) => raw('GET', url, NAVIGATE);
/** The page's « Importer le classeur » form, as a browser posts it (multipart/form-data). */
const upload = (url: string, filename: string, content: Buffer) => {
  const boundary = '----formboundaryXLSX7MA4YWxkTrZu0gW';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="step"\r\n\r\nimporter\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="classeur"; filename="${filename}"\r\nContent-Type: ${XLSX_TYPE}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return raw(
    'POST',
    url,
    {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-dest': 'document',
      origin: new URL(url).origin,
    },
    body,
  );
};
const text = (html: Buffer) =>
  html
    .toString('utf8')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const hrefOf = (html: Buffer, label: string) => {
  const m = new RegExp(`<a href="([^"]+)">${label}</a>`).exec(html.toString('utf8'));
  return m ? m[1]!.replace(/&amp;/g, '&') : '';
};
const needsOfVilleurbanne = async () =>
  (await h.bot.store.needs.needs(campaignId)).filter((n) => n.memberId === 'villeurbanne');

/** The template filled as a person would in Excel (written by SheetJS: not the bot's writer). */
function filled(template: Buffer, rows: unknown[][]): Buffer {
  const book = XLSX.read(template, { cellDates: true });
  XLSX.utils.sheet_add_aoa(book.Sheets.Besoins!, rows, { origin: 'A2', cellDates: true });
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}
const start = new Date(`${dayFromNow(120)}T00:00:00Z`);
const row = (over: Record<number, unknown> = {}) => {
  const r: unknown[] = [
    'Fournitures de bureau',
    'Papier A4 recyclé',
    1500,
    'ramettes',
    4500.5,
    13501.5,
    start,
    36,
    null,
    'Papeteries Rhône',
    4200,
    'Livraison en mairie',
    '',
    'ferme',
  ];
  for (const [i, v] of Object.entries(over)) r[Number(i)] = v;
  return r;
};
let template: Buffer;

beforeAll(async () => {
  h = await startHarness({});
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  const res = await h.post(
    cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
      title: 'Besoins 2027',
      segments: 'Fournitures de bureau\nRestauration collective',
      deadline: dayFromNow(10),
      instructions: 'Un besoin par famille.',
      channelInstanceId: 'copil-reseau',
    }),
  );
  campaignId = /"(campagne-[^"]+)"/.exec(JSON.stringify(res.body.value))![1]!;
  // Amina's campaign card in Teams opens her needs page (her personal link) for the workbook.
  const mine = await h.post(cardAction(h.connector.url, USERS.amina, 'need.mine', { campaignId }));
  page = /"title":"Saisir dans un classeur \(XLSX\)","url":"([^"]+)"/.exec(JSON.stringify(mine.body.value))![1]!;
});
afterAll(() => h?.stop());

describe('needs in a workbook (XLSX)', () => {
  it('the personal link that acts in the référent’s name is on their card in their 1:1 chat only, never in a channel', async () => {
    const inChannel = await h.post(
      cardAction(h.connector.url, USERS.amina, 'need.mine', { campaignId }, COPIL_CHANNEL),
    );
    expect(inChannel.status).toBe(200);
    const text = JSON.stringify(inChannel.body.value ?? inChannel.body);
    expect(text).not.toContain('Saisir dans un classeur');
    expect(text).not.toContain('/lien/besoins/');
  });

  it('gives the référent the campaign’s template: the form’s fields as French headers, the allowed values, the instructions', async () => {
    expect(new URL(page).pathname).toMatch(/^\/lien\/besoins\//);
    const shown = await open(page);
    expect(text(shown.body)).toContain('Ville de Villeurbanne');
    expect(text(shown.body)).toContain('Plusieurs besoins ? Importer un classeur');
    const url = hrefOf(shown.body, 'Télécharger le modèle de saisie \\(XLSX\\)');
    expect(new URL(url).pathname).toMatch(/^\/fichiers\/modele-besoins\//);
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(file.headers.get('content-disposition')).toMatch(/filename="modele-besoins-.*\.xlsx"/);
    template = Buffer.from(await file.arrayBuffer());
    await keepServed(
      'modele-besoins.xlsx',
      template,
      'Modèle de saisie des besoins (XLSX)',
      'Carte de suivi de la campagne (coordination) et page web des besoins du référent ; rempli hors ligne puis envoyé sur cette page',
    );
    const book = XLSX.read(template, { cellNF: true });
    expect(book.SheetNames).toEqual(['Besoins', 'Valeurs permises', 'Mode d’emploi']);
    const headers = XLSX.utils.sheet_to_json<string[]>(book.Sheets.Besoins!, { header: 1 })[0];
    expect(headers).toEqual(Object.values(NEED_FIELD_LABELS));
    const values = XLSX.utils.sheet_to_json<Record<string, string>>(book.Sheets['Valeurs permises']!);
    expect(values.map((v) => v['Segments de la campagne']).filter(Boolean)).toEqual([
      'Fournitures de bureau',
      'Restauration collective',
    ]);
    expect(values.map((v) => v.Engagement).filter(Boolean)).toEqual(['indicatif', 'ferme']);
    const help = XLSX.utils.sheet_to_json<string[]>(book.Sheets['Mode d’emploi']!, { header: 1 }).flat().join('\n');
    expect(help).toContain('rien n’est importé');
    expect(help).toContain('Consignes de la coordination : Un besoin par famille.');
    expect(book.Props?.Author).toBe('Centrale d’achat territoriale de la Métropole de Lyon');
  });

  it('imports nothing while one row is wrong, and names each wrong row and column in French', async () => {
    const wrong = filled(template, [
      row(),
      row({ 2: 'beaucoup', 1: 'Enveloppes' }),
      row({ 0: 'Mobilier', 13: 'peut-être', 1: 'Chaises' }),
    ]);
    const answer = await upload(page, 'besoins-villeurbanne.xlsx', wrong);
    expect(answer.status).toBe(200);
    const shown = text(answer.body);
    expect(shown).toContain('Le classeur n’est pas importé : aucun besoin n’a été enregistré.');
    expect(shown).toContain(
      'Ligne 3, colonne « Quantité » : La quantité doit être un nombre positif (par exemple 1 200 ou 12,5).',
    );
    expect(shown).toContain(
      'Ligne 4, colonne « Segment » : « Mobilier » n’est pas un segment de la campagne : recopiez-en un de la feuille « Valeurs permises ».',
    );
    expect(shown).toContain('Ligne 4, colonne « Engagement » : Écrivez « indicatif » ou « ferme »');
    expect(shown).not.toContain('Ligne 2,');
    expect(await needsOfVilleurbanne()).toEqual([]);
  });

  it('refuses what is not the template, in French, and changes nothing', async () => {
    const csv = await upload(page, 'besoins.csv', Buffer.from('Segment;Quantité\nFournitures de bureau;12\n'));
    expect(text(csv.body)).toContain('Ce fichier n’est pas un classeur Excel (.xlsx)');
    const other = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      other,
      XLSX.utils.aoa_to_sheet([
        ['Besoin', 'Montant'],
        ['Papier', 12],
      ]),
      'Besoins',
    );
    const headers = await upload(page, 'autre.xlsx', XLSX.write(other, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    expect(text(headers.body)).toContain('Les en-têtes de la feuille « Besoins » ne sont pas ceux du modèle');
    expect(text(headers.body)).toContain('Colonne A : l’en-tête doit être « Segment », et non « Besoin ».');
    const huge = await upload(page, 'gros.xlsx', Buffer.alloc(3 * 1024 * 1024, 1));
    expect(huge.status).toBe(413);
    expect(text(huge.body)).toContain('Ce fichier est trop volumineux : 2 Mo au plus.');
    // No file chosen (an empty part), a truncated upload, an upload to another page: refused, nothing read.
    const empty = await upload(page, '', Buffer.alloc(0));
    expect(text(empty.body)).toContain('Aucun fichier reçu : choisissez le classeur à envoyer.');
    const cut = await raw(
      'POST',
      page,
      {
        'content-type': 'multipart/form-data; boundary=abc',
        'sec-fetch-site': 'same-origin',
        origin: new URL(page).origin,
      },
      Buffer.from('--abc\r\nContent-Disposition: form-data; name="classeur"; filename="a.xlsx"\r\n\r\nPK'),
    );
    expect(cut.status).toBe(400);
    expect(text(cut.body)).toContain('Envoi incomplet');
    const elsewhere = await upload(page.replace('/lien/besoins/', '/lien/seance/'), 'a.xlsx', template);
    expect(elsewhere.status).toBe(415);
    expect(await needsOfVilleurbanne()).toEqual([]);
  });

  it('creates every need of a valid workbook, sent and journalled, once even when sent twice', async () => {
    const good = filled(template, [
      row(),
      row({ 0: 'restauration collective', 1: 'Repas scolaires', 3: 'repas', 13: null }),
    ]);
    const answer = await upload(page, 'besoins-villeurbanne.xlsx', good);
    expect(text(answer.body)).toContain('2 besoins importés et envoyés à la coordination.');
    const again = await upload(page, 'besoins-villeurbanne.xlsx', good);
    expect(text(again.body)).toContain('2 besoins importés et envoyés à la coordination.');
    const needs = await needsOfVilleurbanne();
    expect(needs).toHaveLength(2);
    const paper = needs.find((n) => n.description === 'Papier A4 recyclé')!;
    expect(paper).toMatchObject({
      status: 'soumis',
      segment: 'Fournitures de bureau',
      quantity: '1500',
      annualCents: 450_050,
      totalCents: 1_350_150,
      currentPriceCents: 420_000,
      wishedStart: dayFromNow(120),
      durationMonths: 36,
      commitment: 'ferme',
      createdBy: aminaKey,
    });
    expect(needs.find((n) => n.description === 'Repas scolaires')).toMatchObject({
      segment: 'Restauration collective',
      commitment: 'indicative',
    });
    expect(paper.history[0]!.detail).toMatch(
      /^import du classeur « besoins-villeurbanne\.xlsx », ligne 2 \(SHA-256 [0-9a-f]{64}\)$/,
    );
  });

  it('shows them on the coordinator’s follow-up, whose « Besoins (XLSX) » opens typed cells', async () => {
    const follow = await h.post(cardAction(h.connector.url, USERS.sophie, 'campaign.follow', { campaignId }));
    const shown = textOf(follow.body.value);
    expect(shown).toContain('Fournitures de bureau — Papier A4 recyclé');
    expect(shown).toContain('Restauration collective — Repas scolaires');
    const url = follow.body.value.actions.find((a: any) => a.title === 'Besoins (XLSX)').url;
    // The coordination can hand the communes the same template.
    const templateUrl = /"title":"Modèle de saisie des besoins \(XLSX\)","url":"([^"]+)"/.exec(
      JSON.stringify(follow.body.value),
    )![1]!;
    const fromCard = XLSX.read(Buffer.from(await (await fetch(templateUrl)).arrayBuffer()), {});
    expect(XLSX.utils.sheet_to_json<string[]>(fromCard.Sheets.Besoins!, { header: 1 })[0]).toEqual(
      Object.values(NEED_FIELD_LABELS),
    );
    expect(new URL(url).pathname).toMatch(/^\/fichiers\/besoins-xlsx\//);
    const file = await fetch(url);
    expect(file.headers.get('content-type')).toBe(XLSX_TYPE);
    const needsBytes = Buffer.from(await file.arrayBuffer());
    await keepServed(
      'besoins.xlsx',
      needsBytes,
      'Besoins de la campagne (XLSX)',
      'Carte de suivi de la campagne : « Besoins (XLSX) », à côté du CSV',
    );
    const book = XLSX.read(needsBytes, { cellNF: true, cellDates: true });
    expect(book.SheetNames).toEqual(['Besoins', 'Par segment']);
    const ws = book.Sheets.Besoins!;
    const headers = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1 })[0]!;
    expect(headers.slice(0, 9)).toEqual([
      'Besoin',
      'Adhérent',
      'Segment',
      'Description',
      'Quantité',
      'Unité',
      'Montant annuel HT',
      'Montant total HT',
      'Début souhaité',
    ]);
    const line = XLSX.utils
      .sheet_to_json<unknown[]>(ws, { header: 1 })
      .findIndex((r) => (r as unknown[])[3] === 'Papier A4 recyclé');
    const cell = (col: string) => ws[`${col}${line + 1}`]!;
    expect(cell('B').v).toBe('Ville de Villeurbanne');
    expect(cell('E')).toMatchObject({ t: 'n', v: 1500 });
    expect(cell('G')).toMatchObject({ t: 'n', v: 4500.5, z: '#,##0.00 "€"' });
    expect(cell('H')).toMatchObject({ t: 'n', v: 13501.5, z: '#,##0.00 "€"' });
    expect(cell('I').t).toBe('d');
    expect((cell('I').v as Date).toISOString().slice(0, 10)).toBe(dayFromNow(120));
    // Per segment, as the card's totals: the retained needs only (none yet).
    expect(XLSX.utils.sheet_to_json(book.Sheets['Par segment']!)).toEqual([]);
    // A link signed for the CSV opens no workbook.
    const csvUrl = follow.body.value.actions.find((a: any) => a.title === 'Besoins (CSV)').url as string;
    expect((await fetch(csvUrl.replace('/fichiers/besoins/', '/fichiers/besoins-xlsx/'))).status).toBe(403);
  });

  it('the programme’s workbook: one row per purchasing file, its rétroplanning one row per step with its date', async () => {
    for (const n of await needsOfVilleurbanne())
      await h.post(
        cardAction(h.connector.url, USERS.sophie, 'need.qualify', { campaignId, needId: n.id, action: 'accepter' }),
      );
    const follow = await h.post(cardAction(h.connector.url, USERS.sophie, 'campaign.follow', { campaignId }));
    const needsUrl = follow.body.value.actions.find((a: any) => a.title === 'Besoins (XLSX)').url;
    const needsBook = XLSX.read(Buffer.from(await (await fetch(needsUrl)).arrayBuffer()), { cellNF: true });
    const perSegment = needsBook.Sheets['Par segment']!;
    expect(XLSX.utils.sheet_to_json<Record<string, unknown>>(perSegment)).toContainEqual({
      Segment: 'Fournitures de bureau',
      Besoins: 1,
      Adhérents: 1,
      'Montant annuel HT': 4500.5,
      'Montant total HT': 13501.5,
      'Début au plus tôt': expect.any(Number),
      Quantités: '1500 ramettes',
    });
    const built = await h.post(cardAction(h.connector.url, USERS.sophie, 'programme.build', { campaignId }));
    const url = built.body.value.actions.find((a: any) => a.title === 'Programme (XLSX)').url;
    const programmeBytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    await keepServed(
      'programme.xlsx',
      programmeBytes,
      'Programme et rétroplanning (XLSX)',
      'Carte du programme : « Programme (XLSX) », à côté du CSV',
    );
    const book = XLSX.read(programmeBytes, { cellNF: true, cellDates: true });
    expect(book.SheetNames).toEqual(['Programme', 'Rétroplanning']);
    const items = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Programme!);
    expect(items).toHaveLength(2);
    expect(items.find((i) => i.Segment === 'Fournitures de bureau')).toMatchObject({ 'Montant consolidé HT': 13501.5 });
    const steps = book.Sheets['Rétroplanning']!;
    expect(XLSX.utils.sheet_to_json<string[]>(steps, { header: 1 })[0]).toEqual(['Dossier d’achat', 'Étape', 'Date']);
    expect(steps.C2).toMatchObject({ t: 'd' });
    const programme = (await h.bot.store.needs.getProgramme(campaignId))!;
    const first = programme.items[0]!;
    expect(steps.B2.v).toBe(first.retroplanning[0]!.step);
    expect((steps.C2.v as Date).toISOString().slice(0, 10)).toBe(first.retroplanning[0]!.date);
    expect(XLSX.utils.sheet_to_json(steps)).toHaveLength(
      programme.items.reduce((n, i) => n + i.retroplanning.length, 0),
    );
  });
});
