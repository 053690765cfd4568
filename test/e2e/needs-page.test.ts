import { request } from 'http';
import { ParsedMail, simpleParser } from 'mailparser';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { dayFromNow } from '../support/forms';
import { SmtpRelay } from '../support/smtp-relay';
import { personKey } from '../../src/domain/identity';
import { frenchDayOf } from '../../src/domain/french-format';

/**
 * A référent without Teams (Caluire's mayor, outside the centrale's tenants) gets the campaign's
 * e-mail with a personal link to a web form for the commune's needs: the same fields and the same
 * validation as the Teams form, drafts and « néant »; what they send shows in the coordination's
 * follow-up card in Teams.
 */
let h: Harness;
let relay: SmtpRelay;
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };
const deadline = dayFromNow(10);
const MAYOR = 'maire@caluire.test';
const mayorKey = personKey('externe', 'mail-caluire-maire');
let campaignId = '';
let link = '';

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

const open = (url: string) =>
  raw('GET', url, {
    'sec-fetch-site': 'none',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-dest': 'document',
    'sec-fetch-user': '?1',
  });
const submit = (url: string, fields: Record<string, string>) =>
  raw(
    'POST',
    url,
    {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-dest': 'document',
      origin: new URL(url).origin,
    },
    new URLSearchParams(fields).toString(),
  );
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
/** The hidden fields of the page's need form (campaign's form id), as the browser would send them. */
const hidden = (html: string) => {
  const form = html.slice(html.indexOf('<input type="hidden" name="draftId"'));
  return Object.fromEntries(
    [...form.slice(0, form.indexOf('</form>')).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
      (m) => [m[1]!, m[2]!],
    ),
  );
};
const needFields = (over: Record<string, string> = {}) => ({
  segment: 'Restauration collective',
  description: 'Repas des cantines scolaires',
  quantity: '120 000',
  unit: 'repas',
  annual: '420 000',
  total: '1 260 000',
  wishedStart: dayFromNow(60),
  duration: '36',
  currentContractEnd: '',
  currentSupplier: '',
  currentPrice: '',
  constraints: '',
  clauses: '',
  commitment: 'ferme',
  ...over,
});
const needsOfCaluire = async () =>
  (await h.bot.store.needs.needs(campaignId)).filter((n) => n.memberId === 'caluire-et-cuire');
const addressOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address;

beforeAll(async () => {
  relay = await new SmtpRelay().start();
  h = await startHarness(
    {
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: relay.url(),
      SMTP_CA_FILE: relay.caFile,
      MAIL_FROM: 'besoins@grandlyon.test',
      MAIL_FROM_NAME: 'Centrale d’achat de la Métropole',
    },
    { clock },
  );
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  await h.bot.store.governance.upsertPerson({
    key: mayorKey,
    centraleId: 'metropole-de-lyon',
    tenantId: 'externe',
    aadObjectId: 'mail-caluire-maire',
    teamsUserId: null,
    displayName: 'Maire de Caluire',
    email: MAYOR,
    delivery: 'email',
    roles: ['referent'],
    memberId: 'caluire-et-cuire',
  });
});
afterAll(async () => {
  await h?.stop();
  await relay?.stop();
});

