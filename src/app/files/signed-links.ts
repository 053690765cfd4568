import { createHmac, timingSafeEqual } from 'crypto';

/**
 * What a link gives: a sitting's calendar file, its proof of notice, an export, a kept document
 * (`<owner id>|<document id>`); the workbooks (XLSX) beside the CSVs — a campaign's needs, its
 * programme, an audit trail, the disputes' bilan (`<centrale id>`) — and the needs' template;
 * the bilan des marchés of a window (`<centrale id>|<window key>`) as a workbook, and as its PDF of
 * record (`<centrale id>|<window key>[|<person key>]`: kept, then served);
 * a chart of the bilan des marchés as PNG (`<centrale id>|<scope>|<window>|<chart>`, src/app/bilan/chart-image.ts).
 */
export type FileKind =
  | 'agenda'
  | 'preuve'
  | 'journal'
  | 'besoins'
  | 'programme'
  | 'donnees'
  | 'document'
  | 'besoins-xlsx'
  | 'programme-xlsx'
  | 'journal-xlsx'
  | 'bilan-xlsx'
  | 'bilan-marches-xlsx'
  | 'bilan-marches-pdf'
  | 'modele-besoins'
  /** A contract's consumption report template (`<centrale id>~<contract id>`), XLSX and CSV. */
  | 'modele-consommation'
  | 'modele-consommation-csv'
  | 'bilan-graphique';

/**
 * What a page link opens: a member's answer page for a sitting (`<sittingId>|<personKey>`), or
 * their vote on a named ballot (`<ballotId>|<personKey>`), or a référent's needs form for a
 * campaign (`<campaignId>|<personKey>`, for those without Teams), or the import of a contract's
 * consumption report (`<centraleId>~<contractId>|<personKey>`, the Direction Achats).
 */
export type PageKind = 'seance' | 'scrutin' | 'besoins' | 'consommation';

/**
 * Links to files the bot serves (calendar, CSV exports). Teams cards can only open URLs, so a
 * link carries its own permission: an HMAC over kind, id and expiry, with a secret every bot
 * instance shares. A link cannot be altered to reach another file, and it stops working at
 * its expiry.
 */
export class SignedLinks {
  private base: string | null = null;

  constructor(
    private readonly secret: string,
    base: string | null = null,
  ) {
    this.base = base ? base.replace(/\/+$/, '') : null;
  }

  /** The public address is known only once the server listens (port 0 in tests). */
  setBase(base: string) {
    this.base ??= base.replace(/\/+$/, '');
  }

  url(kind: FileKind, id: string, expiresAt: Date): string {
    if (!this.base) throw new Error('SignedLinks: public base URL not set');
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return `${this.base}/fichiers/${kind}/${encodeURIComponent(id)}?exp=${exp}&sig=${this.sign(kind, id, exp)}`;
  }

  /**
   * The kind of file `url` is, when it is one of this bot's signed links (expired or not), else
   * null: a card names the bot's own files (« Ouvrir le programme ») and no look-alike address.
   */
  kindOf(url: string): FileKind | null {
    if (!this.base || !url.startsWith(`${this.base}/fichiers/`)) return null;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    const m = /^\/fichiers\/([a-z]+(?:-[a-z]+)*)\/([^/]+)$/.exec(parsed.pathname);
    const exp = parsed.searchParams.get('exp') ?? '';
    const sig = parsed.searchParams.get('sig') ?? '';
    if (!m || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return null;
    let id: string;
    try {
      id = decodeURIComponent(m[2]!);
    } catch {
      return null;
    }
    const expected = Buffer.from(this.sign(m[1]!, id, Number(exp)));
    return timingSafeEqual(expected, Buffer.from(sig)) ? (m[1] as FileKind) : null;
  }

  /** 'ok', 'expired' or 'invalid' (tampered, or signed with another secret). */
  check(kind: string, id: string, exp: string, sig: string, now: Date): 'ok' | 'expired' | 'invalid' {
    return this.verify(kind, id, exp, sig, now, this.secret);
  }

  /**
   * A page behind an e-mail's personal link (`/lien/<kind>/<id>`): signed with a key of its own,
   * derived from the secret, so that no page link is a file link nor any file link a page link.
   */
  pageUrl(kind: PageKind, id: string, expiresAt: Date): string {
    if (!this.base) throw new Error('SignedLinks: public base URL not set');
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return `${this.base}/lien/${kind}/${encodeURIComponent(id)}?exp=${exp}&sig=${this.sign(kind, id, exp, this.pageKey)}`;
  }

  /** As `check`, for a page link. */
  checkPage(kind: string, id: string, exp: string, sig: string, now: Date): 'ok' | 'expired' | 'invalid' {
    return this.verify(kind, id, exp, sig, now, this.pageKey);
  }

  private verify(
    kind: string,
    id: string,
    exp: string,
    sig: string,
    now: Date,
    key: string | Buffer,
  ): 'ok' | 'expired' | 'invalid' {
    if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
    const expected = Buffer.from(this.sign(kind, id, Number(exp), key));
    if (!timingSafeEqual(expected, Buffer.from(sig))) return 'invalid';
    return Number(exp) * 1000 < now.getTime() ? 'expired' : 'ok';
  }

  private get pageKey(): Buffer {
    return createHmac('sha256', this.secret).update('centrale-gouvernance/page-links').digest();
  }

  private sign(kind: string, id: string, exp: number, key: string | Buffer = this.secret): string {
    return createHmac('sha256', key).update(`${kind}\n${id}\n${exp}`).digest('base64url');
  }
}
