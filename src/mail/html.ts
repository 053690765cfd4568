/** Text put into an e-mail's HTML. */
export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * An e-mail's HTML page: one column, large text and a large button, readable on a phone; styles
 * inline (mail clients drop style sheets), no image, nothing fetched from elsewhere.
 */
export function mailPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#ffffff;color:#1b1b1b;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">
<div style="max-width:600px;margin:0 auto;padding:16px">
${body}
</div></body></html>
`;
}

/** The big link a member taps to answer (a real link: no script, no tracking). */
export const buttonLink = (href: string, label: string) =>
  `<p style="margin:24px 0"><a href="${href}" style="display:inline-block;background:#0b5394;color:#ffffff;text-decoration:none;font-weight:bold;padding:14px 20px;border-radius:6px">${escapeHtml(label)}</a></p>`;

/** The facts of a notice as a two-column table (a label, its value), readable on a phone. */
export const factsTable = (rows: Array<[string, string]>) =>
  `<table role="presentation" style="border-collapse:collapse;width:100%">${rows
    .map(
      ([k, v]) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 8px 4px 0">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`,
    )
    .join('')}</table>`;
