/** Text put in HTML (content or a quoted attribute): nothing in it is markup. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The headers every page behind a link carries: never cached, no script, no other site. */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'private, no-store',
  // The form's POST must carry its Origin (the guard checks it): with « no-referrer » a browser
  // sends « Origin: null ». Links to other sites carry rel="noreferrer".
  'Referrer-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** A whole page: French, sized for a phone, its style served by the bot (/static/page.css). */
export function pageShell(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/static/page.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * The pages' style: mobile first (one column from 320 px), text at least 4.5:1 on its
 * background, a focus ring that shows, long words and addresses wrapped rather than overflowing.
 */
export const PAGE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:100%;line-height:1.5;color:#1b1b1b;background:#fff}
body{margin:0}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
p,li,dd,dt,label,legend{overflow-wrap:anywhere}
a{color:#0b4f9c}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
dl{margin:0}
dt{font-weight:600;margin-top:.5rem}
dd{margin:0}
ol{padding-left:1.5rem}
.status{font-weight:600}
.notice{padding:.75rem;border-left:4px solid #8a5300;background:#fff4e5;color:#4a2c00}
.ok{padding:.75rem;border-left:4px solid #1e6b30;background:#e9f6ec;color:#134d22}
.error{padding:.75rem;border-left:4px solid #a4262c;background:#fdecee;color:#7a1c21}
fieldset{border:1px solid #6b6b6b;border-radius:.25rem;margin:1rem 0;padding:.5rem .75rem 1rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;align-items:flex-start;gap:.5rem;margin:.5rem 0}
.choice input{margin-top:.3rem;width:1.25rem;height:1.25rem;flex:none}
.field{margin:.5rem 0 .5rem 1.75rem}
.field label{display:block;font-weight:600}
select,input[type=text],input[type=date],input[type=number],textarea{width:100%;max-width:100%;font:inherit;padding:.5rem;border:1px solid #595959;border-radius:.25rem;background:#fff;color:#1b1b1b}
button{font:inherit;font-weight:600;padding:.75rem 1.25rem;border:0;border-radius:.25rem;background:#0b4f9c;color:#fff;cursor:pointer;width:100%}
button.secondary{background:#fff;color:#0b4f9c;border:2px solid #0b4f9c;margin-top:.75rem}
.hint{color:#4d4d4d;font-size:.95rem}
summary{font-weight:600;cursor:pointer;margin:1rem 0 .5rem}
.need .field{margin-left:0}
textarea{resize:vertical}
`;
