/**
 * The Microsoft Graph transport ('graph'), for Microsoft 365 tenants where SMTP with a password
 * is retired: `POST {base}/v1.0/users/{mailbox}/sendMail` with the MIME message, base64, as a
 * text/plain body, and a token obtained by client credentials (the app registration's secret,
 * scope https://graph.microsoft.com/.default). The application needs the Mail.Send application
 * permission, which an Exchange application access policy should restrict to the sending mailbox.
 *
 * Graph answers 202 and no id: our Message-ID, in the MIME, is the message's id.
 */
import { ClientSecretCredential } from '@azure/identity';
import { MailResult, MailTransport, OutgoingMail } from '../app/delivery/mail-ports';
import { parseRetryAfter } from '../domain/delivery/send-outcome';
import { mimeOf } from './message';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphOptions {
  /** The mailbox messages are sent from (a user or shared mailbox of the tenant). */
  mailbox: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Default https://graph.microsoft.com (tests: a loopback fake). */
  baseUrl?: string;
  /** Default Entra's https://login.microsoftonline.com (tests: a loopback fake). */
  authorityHost?: string;
  /** Tests only: the certificate of a loopback authority. */
  authorityCa?: string;
  timeoutMs?: number;
  now?: () => number;
}

export function createGraphTransport(options: GraphOptions): MailTransport {
  const base = (options.baseUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const credential = new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, {
    // The outbox retries a failed send with its own backoff: one quick retry here, not several.
    retryOptions: { maxRetries: 1 },
    ...(options.authorityHost ? { authorityHost: options.authorityHost, disableInstanceDiscovery: true } : {}),
    ...(options.authorityCa ? { tlsOptions: { ca: options.authorityCa } } : {}),
  });
  const endpoint = `${base}/v1.0/users/${encodeURIComponent(options.mailbox)}/sendMail`;

  return {
    name: 'graph',
    mailbox: options.mailbox,
    async send(mail: OutgoingMail): Promise<MailResult> {
      let token: string;
      try {
        token = (await credential.getToken(GRAPH_SCOPE)).token;
      } catch (e) {
        return tokenFailure(e);
      }
      const body = (await mimeOf(mail)).toString('base64');
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
        return {
          kind: 'temporary',
          code: null,
          reason: `Microsoft Graph est injoignable (${cause}) : nouvel essai programmé.`,
          retryAfterMs: null,
        };
      }
      const status = response.status;
      if (status >= 200 && status < 300) {
        await response.arrayBuffer().catch(() => undefined);
        const requestId = response.headers.get('request-id');
        return {
          kind: 'accepted',
          messageId: mail.messageId,
          response: `${status} ${response.statusText || 'Accepted'}${requestId ? ` (request-id ${requestId})` : ''}`,
        };
      }
      const said = await graphError(response);
      if (status === 429 || status >= 500) {
        return {
          kind: 'temporary',
          code: status,
          reason: `Microsoft Graph limite ou ne peut traiter l’envoi pour l’instant (${said}) : nouvel essai programmé.`,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
        };
      }
      if (status === 401 || status === 403) {
        return {
          kind: 'permanent',
          code: status,
          reason: `Envoi par Microsoft Graph non autorisé : l’application doit avoir la permission Mail.Send (application) sur la boîte ${options.mailbox} (${said}).`,
        };
      }
      return { kind: 'permanent', code: status, reason: `Microsoft Graph a refusé le message (${said}).` };
    },
  };
}

/** « 400 ErrorInvalidRecipients : At least one recipient is not valid. » from Graph's error body. */
async function graphError(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    if (error?.code) return `${response.status} ${error.code}${error.message ? ` : ${error.message}` : ''}`;
  } catch {
    // not JSON: the status alone
  }
  return `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/**
 * Entra refused the credentials (permanent: the configuration is to be fixed — an unknown tenant
 * or application, a wrong or expired secret) or could not be reached (temporary).
 */
function tokenFailure(e: unknown): MailResult {
  const err = e as { name?: string; statusCode?: number; message?: string };
  const message = err.message ?? '';
  const aadsts = /AADSTS(\d+): ([^-\n]*?)(?: - |\n|$)/.exec(message);
  const refused = /^(invalid_client|unauthorized_client|invalid_request|invalid_scope|invalid_grant)\b/.exec(message);
  if (aadsts || refused || (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)) {
    const said = aadsts ? `AADSTS${aadsts[1]} : ${aadsts[2]!.trim()}` : (refused?.[1] ?? String(err.statusCode));
    return {
      kind: 'permanent',
      code: typeof err.statusCode === 'number' ? err.statusCode : null,
      reason: `Connexion à Microsoft Entra refusée (${said}) : vérifiez GRAPH_TENANT_ID, GRAPH_CLIENT_ID et GRAPH_CLIENT_SECRET.`,
    };
  }
  const first = message.split('\n')[0]!.trim();
  return {
    kind: 'temporary',
    code: null,
    reason: `Jeton Microsoft Entra indisponible (${first || err.name}) : nouvel essai programmé.`,
    retryAfterMs: null,
  };
}