describe('the needs form behind the e-mail’s link, for a référent without Teams', () => {
  it('e-mails the référent without Teams a personal link to the needs form, the coordinator as contact', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'campaign.open', {
        title: 'Besoins 2027',
        segments: 'Fournitures de bureau\nRestauration collective',
        deadline,
        instructions: 'Un besoin par famille d’achat.',
        channelInstanceId: 'copil-reseau',
      }),
    );
    campaignId = /"(campagne-[^"]+)"/.exec(JSON.stringify(res.body.value))![1]!;
    const mine = async () =>
      (await Promise.all(relay.received.map((m) => simpleParser(m.raw)))).filter((m) => addressOf(m) === MAYOR);
    await h.connector.waitFor(async () => ((await mine()).length ? true : undefined), 10_000);
    await h.bot.mailDispatcher!.drain();
    const [mail] = await mine();
    link = /Saisissez les besoins de votre collectivité : (\S+)/.exec(mail!.text ?? '')?.[1] ?? '';
    expect(new URL(link).pathname).toMatch(/^\/lien\/besoins\//);
    expect(mail!.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
    expect(mail!.html).toContain('Saisir mes besoins');
    expect(mail!.text).toContain('Sophie Bernard');
    expect(mail!.text).not.toContain('Écrivez à sophie.bernard@');
  });

  it('opens the campaign, the commune and an empty need form in French', async () => {
    const page = await open(link);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    const shown = text(page.body);
    expect(shown).toContain('Recensement des besoins — Besoins 2027');
    expect(shown).toContain(`${frenchDayOf(deadline)} inclus`);
    expect(shown).toContain('Un besoin par famille d’achat.');
    expect(shown).toContain('Ville de Caluire-et-Cuire');
    expect(shown).toContain('Votre collectivité n’a encore rien déclaré.');
    for (const label of ['Description du besoin', 'Quantité', 'Montant annuel estimé (€ HT)', 'Durée (mois)'])
      expect(shown).toContain(label);
    expect(page.body).toContain('<option value="Restauration collective">');
    for (const button of ['Envoyer à la coordination', 'Enregistrer le brouillon', 'Rien à déclarer'])
      expect(shown).toContain(button);
    expect(page.body).not.toMatch(/<script|style=/);
  });

  it('refuses a need with a wrong field in French, keeps what was typed, stores nothing', async () => {
    const form = hidden((await open(link)).body);
    const page = await submit(link, { ...form, step: 'envoyer', ...needFields({ quantity: 'beaucoup' }) });
    expect(page.status).toBe(200);
    const shown = text(page.body);
    expect(shown).toContain('Le besoin n’est pas envoyé : complétez ou corrigez le champ « Quantité »');
    expect(shown).toContain('La quantité doit être un nombre positif (par exemple 1 200 ou 12,5).');
    expect(page.body).toContain('value="beaucoup"');
    expect(page.body).toContain('Repas des cantines scolaires');
    expect(await needsOfCaluire()).toEqual([]);
  });

  it('keeps a draft, then sends it: stored once, journalled « par lien e-mail », in the coordination’s follow-up', async () => {
    const form = hidden((await open(link)).body);
    const drafted = await submit(link, { ...form, step: 'brouillon', ...needFields({ total: '', annual: '' }) });
    expect(text(drafted.body)).toContain('Brouillon enregistré : il n’est pas encore envoyé.');
    const [draft] = await needsOfCaluire();
    expect(draft).toMatchObject({ status: 'brouillon', description: 'Repas des cantines scolaires' });
    expect(text(drafted.body)).toContain('brouillon (non envoyé)');

    // The draft reopened from the page's list, completed and sent.
    const edit = await submit(link, { step: 'modifier', needId: draft!.id });
    expect(edit.body).toContain('>Repas des cantines scolaires</textarea>');
    expect(edit.body).toMatch(/value="120\s000"/);
    const sent = await submit(link, { ...hidden(edit.body), step: 'envoyer', ...needFields() });
    expect(text(sent.body)).toContain('Besoin envoyé à la coordination.');
    const stored = await needsOfCaluire();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: draft!.id, status: 'soumis', annualCents: 42_000_000 });
    expect(stored[0]!.history.at(-1)).toMatchObject({ by: mayorKey, detail: 'par lien e-mail' });

    const follow = textOf(
      (await h.post(cardAction(h.connector.url, USERS.sophie, 'campaign.follow', { campaignId }))).body.value,
    );
    expect(follow).toContain('Restauration collective — Repas des cantines scolaires');
    expect(follow).toContain('Ville de Caluire-et-Cuire');
  });

  it('refuses « néant » once a need is sent, in French, as Teams does', async () => {
    const page = await submit(link, { step: 'neant' });
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain(
      'Votre commune a déjà envoyé 1 besoin : retirez-le d’abord pour répondre « néant ».',
    );
    expect(
      (await h.bot.store.needs.answers(campaignId)).find((a) => a.memberId === 'caluire-et-cuire'),
    ).toBeUndefined();
  });

  it('withdraws the sent need, then records « néant » « par lien e-mail »', async () => {
    const [need] = await needsOfCaluire();
    const withdrawn = await submit(link, { step: 'retirer', needId: need!.id });
    expect(text(withdrawn.body)).toContain('Besoin retiré.');
    expect((await needsOfCaluire())[0]).toMatchObject({ status: 'retire' });
    const nothing = await submit(link, { step: 'neant' });
    expect(text(nothing.body)).toContain('Réponse « néant » enregistrée. Merci.');
    expect(text(nothing.body)).toContain('Votre réponse : néant (aucun besoin).');
    expect((await h.bot.store.needs.answers(campaignId)).find((a) => a.memberId === 'caluire-et-cuire')).toMatchObject({
      nothing: true,
      by: mayorKey,
      via: 'lien-email',
    });
  });

  it('refuses a text over the Teams form’s limit in French, the long form read whole, nothing stored', async () => {
    const form = hidden((await open(link)).body);
    // 2,001 « é »: 12 kB as the browser encodes them, over the 8 kB of the other pages' forms.
    const page = await submit(link, { ...form, step: 'envoyer', ...needFields({ description: 'é'.repeat(2001) }) });
    expect(page.status).toBe(200);
    const shown = text(page.body);
    expect(shown).toContain('Le besoin n’est pas envoyé : complétez ou corrigez le champ « Description du besoin »');
    expect(shown).toMatch(/Raccourcissez ce texte : 2\s000 caractères au plus \(2\s001 saisis\)\./);
    expect(await needsOfCaluire()).toHaveLength(1);
  });

  it('refuses an altered link, and a link made for someone who answers for no targeted commune', async () => {
    const url = new URL(link);
    const sig = url.searchParams.get('sig')!;
    url.searchParams.set('sig', `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    const altered = await open(url.toString());
    expect(altered.status).toBe(403);
    expect(text(altered.body)).toContain('Ce lien n’est pas valide');
    const posted = await submit(url.toString(), { step: 'envoyer', ...needFields() });
    expect(posted.status).toBe(403);
    expect(await needsOfCaluire()).toHaveLength(1);

    const claire = personKey(DEMO_TENANT, USERS.claire.aadObjectId);
    const outsider = h.bot.links.pageUrl('besoins', `${campaignId}|${claire}`, new Date(Date.now() + 86_400_000));
    const refused = await open(outsider);
    expect(refused.status).toBe(403);
    expect(text(refused.body)).toContain('ne répond pour aucune collectivité de cette campagne');
  });

  it('shows a closed campaign without the form and refuses a need sent after the deadline; the link expires a day after', async () => {
    const form = hidden((await open(link)).body);
    skipped = Date.parse(`${deadline}T23:30:00Z`) - Date.now();
    const page = await open(link);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain(`Campagne close depuis le ${frenchDayOf(deadline)}`);
    expect(page.body).not.toContain('Envoyer à la coordination');
    const late = await submit(link, { ...form, step: 'envoyer', ...needFields({ description: 'Fournitures' }) });
    expect(text(late.body)).toContain('vos besoins ne peuvent plus être envoyés, modifiés ni retirés');
    expect(await needsOfCaluire()).toHaveLength(1);
    skipped += 2 * 86_400_000;
    const expired = await open(link);
    expect(expired.status).toBe(410);
    expect(text(expired.body)).toContain('Ce lien a expiré : la campagne est close.');
  });
});
