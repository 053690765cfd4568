import { AnswerChoice, LinkPage } from '../app/meetings/answer-link';
import { ConvocationView } from '../app/meetings/convocation-view';
import { deName } from '../domain/french-format';
import { frenchList } from '../domain/french-text';
import { personByKey } from '../domain/governance';
import { Answer, CHOICE_LABELS, proxySpanChoices } from '../domain/meetings/attendance';
import { MODE_LABELS, lastChange } from '../domain/meetings/sitting';
import { frenchDateTime } from '../domain/meetings/zoned-time';
import { escapeHtml as e, pageShell } from './html';

const TITLES: Record<string, string> = {
  invalid: 'Lien non valide',
  expired: 'Lien expiré',
  unknown: 'Séance introuvable',
  'not-member': 'Lien réservé à un membre',
};

/** The page behind a member's e-mail link: the convocation, their answer and the form; or a refusal. */
export function answerPageHtml(page: LinkPage, action: string): string {
  if (page.status !== 200) {
    return pageShell(
      TITLES[page.refusal] ?? 'Lien refusé',
      `<h1>${e(TITLES[page.refusal] ?? 'Lien refusé')}</h1>\n<p class="notice">${e(page.message)}</p>`,
    );
  }
  const v = page.view;
  const s = v.sitting;
  return pageShell(
    `Convocation — ${s.instanceName}`,
    [
      `<h1>Convocation — ${e(s.instanceName)}</h1>`,
      sittingFacts(v),
      answerPart(v, page.confirmation, page.chosen, page.open, action),
    ].join('\n'),
  );
}

const STATUS: Record<string, string> = {
  modifiee: 'Séance modifiée : voici la convocation à jour.',
  annulee: 'Séance annulée.',
  tenue: 'Séance tenue.',
};

