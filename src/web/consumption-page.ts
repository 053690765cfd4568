import { ConsumptionLinkPage } from '../app/bilan/consumption-link';
import { CONSUMPTION_HEADERS } from '../domain/bilan/consumption-import';
import { frenchDayOf } from '../domain/french-format';
import { count, frenchList } from '../domain/french-text';
import { escapeHtml as e, pageShell } from './html';

const TITLES: Record<string, string> = {
  invalid: 'Lien non valide',
  expired: 'Lien expiré',
  unknown: 'Marché introuvable',
  'not-allowed': 'Lien réservé à la Direction Achats',
};

/**
 * The page behind the Direction Achats' link to import a supplier's consumption report for one
 * contract: the contract, the periods already imported, the template (XLSX, CSV), the upload;
 * after an upload, its summary or every error (nothing imported). No script.
 */
export function consumptionPageHtml(page: ConsumptionLinkPage, action: string): string {
  if (page.status !== 200) {
    const title = TITLES[page.refusal] ?? 'Lien refusé';
    return pageShell(title, `<h1>${e(title)}</h1>\n<p class="notice">${e(page.message)}</p>`);
  }
  const c = page.contract;
  const heading = `Consommation — ${c.number} — ${c.title}`;
  const parts = [
    `<h1>${e(heading)}</h1>`,
    page.banner ? `<p class="ok" role="status">${e(page.banner)}</p>` : '',
    page.error ? `<p class="error" role="alert">${e(page.error)}</p>` : '',
    page.importErrors.length
      ? `<h2>Lignes à corriger</h2>\n<ul class="error">${page.importErrors.map((x) => `<li>${e(x)}</li>`).join('')}</ul>`
      : '',
    '<dl>',
    `<dt>Titulaire</dt><dd>${e(c.supplier)}</dd>`,
    `<dt>Durée</dt><dd>${e(`du ${frenchDayOf(c.startDate)} au ${frenchDayOf(page.lastDay)}, reconductions comprises`)}</dd>`,
    c.economics?.unit ? `<dt>Unité des quantités</dt><dd>${e(c.economics.unit)}</dd>` : '',
    `<dt>Adhérents du marché</dt><dd>${e(page.memberNames.length ? frenchList(page.memberNames) : 'aucun')}</dd>`,
    '</dl>',
    '<h2>Relevés déjà importés</h2>',
    page.reports.length
      ? `<ul>${page.reports
          .map(
            (r) =>
              `<li><strong>${e(r.label)}</strong> : ${e(`${count(r.lines, 'ligne', 'lignes')}, importé le ${frenchDayOf(r.importedOn)} (fichier « ${r.source} »)`)}</li>`,
          )
          .join('\n')}</ul>`
      : '<p>Aucun relevé n’a encore été importé pour ce marché.</p>',
    '<h2>Importer un relevé du titulaire</h2>',
    `<p>Téléchargez le modèle du marché : <a href="${e(page.templateXlsxUrl)}">modèle de relevé (XLSX)</a> ou <a href="${e(page.templateCsvUrl)}">modèle de relevé (CSV)</a>. Une ligne par adhérent et par période, colonnes ${e(frenchList(CONSUMPTION_HEADERS.map((h) => `« ${h} »`)))}.</p>`,
    `<form method="post" action="${e(action)}" enctype="multipart/form-data">`,
    '<div class="field"><label for="classeur">Relevé rempli (.xlsx ou .csv, 2 Mo au plus)</label>',
    '<span class="hint" id="classeur-hint">Chaque ligne est vérifiée ; si une ligne est à corriger, rien n’est importé. Un relevé d’une période déjà importée remplace le précédent.</span>',
    '<input type="file" id="classeur" name="classeur" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="classeur-hint">',
    '</div>',
    '<button type="submit">Importer le relevé</button>',
    '</form>',
  ];
  return pageShell(heading, parts.filter(Boolean).join('\n'));
}
