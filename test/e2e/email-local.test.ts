import { mkdtempSync, readdirSync } from 'fs';
import { readFile } from 'fs/promises';
import os from 'os';
import path from 'path';
import { simpleParser } from 'mailparser';
import ICAL from 'ical.js';
import { personKey } from '../../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded } from '../support/activities';
import { Harness, startHarness } from '../support/bot-harness';
import { addCopilMembers, ballotForm, convene, openBallot, sittingForm } from '../support/scenarios';

/**
 * Local mode needs no mail server: with no MAIL_TRANSPORT, e-mails are written as .eml files in
 * the data folder and listed at a loopback page, /courriels.
 */
let h: Harness;
let dataDir = '';
let mayorKey = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'centrale-mail-'));
  h = await startHarness({ DATA_DIR: dataDir });
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

describe('e-mail in local mode', () => {
  it('writes the convocation of a member who asked for e-mail as an .eml a mail reader opens, listed at /courriels', async () => {
    const [mayor] = await addCopilMembers(h, 1, 'local', () => ({
      email: 'maire@commune-exterieure.test',
      delivery: 'email',
    }));
    const { sittingId } = await convene(h, sittingForm(), USERS.claire, COPIL_CHANNEL);
    await h.bot.dispatcher.drain();
    await h.bot.mailDispatcher!.drain();
    const folder = path.join(dataDir, 'courriels');
    const files = readdirSync(folder).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    mayorKey = personKey(DEMO_TENANT, mayor!.aadObjectId);
    // No Teams message went to the mayor.
    expect(h.connector.calls.some((c) => c.body?.members?.[0]?.id === mayor!.id)).toBe(false);

    const page = await fetch(`${h.url}/courriels`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('1 courriel écrit dans');
    expect(html).toContain('Convocation : COPIL RReT');
    const href = /href="(\/courriels\/[^"]+)"/.exec(html)![1]!;
    const file = await fetch(`${h.url}${href}`);
    expect(file.headers.get('content-type')).toBe('message/rfc822');
    const mail = await simpleParser(Buffer.from(await file.arrayBuffer()));
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address).toBe('maire@commune-exterieure.test');
    expect(mail.text).toContain('Vous êtes convoqué·e à la séance ci-dessous.');
    const ics = mail.attachments.find((a) => a.filename === 'convocation.ics')!;
    const event = new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(`${sittingId}@centrale-gouvernance`);
  });

  it('e-mails a named ballot with the voter’s link, and a secret one with none, saying where to vote', async () => {
    const before = new Set(readdirSync(path.join(dataDir, 'courriels')));
    const { ballotId: named } = await openBallot(h, ballotForm({ question: 'Validez-vous la programmation 2027 ?' }));
    await openBallot(h, ballotForm({ question: 'Question secrète ?', secret: 'true' }));
    await h.bot.dispatcher.drain();
    await h.bot.mailDispatcher!.drain();
    const fresh = readdirSync(path.join(dataDir, 'courriels')).filter((f) => f.endsWith('.eml') && !before.has(f));
    const mails = await Promise.all(
      fresh.map(async (f) => simpleParser(await readFile(path.join(dataDir, 'courriels', f)))),
    );
    expect(mails).toHaveLength(2);
    const byQuestion = (q: string) => mails.find((m) => m.text?.includes(q))!;
    const namedMail = byQuestion('Validez-vous la programmation 2027 ?');
    expect(namedMail.subject).toMatch(/^Scrutin ouvert : Programmation 2027 — clôture le /);
    const link = /Voter : (\S+)/.exec(namedMail.text ?? '')![1]!;
    expect(new URL(link).pathname).toBe(`/lien/scrutin/${encodeURIComponent(`${named}|${mayorKey}`)}`);
    const page = await fetch(link);
    expect(await page.text()).toContain('Validez-vous la programmation 2027 ?');
    const secretMail = byQuestion('Question secrète ?');
    expect(secretMail.text).toContain('Ce scrutin est secret : on ne vote que dans Teams');
    expect(secretMail.text).not.toContain('/lien/');
  });

  it('serves only the folder’s .eml files', async () => {
    for (const name of ['..%2Fconfig.json', '.hidden.eml', 'absent.eml', 'link-secret'])
      expect((await fetch(`${h.url}/courriels/${name}`)).status).toBe(404);
  });
});
