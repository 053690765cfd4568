import { NeedFormState, NeedsLinkPage } from '../app/needs/needs-link';
import { frenchDayOf, frenchNumber, frenchQuantity } from '../domain/french-format';
import { count, frenchList } from '../domain/french-text';
import { frenchDateOf } from '../domain/meetings/zoned-time';
import { formatEuros } from '../domain/needs/money';
import { Campaign, DURATION_ERROR, NEED_STATUS_LABELS, Need, NeedDraft } from '../domain/needs/need';
import { NEED_FIELD_LABELS, NEED_FIELD_MAX, OPTIONAL_DETAILS } from '../domain/needs/need-form';
import { escapeHtml as e, pageShell } from './html';

const TITLES: Record<string, string> = {
  invalid: 'Lien non valide',
  expired: 'Lien expiré',
  unknown: 'Campagne introuvable',
  'not-referent': 'Lien réservé à un référent',
};

const EDITABLE = ['brouillon', 'soumis', 'precisions-demandees'];

/**
 * The page behind a référent's e-mail link (no Teams): the campaign, their commune's needs, the
 * need form with the Teams form's fields, « néant »; or a refusal. No script: each button posts.
 */
export function needsPageHtml(page: NeedsLinkPage, action: string): string {
  if (page.status !== 200) {
    const title = TITLES[page.refusal] ?? 'Lien refusé';
    return pageShell(title, `<h1>${e(title)}</h1>\n<p class="notice">${e(page.message)}</p>`);
  }
  const { campaign: c, memberName, needs, answer, closed } = page.view;
  const visible = needs.filter((n) => n.status !== 'retire');
  const sent = needs.some((n) => !['brouillon', 'retire'].includes(n.status));
  const heading = `Recensement des besoins — ${c.title}`;
  const parts = [
    `<h1>${e(heading)}</h1>`,
    page.banner ? `<p class="ok" role="status">${e(page.banner)}</p>` : '',
    page.error ? `<p class="error" role="alert">${e(page.error)}</p>` : '',
    '<dl>',
    `<dt>Votre collectivité</dt><dd>${e(memberName)}</dd>`,
    `<dt>Date limite</dt><dd>${e(`${frenchDayOf(c.deadline)} inclus`)}</dd>`,
    `<dt>Segments</dt><dd>${e(frenchList(c.segments))}</dd>`,
    '</dl>',
    c.instructions ? `<h2>Consignes de la coordination</h2>\n<p>${e(c.instructions).replace(/\n/g, '<br>')}</p>` : '',
    closed
      ? `<p class="notice">Campagne close depuis le ${e(frenchDayOf(c.deadline))} : si vous avez encore un besoin, demandez à la coordination de la prolonger.</p>`
      : '',
    '<h2>Vos besoins</h2>',
    answer?.nothing
      ? '<p>Votre réponse : néant (aucun besoin).</p>'
      : visible.length
        ? `<p>${e(`Votre collectivité a déclaré ${count(visible.length, 'besoin', 'besoins')} :`)}</p>`
        : '<p>Votre collectivité n’a encore rien déclaré.</p>',
    visible.length ? `<ul>${visible.map((n) => needItem(n, action, !closed)).join('\n')}</ul>` : '',
  ];
  if (page.importErrors.length)
    parts.push(
      '<h2>Erreurs dans le classeur</h2>',
      `<ul class="error" role="alert">${page.importErrors.map((x) => `<li>${e(x)}</li>`).join('')}</ul>`,
    );
  if (page.form) parts.push(needForm(c, page.form, action));
  if (page.templateUrl) parts.push(importForm(page.templateUrl, action));
  if (!closed && !sent)
    parts.push(
      '<h2>Aucun besoin ?</h2>',
      '<p class="hint">Si votre collectivité n’a aucun besoin dans cette campagne, répondez « néant ».</p>',
      `<form method="post" action="${e(action)}">`,
      '<input type="hidden" name="step" value="neant">',
      '<button type="submit" class="secondary">Rien à déclarer</button>',
      '</form>',
    );
  return pageShell(heading, parts.filter(Boolean).join('\n'));
}

/**
 * Several needs at once: the template to fill offline (the form's fields as columns), then the
 * filled workbook sent back (checked row by row; nothing imported while a row is wrong).
 */
function importForm(templateUrl: string, action: string): string {
  return [
    '<h2>Plusieurs besoins ? Importer un classeur</h2>',
    `<p><a href="${e(templateUrl)}">Télécharger le modèle de saisie (XLSX)</a> : une ligne par besoin, les colonnes du formulaire ; la feuille « Valeurs permises » donne les segments et l’engagement, la feuille « Mode d’emploi » la marche à suivre.</p>`,
    `<form method="post" action="${e(action)}" enctype="multipart/form-data">`,
    '<input type="hidden" name="step" value="importer">',
    '<div class="field"><label for="classeur">Classeur rempli (.xlsx, 2 Mo au plus)</label>',
    '<span class="hint" id="classeur-hint">Chaque ligne est vérifiée comme le formulaire ; si une ligne est à corriger, rien n’est importé. Les besoins importés sont envoyés à la coordination.</span>',
    '<input type="file" id="classeur" name="classeur" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="classeur-hint">',
    '</div>',
    '<button type="submit" class="secondary">Importer le classeur</button>',
    '</form>',
  ].join('\n');
}

