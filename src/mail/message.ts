/**
 * One OutgoingMail as nodemailer message options, the same for every transport: the names with
 * their accents (nodemailer encodes them), our Message-ID as it is (the same on every attempt, so
 * that the proof of notice can quote it and a recipient's client sees one message), the plain text
 * and the HTML as alternatives, and the invitation twice — as a text/calendar alternative with its
 * method (what Outlook and Gmail show as an invitation with its buttons) and as an .ics attachment
 * (what every other client can open or import).
 *
 * No « Auto-Submitted » header: a convocation is addressed to a person, who may answer it.
 */
import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { OutgoingMail } from '../app/delivery/mail-ports';

export type MessageOptions = SendMailOptions;

export function messageOptions(mail: OutgoingMail): MessageOptions {
  const options: MessageOptions = {
    messageId: mail.messageId,
    from: { name: mail.from.name, address: mail.from.address },
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    textEncoding: 'quoted-printable',
  };
  if (mail.calendar) {
    const { method, content, filename } = mail.calendar;
    // nodemailer puts the event in twice: the text/calendar alternative (with its method) and an
    // application/ics attachment under this file name.
    options.icalEvent = { method, content, filename };
  }
  // A kept document (the convocation's PDF): its bytes as they are, under its name and type.
  if (mail.attachments?.length)
    options.attachments = mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    }));
  return options;
}

/** The message as raw MIME, for the transports that take it whole (Microsoft Graph, the .eml folder). */
export function mimeOf(mail: OutgoingMail, at?: { date: Date }): Promise<Buffer> {
  // The Message-ID is the one given, not one MailComposer makes up; the Date header is now unless given.
  return new MailComposer({ ...messageOptions(mail), ...(at ? { date: at.date } : {}) }).compile().build();
}
