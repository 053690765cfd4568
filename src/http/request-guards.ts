import type { IncomingHttpHeaders } from 'http';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The host name a request asks for (without its port). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0]!.toLowerCase();
}

/**
 * Why a request is refused before anything else, or null. In local mode (no authentication)
 * only loopback host names are served, so that a DNS-rebinding page cannot reach the bot; and
 * nowhere may a web page drive the bot: a browser says where a request comes from
 * (`Sec-Fetch-Site`, `Origin`), the Bot Connector and the Agents Playground's server say nothing.
 */
export function refusalOf(
  headers: IncomingHttpHeaders,
  localOnly: boolean,
  request: { method?: string; url?: string } = {},
): string | null {
  if (localOnly && !LOOPBACK_NAMES.has(hostName(String(headers.host ?? '')))) {
    return 'Hôte refusé : en mode local, le bot ne répond qu’à 127.0.0.1 ou localhost.';
  }
  // A signed file opened by a click (in Teams on the web, in a mail): a top-level GET of a
  // document, which another site's page can start but never read; the signature is the guard.
  const navigation =
    (request.method === 'GET' || request.method === 'HEAD') &&
    (request.url ?? '').startsWith('/fichiers/') &&
    headers['sec-fetch-mode'] === 'navigate' &&
    (headers['sec-fetch-dest'] === 'document' || headers['sec-fetch-dest'] === undefined);
  if (navigation) return null;
  const site = String(headers['sec-fetch-site'] ?? '');
  if (site === 'cross-site' || site === 'same-site') return 'Requête d’une page web refusée.';
  const origin = headers.origin;
  if (origin) {
    try {
      if (new URL(origin).host !== String(headers.host ?? '')) return 'Requête d’une page web refusée.';
    } catch {
      return 'Requête d’une page web refusée.';
    }
  }
  return null;
}
