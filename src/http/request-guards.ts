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
  /** The bot's public origin (PUBLIC_BASE_URL's): behind a proxy that rewrites Host, pages post from there. */
  publicOrigin: string | null = null,
): string | null {
  const ours = (origin: string) => sameHost(origin, headers.host) || (publicOrigin !== null && origin === publicOrigin);
  if (localOnly && !LOOPBACK_NAMES.has(hostName(String(headers.host ?? '')))) {
    return 'Hôte refusé : en mode local, le bot ne répond qu’à 127.0.0.1 ou localhost.';
  }
  const url = request.url ?? '';
  // A signed file or page opened by a click (in Teams on the web, in a mail), and the page's
  // style: a top-level GET of a document, which another site's page can start but never read;
  // the signature is the guard.
  const navigation =
    (request.method === 'GET' || request.method === 'HEAD') &&
    NAVIGABLE_PREFIXES.some((prefix) => url.startsWith(prefix)) &&
    headers['sec-fetch-mode'] === 'navigate' &&
    (headers['sec-fetch-dest'] === 'document' || headers['sec-fetch-dest'] === undefined);
  if (navigation) return null;
  // The answer posted on a link's page comes from that page only: the browser names its origin.
  if (request.method === 'POST' && url.startsWith('/lien/')) {
    const from = String(headers['sec-fetch-site'] ?? 'same-origin');
    if (from !== 'same-origin' && from !== 'none') return 'Requête d’une page web refusée.';
    if (!headers.origin || !ours(headers.origin)) return 'Requête d’une page web refusée.';
    return null;
  }
  const site = String(headers['sec-fetch-site'] ?? '');
  if (site === 'cross-site' || site === 'same-site') return 'Requête d’une page web refusée.';
  if (headers.origin && !ours(headers.origin)) return 'Requête d’une page web refusée.';
  return null;
}

/** Where a cross-site top-level navigation may go: signed files, signed pages, the pages' style. */
const NAVIGABLE_PREFIXES = ['/fichiers/', '/lien/', '/static/'];

/** Whether `origin` names the host the request asks for (an opaque « null » does not). */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === String(host ?? '');
  } catch {
    return false;
  }
}
