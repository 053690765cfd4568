import { expect } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'fs';
import os from 'os';
import path from 'path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ballotVoteLink } from '../src/app/ballots/vote-link';
import { sittingAnswerLink } from '../src/app/meetings/answer-link';
import { personKey } from '../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../test/support/activities';
import { Harness, startHarness, textOf } from '../test/support/bot-harness';
import { convocationForm } from '../test/support/forms';
import { ballotForm, openBallot } from '../test/support/scenarios';
import { simpleParser } from 'mailparser';
import { launch } from './phone-fit';

/**
 * The member who has no Teams opens the e-mail's personal link on a phone (360 px), answers
 * « pouvoir à … » on the page, and the organiser's quorum forecast in Teams changes; a second
 * proxy to the same holder is refused on the page as on the card; an expired or altered link
 * gets a French page. Chromium reaches nothing but the bot on 127.0.0.1.
 */
const OUT = path.join(__dirname, '..', 'build', 'email-link');
const WIDTH = 360;
let h: Harness;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let sittingId = '';
let dataDir = '';
const problems: string[] = [];
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const nadia = { id: '29:nadia-lefevre', name: 'Nadia Lefèvre', aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025' };

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'centrale-email-link-'));
  h = await startHarness({ DATA_DIR: dataDir });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
  // Amina asked for e-mail: her convocation is written in local mode's mailbox (.eml files).
  const amina = (await h.bot.store.governance.getPerson('metropole-de-lyon', key(USERS.amina)))!;
  await h.bot.store.governance.upsertPerson({ ...amina, email: 'amina.haddad@villeurbanne.test', delivery: 'email' });
  const res = await h.post(
    cardAction(h.connector.url, USERS.claire, 'meeting.create', convocationForm(), COPIL_CHANNEL),
  );
  sittingId = JSON.stringify(res.body.value).match(/"sittingId":"([^"]+)"/)![1]!;
  browser = await launch();
  ctx = await browser.newContext({ viewport: { width: WIDTH, height: 740 }, deviceScaleFactor: 2, locale: 'fr-FR' });
  await ctx.route('**/*', (r) => (r.request().url().startsWith(h.url) ? r.continue() : r.abort()));
  page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

const linkFor = async (who: { aadObjectId: string }) =>
  sittingAnswerLink(h.bot.links, (await h.bot.store.meetings.get(sittingId))!, key(who));
const forecast = async () =>
  textOf((await h.post(cardAction(h.connector.url, USERS.claire, 'meeting.forecast', { sittingId }))).body.value);
const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

/** axe-core's WCAG 2 A/AA violations on the page (run through the debugger: the page's CSP allows no script). */
async function axeViolations(): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const w = globalThis as any;
    const result = await w.axe.run(w.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.flatMap((v: any) =>
      v.nodes.map((n: any) => `${v.id} · ${n.target[0]} · ${n.failureSummary}`),
    );
  });
}

/** Anything wider than the screen (the page scrolls sideways). */
const overflow = () =>
  page.evaluate(() => {
    const d = (globalThis as any).document;
    const wide = Array.from(d.querySelectorAll('body *') as ArrayLike<any>)
      .filter((e: any) => e.getBoundingClientRect().right > d.documentElement.clientWidth + 1)
      .map((e: any) => `${e.tagName.toLowerCase()} « ${(e.textContent ?? '').trim().slice(0, 40)} »`);
    return { scroll: d.documentElement.scrollWidth - d.documentElement.clientWidth, wide };
  });

/** The HTML of the e-mail written for `address` (local mode's .eml files, read back with mailparser). */
async function emailTo(address: string): Promise<string> {
  await h.bot.dispatcher.drain();
  await h.bot.mailDispatcher!.drain();
  const folder = path.join(dataDir, 'courriels');
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.eml'))) {
    const mail = await simpleParser(readFileSync(path.join(folder, file)));
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    if (to?.value[0]?.address === address && typeof mail.html === 'string') return mail.html;
  }
  throw new Error(`no e-mail to ${address}`);
}