/** One of the commune's needs: what it is, its status, « Modifier » and « Retirer » while it may be. */
function needItem(n: Need, action: string, open: boolean): string {
  const detail = [
    n.quantity ? frenchQuantity(n.quantity, n.unit) : '',
    n.totalCents ? `${formatEuros(n.annualCents)} par an, ${formatEuros(n.totalCents)} au total` : '',
    n.wishedStart ? `début ${frenchDateOf(n.wishedStart)}` : '',
    n.commitment === 'ferme' ? 'engagement ferme' : 'indicatif',
    NEED_STATUS_LABELS[n.status],
  ]
    .filter(Boolean)
    .join(' · ');
  const button = (step: string, label: string) =>
    [
      `<form method="post" action="${e(action)}">`,
      `<input type="hidden" name="step" value="${step}">`,
      `<input type="hidden" name="needId" value="${e(n.id)}">`,
      `<button type="submit" class="secondary">${e(label)}</button>`,
      '</form>',
    ].join('\n');
  return [
    `<li><strong>${e(`${n.segment} — ${n.description || '(sans description)'}`)}</strong><br>${e(detail)}`,
    n.status === 'precisions-demandees' && n.question
      ? `<p class="notice">Question de la coordination : ${e(n.question)}</p>`
      : '',
    open && EDITABLE.includes(n.status)
      ? button('modifier', 'Modifier ce besoin') + button('retirer', 'Retirer ce besoin')
      : '',
    '</li>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** One field: its label, what it takes, the error under it (tied by aria-describedby). */
function field(k: keyof NeedDraft, form: NeedFormState, input: (attrs: string) => string, hint = ''): string {
  const error = form.errors[k];
  const described = [hint ? `${k}-hint` : '', error ? `${k}-error` : ''].filter(Boolean).join(' ');
  const attrs = `id="${k}" name="${k}"${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}`;
  return [
    `<div class="field"><label for="${k}">${e(NEED_FIELD_LABELS[k])}</label>`,
    hint ? `<span class="hint" id="${k}-hint">${e(hint)}</span>` : '',
    input(attrs),
    error ? `<p class="error" id="${k}-error">${e(error)}</p>` : '',
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

const text = (k: keyof NeedDraft, form: NeedFormState, hint = '') =>
  field(
    k,
    form,
    (a) => `<input type="text" ${a} maxlength="${NEED_FIELD_MAX[k]}" value="${e(form.values[k])}" autocomplete="off">`,
    hint,
  );
const area = (k: keyof NeedDraft, form: NeedFormState) =>
  field(
    k,
    form,
    (a) => `<textarea ${a} maxlength="${NEED_FIELD_MAX[k]}" rows="4">${e(form.values[k])}</textarea>`,
    `${frenchNumber(NEED_FIELD_MAX[k])} caractères au plus.`,
  );
const date = (k: keyof NeedDraft, form: NeedFormState) =>
  field(k, form, (a) => `<input type="date" ${a} value="${e(form.values[k])}">`);
const select = (k: keyof NeedDraft, form: NeedFormState, options: Array<[string, string]>) =>
  field(
    k,
    form,
    (a) =>
      `<select ${a}>${options.map(([v, label]) => `<option value="${e(v)}"${form.values[k] === v ? ' selected' : ''}>${e(label)}</option>`).join('')}</select>`,
  );

/** The need form: the Teams form's fields, « Envoyer à la coordination » and « Enregistrer le brouillon ». */
function needForm(c: Campaign, form: NeedFormState, action: string): string {
  const advanced = OPTIONAL_DETAILS.some((k) => !!form.errors[k] || !!form.values[k]);
  return [
    `<h2>${form.needId ? 'Modifier le besoin' : 'Déclarer un besoin'}</h2>`,
    `<form method="post" action="${e(action)}" class="need">`,
    `<input type="hidden" name="draftId" value="${e(form.draftId)}">`,
    `<input type="hidden" name="needId" value="${e(form.needId)}">`,
    '<fieldset>',
    '<legend>Le besoin</legend>',
    select(
      'segment',
      form,
      c.segments.map((s) => [s, s]),
    ),
    area('description', form),
    text('quantity', form, 'Par exemple 1 200 ou 12,5.'),
    text('unit', form, 'Pièces, repas, jours…'),
    text('annual', form, 'Par exemple 12 345,67.'),
    text('total', form),
    date('wishedStart', form),
    field(
      'duration',
      form,
      (a) =>
        `<input type="number" ${a} min="1" max="120" step="1" inputmode="numeric" value="${e(form.values.duration)}">`,
      DURATION_ERROR,
    ),
    select('commitment', form, [
      ['indicative', 'indicatif'],
      ['ferme', 'ferme'],
    ]),
    '</fieldset>',
    `<details${advanced ? ' open' : ''}>`,
    '<summary>Précisions facultatives</summary>',
    '<fieldset>',
    '<legend>Le contrat actuel, les contraintes</legend>',
    date('currentContractEnd', form),
    text('currentSupplier', form),
    text('currentPrice', form),
    area('constraints', form),
    area('clauses', form),
    '</fieldset>',
    '</details>',
    '<button type="submit" name="step" value="envoyer">Envoyer à la coordination</button>',
    '<button type="submit" name="step" value="brouillon" class="secondary">Enregistrer le brouillon</button>',
    '</form>',
  ].join('\n');
}