/** What the Teams card shows of the sitting: when, where, the agenda, the notice, the urgency. */
function sittingFacts(v: ConvocationView): string {
  const s = v.sitting;
  const status = STATUS[s.status];
  const cancelledWhy = s.status === 'annulee' ? (lastChange(s)?.summary ?? '') : '';
  const urgency = [
    s.secondOf ? 'Deuxième convocation : la séance délibère sans condition de quorum (CGCT L2121-17).' : '',
    s.urgencyReason ? `Convocation en urgence : ${s.urgencyReason}` : '',
  ].filter(Boolean);
  const place = [
    s.place ? `<dd>${e(s.place)}</dd>` : '',
    s.onlineLink
      ? `<dd><a href="${e(s.onlineLink)}" rel="noopener noreferrer">Rejoindre la réunion en ligne</a></dd>`
      : '',
  ].join('');
  const proxies = s.proxiesAllowed
    ? `admis (${s.maxProxiesPerHolder} au plus par membre${s.maxProxySittings > 1 ? `, chacun valable ${s.maxProxySittings} séances consécutives au plus` : ''})`
    : 'non admis';
  const agenda = s.agenda
    .map((item) => {
      const docs = item.links.length
        ? `<br>Documents : ${item.links
            .map((l, n) => `<a href="${e(l)}" rel="noopener noreferrer">${e(linkTitle(l, n))}</a>`)
            .join(' · ')}`
        : '';
      return `<li>${e(item.title)}${item.rapporteur ? ` — ${e(item.rapporteur)}` : ''}${docs}</li>`;
    })
    .join('\n');
  return [
    status ? `<p class="status notice">${e(status)}${cancelledWhy ? ` ${e(cancelledWhy)}` : ''}</p>` : '',
    ...urgency.map((u) => `<p class="notice">${e(u)}</p>`),
    '<dl>',
    `<dt>Date</dt><dd>${e(capitalise(frenchDateTime(new Date(s.startsAt), s.timeZone)))}</dd>`,
    `<dt>Modalité</dt><dd>${e(MODE_LABELS[s.mode])}</dd>`,
    place ? `<dt>Lieu</dt>${place}` : '',
    `<dt>Pouvoirs</dt><dd>${e(proxies)}</dd>`,
    '</dl>',
    '<h2>Ordre du jour</h2>',
    `<ol>\n${agenda}\n</ol>`,
    s.note.trim() ? `<h2>Note de synthèse</h2>\n${paragraphs(s.note)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

const capitalise = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
const paragraphs = (text: string) =>
  text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${e(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');

/** A document's name from its address (its last path segment), else « document N ». */
function linkTitle(url: string, n: number): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '');
    return last || `document ${n + 1}`;
  } catch {
    return `document ${n + 1}`;
  }
}

function answerLabel(a: Answer | undefined, nameOf: (k: string) => string): string {
  if (!a) return 'pas encore donnée';
  if (a.choice === 'pouvoir') return `${CHOICE_LABELS.pouvoir} à ${nameOf(a.proxyHolderKey ?? '')}`;
  if (a.choice === 'suppleant' && a.substituteName) return `Remplacé·e par votre suppléant·e, ${a.substituteName}`;
  return CHOICE_LABELS[a.choice];
}

/** The member's answer and the form to give or change it, while the sitting may be answered. */
function answerPart(
  v: ConvocationView,
  confirmation: string,
  chosen: AnswerChoice | null,
  open: boolean,
  action: string,
): string {
  const s = v.sitting;
  const byKey = personByKey(v.people);
  const nameOf = (k: string) => byKey(k)?.displayName ?? 'un membre';
  const mine = v.answers.find((a) => a.personKey === v.memberKey);
  const held = v.answers.filter(
    (a) => a.choice === 'pouvoir' && a.proxyHolderKey === v.memberKey && a.personKey !== v.memberKey,
  );
  const givers = frenchList(held.map((a) => deName(nameOf(a.personKey))));
  const heldNote = !held.length
    ? ''
    : held.length > 1
      ? `Vous portez les pouvoirs ${givers}.`
      : `Vous portez le pouvoir ${givers}.`;
  const parts = [
    '<h2>Votre réponse</h2>',
    confirmation ? `<p class="ok" role="status">${e(confirmation)}</p>` : '',
    v.error ? `<p class="error" role="alert">${e(v.error)}</p>` : '',
    `<p>${e(`${nameOf(v.memberKey)}, votre réponse : ${answerLabel(mine, nameOf)}.`)}</p>`,
    v.proxyNote ? `<p>${e(v.proxyNote)}</p>` : '',
    heldNote ? `<p>${e(heldNote)}</p>` : '',
  ];
  if (!open) {
    parts.push('<p class="notice">Les réponses sont closes pour cette séance.</p>');
    return parts.filter(Boolean).join('\n');
  }
  const current: AnswerChoice = chosen ?? {
    choice: mine?.choice ?? '',
    proxyHolderKey: mine?.proxyHolderKey ?? '',
    proxySittings: String(mine?.proxy?.sittings ?? 1),
    substituteName: mine?.substituteName ?? '',
  };
  const radio = (value: string, label: string, extra = '') =>
    `<div class="choice"><input type="radio" id="choix-${value}" name="choice" value="${value}" required${current.choice === value ? ' checked' : ''}><label for="choix-${value}">${e(label)}</label></div>${extra}`;
  const holders = s.memberKeys.filter((k) => k !== v.memberKey);
  const holderSelect = `<div class="field"><label for="proxyHolderKey">Membre qui portera votre pouvoir</label>
<select id="proxyHolderKey" name="proxyHolderKey">
<option value="">Choisissez un membre</option>
${holders.map((k) => `<option value="${e(k)}"${current.proxyHolderKey === k ? ' selected' : ''}>${e(nameOf(k))}</option>`).join('\n')}
</select></div>${
    s.maxProxySittings > 1
      ? `\n<div class="field"><label for="proxySittings">Durée du pouvoir</label>
<select id="proxySittings" name="proxySittings">
${proxySpanChoices(s.maxProxySittings)
  .map(
    (o) => `<option value="${o.value}"${current.proxySittings === o.value ? ' selected' : ''}>${e(o.title)}</option>`,
  )
  .join('\n')}
</select></div>`
      : ''
  }`;
  const substitute = `<div class="field"><label for="substituteName">Votre suppléant·e : nom et qualité</label>
<input type="text" id="substituteName" name="substituteName" maxlength="200" value="${e(current.substituteName)}" autocomplete="off">
<p class="hint">Par exemple : Jeanne Durand, adjointe au maire (200 caractères au plus).</p></div>`;
  parts.push(
    `<form method="post" action="${e(action)}">`,
    '<fieldset>',
    '<legend>Serez-vous à la séance ?</legend>',
    radio('present', 'Présent·e'),
    s.remoteAllowed ? radio('distance', 'Présent·e à distance') : '',
    radio('absent', 'Absent·e'),
    s.proxiesAllowed ? radio('pouvoir', 'Absent·e, je donne pouvoir', `\n${holderSelect}`) : '',
    radio('suppleant', 'Remplacé·e par mon ou ma suppléant·e', `\n${substitute}`),
    '</fieldset>',
    '<button type="submit">Enregistrer ma réponse</button>',
    '</form>',
    '<p class="hint">Vous pouvez changer votre réponse ici jusqu’au début de la séance.</p>',
  );
  return parts.filter(Boolean).join('\n');
}
