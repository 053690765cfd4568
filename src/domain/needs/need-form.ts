import { frenchNumber } from '../french-format';
import { frenchList } from '../french-text';
import { Need, NeedDraft, NeedErrors } from './need';
import { formatEuros } from './money';

/**
 * The need form's fields, in its order, with the labels it shows them under: one list for the
 * Teams card (src/teams/needs) and the web page behind the e-mail's link (src/web/needs-page.ts).
 */
export const NEED_FIELD_LABELS: Record<keyof NeedDraft, string> = {
  segment: 'Segment',
  description: 'Description du besoin',
  quantity: 'Quantité',
  unit: 'Unité',
  annual: 'Montant annuel estimé (€ HT)',
  total: 'Montant total, toute la durée (€ HT)',
  wishedStart: 'Début souhaité',
  duration: 'Durée (mois)',
  currentContractEnd: 'Fin du contrat actuel',
  currentSupplier: 'Fournisseur actuel',
  currentPrice: 'Prix actuel (€ HT par an)',
  constraints: 'Contraintes techniques, lieux de livraison',
  clauses: 'Clauses environnementales ou sociales souhaitées',
  commitment: 'Engagement',
};

/** The most characters each field takes (beyond, the form is refused, never cut). */
export const NEED_FIELD_MAX: Record<keyof NeedDraft, number> = {
  segment: 200,
  description: 2000,
  quantity: 20,
  unit: 40,
  annual: 20,
  total: 20,
  wishedStart: 20,
  duration: 5,
  currentContractEnd: 20,
  currentSupplier: 200,
  currentPrice: 20,
  constraints: 2000,
  clauses: 2000,
  commitment: 20,
};

/** The fields under « Précisions facultatives ». */
export const OPTIONAL_DETAILS = [
  'currentContractEnd',
  'currentSupplier',
  'currentPrice',
  'constraints',
  'clauses',
] as const;

/** The refusal above the form: what is not done, and which fields to complete or correct. */
export function needRefusal(errors: NeedErrors, submit: boolean): string {
  const fields = (Object.keys(NEED_FIELD_LABELS) as Array<keyof NeedDraft>).filter((k) => errors[k]);
  const names = frenchList(fields.map((k) => `« ${NEED_FIELD_LABELS[k]} »`));
  return `${submit ? 'Le besoin n’est pas envoyé' : 'Le brouillon n’est pas enregistré'} : ${
    fields.length > 1
      ? `complétez ou corrigez les champs ${names}, comme indiqué sous chacun`
      : `complétez ou corrigez le champ ${names}, comme indiqué dessous`
  }.`;
}

/** The need's fields as the form shows them. */
export function draftOfNeed(n: Need): Partial<NeedDraft> & { needId: string } {
  const euros = (c: number | null) => (c === null ? '' : formatEuros(c, ''));
  return {
    needId: n.id,
    segment: n.segment,
    description: n.description,
    quantity: n.quantity ? frenchNumber(n.quantity) : '',
    unit: n.unit,
    annual: n.annualCents ? euros(n.annualCents) : '',
    total: n.totalCents ? euros(n.totalCents) : '',
    wishedStart: n.wishedStart,
    duration: n.durationMonths ? String(n.durationMonths) : '',
    currentContractEnd: n.currentContractEnd ?? '',
    currentSupplier: n.currentSupplier,
    currentPrice: euros(n.currentPriceCents),
    constraints: n.constraints,
    clauses: n.clauses,
    commitment: n.commitment,
  };
}
