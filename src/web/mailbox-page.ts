import { frenchDateTime } from '../domain/meetings/zoned-time';

/**
 * Local mode's mailbox: the e-mails the bot wrote as .eml files (nothing is sent), listed at
 * /courriels on loopback, newest first, each one downloadable to open in a mail client.
 */
export interface ListedMail {
  file: string;
  subject: string;
  to: string;
  /** ISO instant. */
  date: string;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** « mercredi 2 décembre 2026 à 9 h 30 » in the centrale's zone, as the cards write it. */
const when = (iso: string, timeZone: string) => frenchDateTime(new Date(iso), timeZone);

export function mailboxPage(mails: ListedMail[], folder: string, timeZone: string): string {
  const rows = mails
    .map(
      (m) =>
        `<li><a href="/courriels/${encodeURIComponent(m.file)}">${escape(m.subject || '(sans objet)')}</a><br><span>à ${escape(m.to)} — ${escape(when(m.date, timeZone))}</span></li>`,
    )
    .join('\n');
  const count = mails.length === 0 ? 'Aucun courriel' : mails.length === 1 ? '1 courriel' : `${mails.length} courriels`;
  return `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Courriels du mode local</title></head>
<body>
<main>
<h1>Courriels du mode local</h1>
<p>${count} écrit${mails.length > 1 ? 's' : ''} dans ${escape(folder)} : en mode local rien n’est envoyé. Ouvrez un fichier .eml avec votre messagerie.</p>
<ul>
${rows}
</ul>
</main>
</body></html>
`;
}
