import { BallotLinkPage, VoteChoice } from '../app/ballots/vote-link';
import { VoterView } from '../app/ballots/voter-view';
import { frenchDateTime } from '../domain/meetings/zoned-time';
import { escapeHtml as e, pageShell } from './html';

const TITLES: Record<string, string> = {
  invalid: 'Lien non valide',
  expired: 'Lien expiré',
  unknown: 'Scrutin introuvable',
  'not-voter': 'Lien réservé à un votant',
};

/** The page behind a voter's e-mail link: the ballot, the vote, its confirmation; or a refusal. */
export function ballotPageHtml(page: BallotLinkPage, action: string): string {
  if (page.status !== 200) {
    const title = TITLES[page.refusal] ?? 'Lien refusé';
    return pageShell(title, `<h1>${e(title)}</h1>\n<p class="notice">${e(page.message)}</p>`);
  }
  if (page.step === 'secret') {
    const b = page.ballot;
    return pageShell(
      `Scrutin — ${b.instanceName}`,
      [
        `<h1>Scrutin — ${e(b.instanceName)}</h1>`,
        `<p><strong>${e(b.question)}</strong></p>`,
        '<p class="notice">Ce scrutin est secret : le vote par lien e-mail n’est pas proposé, car un lien ne garantit pas que vous seul·e votez. Votez sur la carte du scrutin dans Teams ; si vous n’avez pas Teams, adressez-vous à l’organisateur du scrutin.</p>',
      ].join('\n'),
    );
  }
  const v = page.view;
  const b = v.ballot;
  const mine = v.votes.find((x) => x.voterKey === v.viewerKey);
  const open = b.status === 'ouvert' && Date.parse(b.closesAt) > v.now.getTime();
  const parts = [
    `<h1>Scrutin — ${e(b.instanceName)}</h1>`,
    `<p><strong>${e(b.question)}</strong></p>`,
    '<dl>',
    `<dt>Objet</dt><dd>${e(b.subject)}</dd>`,
    `<dt>Clôture</dt><dd>${e(frenchDateTime(new Date(b.closesAt), b.timeZone))}</dd>`,
    '</dl>',
    b.links.length
      ? `<h2>Documents</h2>\n<ul>${b.links.map((l, n) => `<li><a href="${e(l)}" rel="noopener noreferrer">Document ${n + 1}</a></li>`).join('')}</ul>`
      : '',
    '<h2>Votre vote</h2>',
    page.step === 'done'
      ? '<p class="ok" role="status">Votre vote est enregistré. Vous pouvez le changer ici jusqu’à la clôture.</p>'
      : '',
    v.error ? `<p class="error" role="alert">${e(v.error)}</p>` : '',
    `<p>${e(mine ? `Votre vote : ${mine.choice}${mine.reason ? ` — motif : ${mine.reason}` : ''}.` : 'Vous n’avez pas encore voté.')}</p>`,
  ];
  if (!open) parts.push('<p class="notice">Le scrutin est clos : il ne reçoit plus de vote.</p>');
  else if (page.step === 'confirm' && page.chosen) parts.push(confirmForm(page.chosen, action));
  else parts.push(chooseForm(v, page.chosen, action));
  return pageShell(`Scrutin — ${b.instanceName}`, parts.filter(Boolean).join('\n'));
}

function chooseForm(v: Extract<VoterView, { kind: 'voter' }>, chosen: VoteChoice | null, action: string): string {
  const b = v.ballot;
  const mine = v.votes.find((x) => x.voterKey === v.viewerKey);
  const current = chosen ?? { choice: mine?.choice ?? '', reason: mine?.reason ?? '' };
  const reasonFor = b.reasonRequiredFor.length ? ` (nécessaire pour : ${b.reasonRequiredFor.join(', ')})` : '';
  return [
    `<form method="post" action="${e(action)}">`,
    '<input type="hidden" name="step" value="confirmer">',
    '<fieldset>',
    `<legend>${e(b.question)}</legend>`,
    ...b.choices.map(
      (c, n) =>
        `<div class="choice"><input type="radio" id="vote-${n}" name="choice" value="${e(c)}" required${current.choice === c ? ' checked' : ''}><label for="vote-${n}">${e(c)}</label></div>`,
    ),
    `<div class="field"><label for="reason">Motif${e(reasonFor)}</label>`,
    `<input type="text" id="reason" name="reason" maxlength="2000" value="${e(current.reason)}" autocomplete="off"></div>`,
    '</fieldset>',
    '<button type="submit">Continuer</button>',
    '</form>',
  ].join('\n');
}

/** « Confirmer mon vote »: the choice shown back, sent again with `step=voter`. */
function confirmForm(chosen: VoteChoice, action: string): string {
  return [
    `<p>Vous allez voter : <strong>${e(chosen.choice)}</strong>${chosen.reason ? ` — motif : ${e(chosen.reason)}` : ''}.</p>`,
    `<form method="post" action="${e(action)}">`,
    '<input type="hidden" name="step" value="voter">',
    `<input type="hidden" name="choice" value="${e(chosen.choice)}">`,
    `<input type="hidden" name="reason" value="${e(chosen.reason)}">`,
    '<button type="submit">Confirmer mon vote</button>',
    '</form>',
    `<form method="post" action="${e(action)}">`,
    '<input type="hidden" name="step" value="modifier">',
    `<input type="hidden" name="choice" value="${e(chosen.choice)}">`,
    `<input type="hidden" name="reason" value="${e(chosen.reason)}">`,
    '<button type="submit" class="secondary">Modifier mon choix</button>',
    '</form>',
  ].join('\n');
}
