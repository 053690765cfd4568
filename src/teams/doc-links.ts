import { SignedLinks } from '../app/files/signed-links';
import { cardText } from './card-renderer';

/**
 * Links on cards. What a person typed is shown with `cardText`, which turns links into grey
 * text; the documents of an agenda, a ballot or a dispute are links people need to open. Here
 * each https address becomes a Markdown link (Teams renders them in a TextBlock) labelled by
 * its file name, and the bot's own files (the programme, a signed address) a named button:
 * nobody reads a raw signed address.
 */

/** An Action.OpenUrl button. */
export interface OpenUrl {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

const openUrl = (title: string, url: string): OpenUrl => ({ type: 'Action.OpenUrl', title, url });

/**
 * The address, if it is one a card may open: https (what the domain accepts), or the local-mode
 * bot's own files on loopback (a document it attached, `http://127.0.0.1:…/fichiers/…`).
 */
function httpsUrl(raw: string): URL | null {
  try {
    const url = new URL(raw.trim());
    const loopbackFile =
      url.protocol === 'http:' &&
      (url.hostname === '127.0.0.1' || url.hostname === 'localhost') &&
      url.pathname.startsWith('/fichiers/');
    return url.protocol === 'https:' || loopbackFile ? url : null;
  } catch {
    return null;
  }
}

/** « bon de commande-118.pdf » for …/bon_de_commande-118.pdf, else the site's name. */
export function linkLabel(raw: string): string {
  const url = httpsUrl(raw);
  if (!url) return raw.slice(0, 60);
  const last = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A malformed escape: the segment as it is.
  }
  // The bot's own document links name `<owner>|<document>[|<file name>]`: the file is the last.
  name = name.split('|').at(-1) ?? name;
  name = name.replace(/[_+]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!name || name.length < 3) return url.hostname;
  return name.length > 60 ? `${name.slice(0, 57)}…` : name;
}

/** `[label](url)`, the address escaped so that no parenthesis or space ends the link early. */
export function markdownLink(raw: string, label = linkLabel(raw)): string {
  const url = httpsUrl(raw);
  if (!url) return cardText(raw);
  const href = url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${cardText(label)}](${href})`;
}

/** Tells one of the bot's own signed files by its kind (`SignedLinks.kindOf`), null for any other address. */
export type OwnFiles = (url: string) => string | null;

/** The bot's own files as its signed links tell them. */
export const ownFiles =
  (deps: { links: Pick<SignedLinks, 'kindOf'> }): OwnFiles =>
  (url) =>
    deps.links.kindOf(url);

/** The button that opens each of the bot's own files, by kind. */
const OWN_FILES: Record<string, string> = {
  programme: 'Ouvrir le programme',
  besoins: 'Ouvrir les besoins (CSV)',
  journal: 'Journal (CSV)',
  'programme-xlsx': 'Ouvrir le programme (XLSX)',
  'besoins-xlsx': 'Ouvrir les besoins (XLSX)',
  'journal-xlsx': 'Journal (XLSX)',
  'bilan-xlsx': 'Bilan des litiges (XLSX)',
  'bilan-marches-pdf': 'Bilan des marchés (PDF)',
  'bilan-marches-xlsx': 'Bilan des marchés (XLSX)',
  'modele-besoins': 'Modèle de saisie des besoins (XLSX)',
  agenda: 'Ajouter à mon agenda',
  document: 'Ouvrir le document',
};

/**
 * A card's documents: the bot's own files as named buttons, the others as Markdown links, one a
 * line (`markdown`, '' when none).
 */
export function documentLinks(links: string[], own: OwnFiles = () => null): { markdown: string; buttons: OpenUrl[] } {
  const buttons: OpenUrl[] = [];
  const lines: string[] = [];
  for (const link of links) {
    const kind = own(link);
    if (kind) buttons.push(openUrl(OWN_FILES[kind] ?? 'Ouvrir le fichier', link));
    else lines.push(markdownLink(link));
  }
  return { markdown: lines.join('\r'), buttons };
}

/** « Rejoindre la réunion Teams » (or « en ligne » for another service), for a sitting's link. */
export function joinMeetingButton(onlineLink: string): OpenUrl | null {
  const url = httpsUrl(onlineLink);
  if (!url) return null;
  const teams = /(^|\.)teams\.(microsoft|live)\.com$/.test(url.hostname);
  return openUrl(teams ? 'Rejoindre la réunion Teams' : 'Rejoindre la réunion en ligne', url.href);
}

/** The card with `buttons` in an ActionSet at the end of its body (the actions stay the card's answers). */
export function withLinkButtons<C extends Record<string, unknown>>(card: C, buttons: OpenUrl[], after?: number): C {
  if (buttons.length === 0) return card;
  const body = [...((card.body as unknown[] | undefined) ?? [])];
  const set = { type: 'ActionSet', actions: buttons };
  body.splice(after ?? body.length, 0, set);
  return { ...card, body };
}
