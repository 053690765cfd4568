/**
 * The SMTP transport ('smtp'): any relay, from a URL. `smtp://user:pass@host:587` sends after
 * STARTTLS and only then (`requireTLS`: a relay that does not offer it is not used in clear text);
 * `smtps://host:465` speaks TLS from the first byte. A CA file can be given for a relay with its
 * own certificate authority. Connections are pooled (a few, as Exchange Online allows three per
 * mailbox) and every wait is bounded.
 *
 * What the relay answered becomes a MailResult: a 4xx reply or a connection that failed is worth
 * trying again; a 5xx reply is not, and its text is kept for the sender.
 */
import { readFileSync } from 'fs';
import nodemailer from 'nodemailer';
import { MailResult, MailTransport, OutgoingMail } from '../app/delivery/mail-ports';
import { messageOptions } from './message';

export interface SmtpOptions {
  /** smtp://[user:pass@]host[:port] (STARTTLS, port 587 by default) or smtps://… (TLS, 465). */
  url: string;
  /** The mailbox messages are sent from (its sending limits apply). */
  mailbox: string;
  /** PEM file of the authority that signed the relay's certificate (a self-signed relay). */
  caFile?: string;
  maxConnections?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** What nodemailer's errors carry. */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejected?: string[];
}

export function createSmtpTransport(options: SmtpOptions): MailTransport {
  const url = new URL(options.url);
  const implicitTls = url.protocol === 'smtps:';
  if (!implicitTls && url.protocol !== 'smtp:')
    throw new Error(`SMTP_URL must start with smtp:// or smtps:// (${url.protocol})`);
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: options.maxConnections ?? 3,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : implicitTls ? 465 : 587,
    secure: implicitTls,
    requireTLS: !implicitTls,
    auth: user ? { user, pass } : undefined,
    tls: {
      minVersion: 'TLSv1.2',
      ...(options.caFile ? { ca: readFileSync(options.caFile) } : {}),
    },
    connectionTimeout: options.connectionTimeoutMs ?? 15_000,
    greetingTimeout: options.greetingTimeoutMs ?? 15_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    logger: false,
  });

  return {
    name: 'smtp',
    mailbox: options.mailbox,
    async send(mail: OutgoingMail): Promise<MailResult> {
      try {
        const info = await transporter.sendMail(messageOptions(mail));
        return { kind: 'accepted', messageId: mail.messageId, response: info.response };
      } catch (e) {
        return smtpFailure(e as SmtpError, mail);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

/** A relay's refusal or a failed connection, told as the sender will read it. */
export function smtpFailure(err: SmtpError, mail: OutgoingMail): MailResult {
  const code = typeof err.responseCode === 'number' ? err.responseCode : null;
  const said = (err.response ?? err.message).replace(/\s+/g, ' ').trim();
  if (err.code === 'ETLS' || err.command === 'STARTTLS') {
    // The connection, not the message: the relay or SMTP_URL is to be fixed, and then it goes.
    return {
      kind: 'temporary',
      code,
      reason: `Le serveur de messagerie n’a pas établi de connexion chiffrée (STARTTLS : ${said}) : rien n’est envoyé en clair ; vérifiez SMTP_URL (smtps:// pour TLS direct). Nouvel essai programmé.`,
      retryAfterMs: null,
    };
  }
  if (code !== null && code >= 500) {
    const what =
      err.code === 'EAUTH'
        ? 'l’identification de la centrale (vérifiez l’utilisateur et le mot de passe de SMTP_URL)'
        : err.code === 'EENVELOPE' && /RCPT/i.test(err.command ?? 'RCPT')
          ? `l’adresse ${mail.to.address}`
          : 'le message';
    return { kind: 'permanent', code, reason: `Le serveur de messagerie a refusé ${what} (${said}).` };
  }
  if (code !== null && code >= 400) {
    return {
      kind: 'temporary',
      code,
      reason: `Le serveur de messagerie a différé l’envoi (${said}) : nouvel essai programmé.`,
      retryAfterMs: null,
    };
  }
  if (
    /certificate|CERT_|self[- ]signed/i.test(
      `${err.message} ${(err as { cause?: { code?: string } }).cause?.code ?? ''}`,
    )
  ) {
    return {
      kind: 'temporary',
      code: null,
      reason: `Le certificat du serveur de messagerie n’est pas reconnu (${said}) : vérifiez SMTP_CA_FILE ou l’adresse de SMTP_URL. Nouvel essai programmé.`,
      retryAfterMs: null,
    };
  }
  // ECONNECTION, ETIMEDOUT, ESOCKET (ECONNREFUSED…), EDNS: no reply from a relay, worth another try.
  const cause = err.code ?? 'erreur';
  return {
    kind: 'temporary',
    code: null,
    reason: `Le serveur de messagerie est injoignable (${cause} : ${said}) : nouvel essai programmé.`,
    retryAfterMs: null,
  };
}
