import { AuthenticationConstants } from 'botframework-connector';

/** What a caller is told while the Bot Framework's signing keys cannot be had: no internal detail. */
export const KEYS_UNAVAILABLE =
  'Service momentanément indisponible : réessayez dans un instant. / Service temporarily unavailable: please retry shortly.';

const KEPT_MS = 24 * 3_600_000;
const RETRY_AFTER_FAILURE_MS = 30_000;
const FETCH_TIMEOUT_MS = 5_000;

/**
 * Whether the keys that sign incoming tokens can be had: fetched once, kept a day, and after a
 * failure not asked again for 30 s, so that a stranger's requests cannot make the bot call out
 * for each of them. botbuilder does its own fetch afterwards; this one stands before it.
 */
export class SigningKeys {
  private okUntil = 0;
  private failedUntil = 0;
  private pending: Promise<boolean> | null = null;

  constructor(
    private readonly metadataUrl: string = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    private readonly onFailure: (error: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async available(): Promise<boolean> {
    const t = this.now();
    if (t < this.okUntil) return true;
    if (t < this.failedUntil) return false;
    this.pending ??= this.fetchKeys().finally(() => (this.pending = null));
    return this.pending;
  }

  private async fetchKeys(): Promise<boolean> {
    try {
      const metadata = (await getJson(this.metadataUrl)) as { jwks_uri?: unknown };
      if (typeof metadata.jwks_uri !== 'string') throw new Error('no jwks_uri in the OpenID metadata');
      const jwks = (await getJson(metadata.jwks_uri)) as { keys?: unknown };
      if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('no signing key published');
      this.okUntil = this.now() + KEPT_MS;
      return true;
    } catch (e) {
      this.failedUntil = this.now() + RETRY_AFTER_FAILURE_MS;
      this.onFailure(String(e));
      return false;
    }
  }
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}
