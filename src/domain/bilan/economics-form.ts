import { Cents, formatEuros, parseEuros, parseQuantity } from '../needs/money';
import { parseLocalDate } from '../meetings/zoned-time';
import { ContractEconomics, Forecast, Renewal, economicsErrors } from './economics';

/**
 * The contract economics form as typed: every field a string. Per member `volume_<id>`,
 * `reference_<id>`, `supplier_<id>`; per renewal `renewalTo_<n>`, `renewalPrice_<n>`; a new
 * renewal `newRenewalTo`, `newRenewalPrice`.
 */
export type EconomicsTyped = Record<string, string>;
/** Errors per field of the form (`general` for those of the whole). */
export type EconomicsErrors = Record<string, string>;

export const economicsField = {
  volume: (memberId: string) => `volume_${memberId}`,
  reference: (memberId: string) => `reference_${memberId}`,
  supplier: (memberId: string) => `supplier_${memberId}`,
  renewalTo: (n: number) => `renewalTo_${n}`,
  renewalPrice: (n: number) => `renewalPrice_${n}`,
};

/** Renewal rows a form may carry, at most. */
export const MAX_RENEWALS = 10;

/** "3,10" as the form shows an amount (no suffix). */
export const typedEuros = (cents: Cents | null): string => (cents === null ? '' : formatEuros(cents, ''));
/** "1 200" / "12,5": a normalised quantity as the form shows it. */
export const typedQuantity = (q: string): string => {
  const [int, dec] = q.split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}${dec ? `,${dec}` : ''}`;
};

/** The form's values for stored economics (or a proposal), the member rows in the contract's order. */
export function typedOf(e: ContractEconomics | null, memberIds: string[]): EconomicsTyped {
  const t: EconomicsTyped = {
    unit: e?.unit ?? '',
    unitPrice: typedEuros(e?.unitPriceCents ?? null),
    awardedAnnual: typedEuros(e?.awardedAnnualCents ?? null),
    environmental: String(e?.sustainable.environmental ?? false),
    social: String(e?.sustainable.social ?? false),
  };
  for (const m of memberIds) {
    const f = e?.forecasts.find((x) => x.memberId === m);
    t[economicsField.volume(m)] = f ? typedQuantity(f.annualQuantity) : '';
    t[economicsField.reference(m)] = typedEuros(f?.referenceAnnualCents ?? null);
    t[economicsField.supplier(m)] = f?.referenceSupplier ?? '';
  }
  (e?.renewals ?? []).forEach((r, i) => {
    t[economicsField.renewalTo(i)] = r.to;
    t[economicsField.renewalPrice(i)] = typedEuros(r.unitPriceCents ?? r.awardedAnnualCents);
  });
  return t;
}

/** The renewal rows a typed form carries, by their number. */
export const renewalRows = (typed: EconomicsTyped): number[] =>
  Object.keys(typed)
    .map((k) => /^renewalTo_(\d{1,2})$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .filter((n) => n < MAX_RENEWALS)
    .sort((a, b) => a - b);

const slashes = (iso: string) => iso.split('-').reverse().join('/');

/** « 2027-12-31 » (the date picker) or « 31/12/2027 »; null when neither. */
function typedDate(raw: string): string | null {
  const s = raw.trim();
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : s;
  return parseLocalDate(iso) ? iso : null;
}

const MONEY = 'Montant non reconnu : écrivez par exemple 3,10 ou 12 345,67.';

/**
 * The typed form as economics, or what is wrong, per field, in French. A member row left empty
 * is no forecast; a renewal whose date is emptied is removed; a new renewal is added when its
 * date is given. A renewal's price is a unit price when the contract has one, else its annual
 * amount; empty, the price is unchanged. `needIds`: the need each forecast came from, if any.
 */
export function parseEconomics(
  typed: EconomicsTyped,
  contract: { startDate: string; endDate: string; memberIds: string[] },
  from: { campaignId: string | null; needIds?: Record<string, string | null> },
): { ok: true; economics: ContractEconomics } | { ok: false; errors: EconomicsErrors } {
  const errors: EconomicsErrors = {};
  const v = (k: string) => (typed[k] ?? '').trim();
  const money = (field: string): Cents | null => {
    if (!v(field)) return null;
    const c = parseEuros(v(field));
    if (c === null) errors[field] = MONEY;
    else if (c < 0) errors[field] = 'Un montant ne peut pas être négatif.';
    return c !== null && c >= 0 ? c : null;
  };

  const unit = v('unit');
  if (!unit) errors.unit = 'Indiquez l’unité des volumes (par exemple « repas »).';
  const unitPriceCents = money('unitPrice');
  const awardedAnnualCents = money('awardedAnnual');
  if (v('unitPrice') && v('awardedAnnual'))
    errors.awardedAnnual = 'Indiquez soit un prix unitaire, soit un montant annuel, pas les deux.';
  else if (!v('unitPrice') && !v('awardedAnnual'))
    errors.unitPrice = 'Indiquez le prix unitaire attribué ou le montant annuel attribué.';
  const byUnit = Boolean(v('unitPrice'));

  const forecasts: Forecast[] = [];
  for (const memberId of contract.memberIds) {
    const [qf, rf, sf] = [economicsField.volume, economicsField.reference, economicsField.supplier].map((f) =>
      f(memberId),
    ) as [string, string, string];
    if (!v(qf) && !v(rf) && !v(sf)) continue;
    const quantity = v(qf) ? parseQuantity(v(qf)) : null;
    if (!v(qf)) errors[qf] = 'Indiquez le volume prévu par an, ou videz la ligne.';
    else if (quantity === null) errors[qf] = 'Le volume doit être un nombre positif (par exemple 1 200 ou 12,5).';
    const reference = money(rf);
    if (quantity !== null)
      forecasts.push({
        memberId,
        annualQuantity: quantity,
        referenceAnnualCents: reference,
        referenceSupplier: v(sf),
        needId: from.needIds?.[memberId] ?? null,
      });
  }

  const renewals: Renewal[] = [];
  let previousEnd = contract.endDate;
  const renewal = (toField: string, priceField: string) => {
    const to = typedDate(v(toField));
    if (!to) {
      errors[toField] = 'Date non valide : choisissez-la dans le calendrier (par exemple 2027-12-31).';
      return;
    }
    if (to <= previousEnd) {
      errors[toField] = `Une reconduction doit finir après le ${slashes(previousEnd)}.`;
      return;
    }
    previousEnd = to;
    const price = money(priceField);
    renewals.push({
      to,
      unitPriceCents: byUnit ? price : null,
      awardedAnnualCents: byUnit ? null : price,
    });
  };
  for (const n of renewalRows(typed))
    if (v(economicsField.renewalTo(n))) renewal(economicsField.renewalTo(n), economicsField.renewalPrice(n));
  if (v('newRenewalTo')) renewal('newRenewalTo', 'newRenewalPrice');
  else if (v('newRenewalPrice')) errors.newRenewalTo = 'Indiquez jusqu’à quand le marché est reconduit.';
  if (renewals.length > MAX_RENEWALS) errors.newRenewalTo = `${MAX_RENEWALS} reconductions au plus.`;

  if (Object.keys(errors).length) return { ok: false, errors };
  const economics: ContractEconomics = {
    unit,
    unitPriceCents,
    awardedAnnualCents,
    renewals,
    sustainable: { environmental: v('environmental') === 'true', social: v('social') === 'true' },
    forecasts,
    campaignId: from.campaignId,
  };
  // What the fields above cannot see (the whole): the foundation's checks, said once.
  const whole = economicsErrors(contract, economics);
  return whole.length ? { ok: false, errors: { general: whole.join(' ') } } : { ok: true, economics };
}
