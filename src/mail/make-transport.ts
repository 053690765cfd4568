/**
 * The mail transport the configuration asks for (MAIL_TRANSPORT), or null: no e-mail at all, and
 * those Teams cannot reach stay unreached (said once at start).
 */
import { MailTransport } from '../app/delivery/mail-ports';
import { Logger } from '../logger';
import { EmlFolderTransport } from './eml-folder-transport';
import { createGraphTransport } from './graph-transport';
import { createSmtpTransport } from './smtp-transport';

/** What src/config.ts reads (its MailConfig): each transport with what it needs. */
interface MailCommon {
  from: { name: string; address: string };
  /** Sending limits of the mailbox: at most `count` messages in any `windowMs`. */
  limits: { count: number; windowMs: number }[];
}
export type MailSettings =
  | (MailCommon & { transport: 'fichiers'; folder: string })
  | (MailCommon & { transport: 'smtp'; url: string; caFile?: string })
  | (MailCommon & {
      transport: 'graph';
      mailbox: string;
      tenantId: string;
      clientId: string;
      clientSecret: string;
      baseUrl?: string;
      authorityHost?: string;
    });

export function makeTransport(
  settings: MailSettings | null,
  log: Logger,
  /** Tests only: the certificate of a loopback Entra token service. */
  testing: { authorityCa?: string } = {},
): MailTransport | null {
  if (!settings) {
    log.info(
      'Aucun envoi de courriel configuré (MAIL_TRANSPORT) : les personnes que Teams ne peut joindre ne recevront rien par courriel.',
    );
    return null;
  }
  switch (settings.transport) {
    case 'fichiers':
      log.info(`Courriels écrits en fichiers .eml dans ${settings.folder} (mode local : rien n’est envoyé).`, {
        mailTransport: 'fichiers',
      });
      return new EmlFolderTransport({ folder: settings.folder, mailbox: settings.from.address });
    case 'smtp': {
      const url = new URL(settings.url);
      log.info(
        `Courriels envoyés par le relais SMTP ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}.`,
        {
          mailTransport: 'smtp',
          mailbox: settings.from.address,
        },
      );
      return createSmtpTransport({ url: settings.url, mailbox: settings.from.address, caFile: settings.caFile });
    }
    case 'graph':
      log.info(`Courriels envoyés par Microsoft Graph depuis la boîte ${settings.mailbox}.`, {
        mailTransport: 'graph',
        mailbox: settings.mailbox,
      });
      return createGraphTransport({
        mailbox: settings.mailbox,
        tenantId: settings.tenantId,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        baseUrl: settings.baseUrl,
        authorityHost: settings.authorityHost,
        authorityCa: testing.authorityCa,
      });
  }
}
