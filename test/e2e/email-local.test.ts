import { mkdtempSync, readdirSync } from 'fs';
import os from 'os';
import path from 'path';
import { simpleParser } from 'mailparser';
import ICAL from 'ical.js';
import { COPIL_CHANNEL, USERS, botAdded } from '../support/activities';
import { Harness, startHarness } from '../support/bot-harness';
import { addCopilMembers, convene, sittingForm } from '../support/scenarios';

/**
 * Local mode needs no mail server: with no MAIL_TRANSPORT, e-mails are written as .eml files in
 * the data folder and listed at a loopback page, /courriels.
 */
let h: Harness;
let dataDir = '';

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

  it('serves only the folder’s .eml files', async () => {
    for (const name of ['..%2Fconfig.json', '.hidden.eml', 'absent.eml', 'link-secret'])
      expect((await fetch(`${h.url}/courriels/${name}`)).status).toBe(404);
  });
});
