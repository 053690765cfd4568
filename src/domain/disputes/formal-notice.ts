/**
 * The mise en demeure's rules (CCAG 2021, procédure contradictoire before penalties): the
 * supplier's 15 days to answer, the waiver of small penalties, the cap. The app builds the
 * letter from these; the wording of the rules is here, once.
 */
import { delayEnd } from '../local-date';
import { frenchDateOf } from '../meetings/zoned-time';
import { Category, CONTRADICTORY_DAYS, Dispute } from './dispute';

export { CONTRADICTORY_DAYS };

/** Penalties whose total for the whole contract is at most 1 000 € HT are not applied (CCAG 2021). */
export const PENALTY_WAIVER_CENTS = 100_000;
/** Penalties are capped at 10 % of the contract's amount HT (CCAG 2021). */
export const PENALTY_CAP_PERCENT = 10;

/** What the committee writes or checks before the letter goes: everything else comes from the records. */
export interface FormalNoticeDraft {
  /** The article breached (« article 5.2 du CCAP — délais de livraison »). */
  clause: string;
  /** What the supplier must do. */
  request: string;
  /** The facts as the committee sums them up (the reports are listed under it). */
  facts: string;
  /** The person who signs: the file's coordinator or someone of the Direction Achats. */
  signatoryKey: string;
  /** Where the letter is written (« Lyon »); empty: the date alone. */
  place: string;
  /** The supplier's postal address, one line each (may be empty: the supplier's name alone). */
  supplierAddress: string;
}
export type FormalNoticeErrors = Partial<Record<keyof FormalNoticeDraft, string>>;

export const FORMAL_NOTICE_LIMITS = { clause: 300, request: 2000, facts: 3000, place: 100, supplierAddress: 500 };

export function validateFormalNotice(d: FormalNoticeDraft, signatories: string[]): FormalNoticeErrors {
  const e: FormalNoticeErrors = {};
  if (d.clause.trim().length < 3)
    e.clause =
      'Indiquez l’article du CCAP ou du CCAG que le titulaire n’a pas respecté (par exemple « article 5.2 du CCAP »).';
  if (d.request.trim().length < 10) e.request = 'Écrivez ce que le titulaire doit faire (10 caractères au moins).';
  if (d.facts.trim().length < 10) e.facts = 'Résumez les faits reprochés (10 caractères au moins).';
  if (!signatories.includes(d.signatoryKey))
    e.signatoryKey = 'Choisissez le signataire : la coordination du dossier ou la Direction Achats.';
  if (d.supplierAddress.split(/\r?\n/).filter((l) => l.trim()).length > 6)
    e.supplierAddress = 'L’adresse du titulaire tient en six lignes au plus.';
  return e;
}

/** The last day (local, included) of the supplier's time to answer: 15 days, the day of sending not counted. */
export const observationsDeadline = (sentAt: Date, timeZone: string): string =>
  delayEnd(sentAt, CONTRADICTORY_DAYS, timeZone);

/** « 1 000,00 € » from cents. */
const euros = (cents: number) =>
  `${Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')},${String(cents % 100).padStart(2, '0')} €`;

/** The paragraph that gives the supplier their 15 days and the last one. */
export function observationsParagraph(lastDay: string): string {
  return (
    `Conformément à la procédure contradictoire prévue par le cahier des clauses administratives générales ` +
    `(CCAG 2021), vous disposez d’un délai de ${CONTRADICTORY_DAYS} jours à compter de l’envoi de la présente ` +
    `lettre, soit jusqu’au ${frenchDateOf(lastDay)} inclus, pour nous faire part de vos observations et des ` +
    `mesures que vous aurez prises.`
  );
}

/** What happens after the contradictory step: penalties, the waiver, the cap. */
export function penaltyParagraphs(): string[] {
  return [
    `À l’issue de ce délai, et au vu de vos observations, les pénalités prévues au marché pourront vous être ` +
      `appliquées sans autre mise en demeure.`,
    `Sauf disposition contraire du cahier des clauses administratives particulières, les pénalités de retard ` +
      `dont le montant total ne dépasse pas ${euros(PENALTY_WAIVER_CENTS)} HT pour l’ensemble du marché ne sont ` +
      `pas appliquées, et leur montant total est plafonné à ${PENALTY_CAP_PERCENT} % du montant hors taxes du ` +
      `marché (CCAG 2021).`,
  ];
}

/** What the committee asks by default, by category: a starting point they correct. */
export const DEFAULT_REQUESTS: Record<Category, string> = {
  retard:
    'Exécuter sans délai les commandes en retard et nous indiquer les mesures prises pour respecter désormais les délais du marché.',
  qualite:
    'Remplacer les fournitures ou reprendre les prestations non conformes, et nous indiquer les mesures prises pour garantir la qualité prévue au marché.',
  facturation: 'Émettre les avoirs correspondant aux erreurs constatées et facturer désormais aux prix du marché.',
  defaillance: 'Rétablir sans délai le service prévu au marché et nous indiquer les mesures prises pour l’assurer.',
  clause:
    'Respecter les engagements sociaux ou environnementaux du marché et nous transmettre les justificatifs correspondants.',
  administratif: 'Régulariser la situation administrative décrite et nous transmettre les pièces correspondantes.',
  autre: 'Remédier aux manquements décrits et nous indiquer les mesures prises.',
};

/** The reports of one supplier problem: the dispute and those grouped with it, oldest facts first. */
export function groupedReports<T extends Pick<Dispute, 'id' | 'factsDate' | 'ref'>>(d: T, similar: T[]): T[] {
  return [d, ...similar.filter((s) => s.id !== d.id)].sort(
    (a, b) => a.factsDate.localeCompare(b.factsDate) || a.ref.localeCompare(b.ref),
  );
}

/** The facts' summary the form starts with: how many reports, from how many adhérents, over which days. */
export function defaultFactsSummary(
  reports: Array<Pick<Dispute, 'factsDate' | 'memberId'>>,
  categoryLabel: string,
): string {
  const days = reports.map((r) => r.factsDate).sort();
  const members = new Set(reports.map((r) => r.memberId)).size;
  const first = frenchDateOf(days[0]!);
  const last = frenchDateOf(days.at(-1)!);
  const span = first === last ? `le ${first}` : `du ${first} au ${last}`;
  return reports.length === 1
    ? `Un adhérent nous a signalé ${span} le manquement suivant : ${categoryLabel.toLowerCase()}.`
    : `${reports.length} signalements de ${members === 1 ? 'un même adhérent' : `${members} adhérents`}, ${span}, font état du même manquement : ${categoryLabel.toLowerCase()}.`;
}
