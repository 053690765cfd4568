import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { messageOptions, mimeOf } from '../../src/mail/message';
import { SAMPLE_UID, sampleMail } from '../support/mail-sample';

describe('the message every transport sends', () => {
  it('keeps our Message-ID, the names with their accents, and both text and HTML', async () => {
    const mail = sampleMail();
    const parsed = await simpleParser(await mimeOf(mail));
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.from?.value).toEqual([{ name: mail.from.name, address: mail.from.address }]);
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ name: mail.to.name, address: mail.to.address }]);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text?.trim()).toBe(mail.text);
    expect(parsed.html).toContain('<strong>Comité d’orientation</strong>');
    // A convocation: a person may answer it, so it is not marked as an automatic message.
    expect(parsed.headers.has('auto-submitted')).toBe(false);
  });

  it('carries the invitation as a text/calendar alternative with its method and as an .ics attachment', async () => {
    const mail = sampleMail();
    const mime = (await mimeOf(mail)).toString('utf8');
    expect(mime).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    const parsed = await simpleParser(mime);
    const calendarParts = parsed.attachments.filter((a) => /calendar|ics/.test(a.contentType));
    expect(calendarParts.map((a) => a.contentType).sort()).toEqual(['application/ics', 'text/calendar']);
    expect(calendarParts.find((a) => a.contentType === 'application/ics')?.filename).toBe('convocation.ics');
    for (const a of calendarParts) {
      const event = new ICAL.Component(ICAL.parse(a.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
      expect(event.getFirstPropertyValue('uid')).toBe(SAMPLE_UID);
      expect(event.getFirstPropertyValue('summary')).toBe('Comité d’orientation');
    }
  });

  it('has no calendar part when the message carries none (a reminder)', async () => {
    const mail = sampleMail({ calendar: null });
    expect(messageOptions(mail).icalEvent).toBeUndefined();
    const parsed = await simpleParser(await mimeOf(mail));
    expect(parsed.attachments).toEqual([]);
    expect(parsed.text?.trim()).toBe(mail.text);
  });

  it('says CANCEL in the calendar part of a cancellation', async () => {
    const base = sampleMail();
    const mail = sampleMail({
      calendar: { ...base.calendar!, method: 'CANCEL', content: base.calendar!.content.replace('REQUEST', 'CANCEL') },
    });
    expect((await mimeOf(mail)).toString('utf8')).toMatch(/text\/calendar; charset=utf-8; method=CANCEL/);
  });
});