test('at 360 px, the member opens the e-mail, answers « pouvoir à … » from its link, and the organiser’s forecast changes', async () => {
  const before = await forecast();
  expect(before).toMatch(/Représenté·es \(pouvoir\)\n0\n/);
  // The e-mail itself, as a phone's mail app shows it: one column, nothing wider than the screen.
  await page.setContent(await emailTo('amina.haddad@villeurbanne.test'));
  expect(await overflow()).toEqual({ scroll: 0, wide: [] });
  await shot('00-courriel');
  await page.getByRole('link', { name: 'Répondre à la convocation' }).click();
  await page.waitForURL(/\/lien\/seance\//);
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Convocation — COPIL RReT');
  // The bot's own style sheet applies under the page's CSP (the button is drawn in its colours).
  expect(
    await page
      .getByRole('button', { name: 'Enregistrer ma réponse' })
      .evaluate((b) => b.ownerDocument.defaultView!.getComputedStyle(b).backgroundColor),
  ).toBe('rgb(11, 79, 156)');
  expect(await axeViolations()).toEqual([]);
  expect(await overflow()).toEqual({ scroll: 0, wide: [] });
  await shot('01-page');
  await page.getByRole('radio', { name: 'Absent·e, je donne pouvoir' }).check();
  await page.getByLabel('Membre qui portera votre pouvoir').selectOption({ label: 'Sophie Bernard' });
  // Keyboard: the focused control shows a ring.
  await page.getByLabel('Membre qui portera votre pouvoir').focus();
  expect(
    await page
      .getByLabel('Membre qui portera votre pouvoir')
      .evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).outlineStyle),
  ).toBe('solid');
  await shot('02-pouvoir-choisi');
  await page.getByRole('button', { name: 'Enregistrer ma réponse' }).click();
  await page.getByRole('status').waitFor();
  expect(await page.getByRole('status').innerText()).toContain('Votre réponse est enregistrée.');
  expect(await page.locator('main').innerText()).toContain(
    'Amina Haddad, votre réponse : Absent·e, donne pouvoir à Sophie Bernard.',
  );
  await shot('03-pouvoir-enregistre');
  expect(await h.bot.store.meetings.answersOf(sittingId)).toContainEqual(
    expect.objectContaining({ personKey: key(USERS.amina), choice: 'pouvoir', via: 'lien-email' }),
  );
  const after = await forecast();
  expect(after).toMatch(/Représenté·es \(pouvoir\)\n1\n/);
  expect(after).not.toBe(before);
  expect(await axeViolations()).toEqual([]);
  expect(problems).toEqual([]);
});

test('a second proxy to the same holder is refused on the page, as in Teams, with the choice kept', async () => {
  const counted = await forecast();
  await page.goto(await linkFor(nadia));
  await page.getByRole('radio', { name: 'Absent·e, je donne pouvoir' }).check();
  await page.getByLabel('Membre qui portera votre pouvoir').selectOption({ label: 'Sophie Bernard' });
  await page.getByRole('button', { name: 'Enregistrer ma réponse' }).click();
  await page.getByRole('alert').waitFor();
  expect(await page.getByRole('alert').innerText()).toBe(
    'Sophie Bernard porte déjà 1 pouvoir, le maximum pour cette instance : choisissez un autre membre.',
  );
  expect(await page.getByRole('radio', { name: 'Absent·e, je donne pouvoir' }).isChecked()).toBe(true);
  expect(await page.getByLabel('Membre qui portera votre pouvoir').inputValue()).toBe(key(USERS.sophie));
  expect(await overflow()).toEqual({ scroll: 0, wide: [] });
  expect(await axeViolations()).toEqual([]);
  await shot('04-second-pouvoir-refuse');
  expect(await forecast()).toBe(counted);
  expect(problems).toEqual([]);
});

test('an expired or altered link gets a French page', async () => {
  const past = h.bot.links.pageUrl('seance', `${sittingId}|${key(nadia)}`, new Date(Date.now() - 1000));
  const expired = await page.goto(past);
  expect(expired?.status()).toBe(410);
  expect(await page.locator('main').innerText()).toContain('Ce lien a expiré');
  expect(await axeViolations()).toEqual([]);
  await shot('05-lien-expire');
  const link = new URL(await linkFor(USERS.amina));
  link.pathname = `/lien/seance/${encodeURIComponent(`${sittingId}|${key(nadia)}`)}`;
  const altered = await page.goto(link.toString());
  expect(altered?.status()).toBe(403);
  expect(await page.locator('main').innerText()).toContain('Ce lien n’est pas valide');
  expect(await overflow()).toEqual({ scroll: 0, wide: [] });
  await shot('06-lien-modifie');
});

test('a named ballot: the voter chooses, confirms « Confirmer mon vote », and the vote is recorded', async () => {
  problems.length = 0; // the refused links above logged their 410 and 403
  const { ballotId } = await openBallot(h, ballotForm({ question: 'Validez-vous la programmation 2027 ?' }));
  await page.goto(ballotVoteLink(h.bot.links, (await h.bot.store.ballots.get(ballotId))!, key(nadia)));
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Scrutin — COPIL RReT');
  await page.getByRole('radio', { name: 'Pour' }).check();
  expect(await axeViolations()).toEqual([]);
  expect(await overflow()).toEqual({ scroll: 0, wide: [] });
  await shot('07-scrutin');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByRole('button', { name: 'Confirmer mon vote' }).waitFor();
  expect(await page.locator('main').innerText()).toContain('Vous allez voter : Pour');
  expect(await h.bot.store.ballots.voteOf(ballotId, key(nadia))).toBeNull();
  expect(await axeViolations()).toEqual([]);
  await shot('08-scrutin-confirmer');
  await page.getByRole('button', { name: 'Confirmer mon vote' }).click();
  await page.getByRole('status').waitFor();
  expect(await page.getByRole('status').innerText()).toContain('Votre vote est enregistré.');
  expect(await h.bot.store.ballots.voteOf(ballotId, key(nadia))).toMatchObject({ choice: 'Pour' });
  await shot('09-scrutin-vote');
  expect(problems).toEqual([]);
});
