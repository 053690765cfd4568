import { EconomicsForm } from '../../app/bilan/economics';
import { economicsField, renewalRows } from '../../domain/bilan/economics-form';
import { count } from '../../domain/french-text';
import { frenchDateOf } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';

/**
 * Member rows per card (about 900 bytes each): a contract of the 59 communes stays under Teams'
 * 28 KB in pages; the rows of the other pages ride, as typed, in the data of the two buttons
 * that send the form (`others`: [member, volume, baseline, supplier] rows, JSON).
 */
export const ROWS_PER_PAGE = 12;

type Node = { type?: unknown; verb?: unknown; data?: Record<string, unknown> } & Record<string, unknown>;
/** Adds the other pages' rows to the data of the buttons that send the form (save, another page). */
function carry(node: unknown, others: string): void {
  if (Array.isArray(node)) return node.forEach((n) => carry(n, others));
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (
    n.type === 'Action.Execute' &&
    (n.verb === 'contract.economics.save' || (n.verb === 'contract.economics.edit' && n.data?.keep && !n.data.take))
  )
    n.data = { ...n.data, others };
  Object.values(n).forEach((v) => carry(v, others));
}

/**
 * « Prix et volumes » of a contract: the awarded price and clauses, one row per member (forecast
 * volume, baseline, supplier), the renewals, and « Reconduire » to add one. A refused form comes
 * back as typed, its errors under their fields and its sections open where one is.
 */
export function economicsCard(f: EconomicsForm, page = 0): CardJson {
  const { contract, typed, errors } = f;
  const t = (k: string) => cardText(typed[k] ?? '');
  const e = (k: string) => (errors[k] ? cardText(errors[k]!) : '');
  const unit = (typed.unit ?? '').trim();
  const byUnit = Boolean((typed.unitPrice ?? '').trim()) || !(typed.awardedAnnual ?? '').trim();
  const priceLabel = byUnit
    ? 'Prix unitaire révisé (€ HT ; vide : inchangé)'
    : 'Montant annuel révisé (€ HT ; vide : inchangé)';
  const allRows = f.members.map((m) => {
    const [v, r, s] = [economicsField.volume(m.id), economicsField.reference(m.id), economicsField.supplier(m.id)];
    return {
      name: cardText(m.name),
      volumeId: v,
      volumeLabel: `Volume prévu par an${unit ? ` (${cardText(unit)})` : ''}`,
      volume: t(v),
      referenceId: r,
      reference: t(r),
      supplierId: s,
      supplier: t(s),
      error: [e(v), e(r), e(s)].filter(Boolean).join(' '),
    };
  });
  const renewals = renewalRows(typed).map((n, i) => {
    const [to, price] = [economicsField.renewalTo(n), economicsField.renewalPrice(n)];
    return {
      label: `Reconduction ${i + 1} : jusqu’au`,
      toId: to,
      to: t(to),
      priceId: price,
      priceLabel,
      price: t(price),
      error: [e(to), e(price)].filter(Boolean).join(' '),
    };
  });
  const filled = allRows.filter((r) => r.volume).length;
  // The page shown: the one of the first row refused, else the one asked for.
  const pages = Math.max(1, Math.ceil(allRows.length / ROWS_PER_PAGE));
  const refused = allRows.findIndex((r) => r.error);
  const shown = refused >= 0 ? Math.floor(refused / ROWS_PER_PAGE) : Math.min(Math.max(page, 0), pages - 1);
  const rows = allRows.slice(shown * ROWS_PER_PAGE, (shown + 1) * ROWS_PER_PAGE);
  const others = allRows
    .map((r, i) => ({ r, id: f.members[i]!.id }))
    .filter(({ r }) => !rows.includes(r))
    .map(({ r, id }) => [id, typed[r.volumeId] ?? '', typed[r.referenceId] ?? '', typed[r.supplierId] ?? ''])
    .filter((row) => row.slice(1).some(Boolean));
  const has = (test: (k: string) => boolean) => Object.keys(errors).some(test);
  const rowError = has((k) => /^(volume|reference|supplier)_/.test(k));
  const newRenewalError = [e('newRenewalTo'), e('newRenewalPrice')].filter(Boolean).join(' ');
  const fieldErrors = Object.keys(errors).filter((k) => k !== 'general').length;
  const card = renderCard('contract.economics', {
    contract: cardText(`${contract.number} ${contract.title}`),
    facts: cardText(
      `${contract.supplier} · du ${frenchDateOf(contract.startDate)} au ${frenchDateOf(contract.endDate)}${f.file ? ` · dossier « ${f.file.title} »` : ''}`,
    ),
    contractId: contract.id,
    campaignId: f.campaignId ?? '',
    banner: cardText(f.banner),
    error: [
      e('general'),
      fieldErrors
        ? `Rien n’est enregistré : ${count(fieldErrors, 'champ à corriger', 'champs à corriger')}, signalé${fieldErrors > 1 ? 's' : ''} sous ${fieldErrors > 1 ? 'eux' : 'lui'}. Votre saisie est gardée.`
        : '',
      newRenewalError ? `Reconduction : ${newRenewalError}` : '',
    ]
      .filter(Boolean)
      .join(' '),
    unused: f.unused.map(cardText).join('\r'),
    offer: f.offer
      ? {
          show: true,
          title: `Reprendre les besoins de la campagne « ${cardText(f.offer.title)} », la plus récente du segment :`,
          campaignId: f.offer.campaignId,
        }
      : { show: false, title: '', campaignId: '' },
    unit: t('unit'),
    unitPrice: t('unitPrice'),
    awardedAnnual: t('awardedAnnual'),
    environmental: typed.environmental === 'true' ? 'true' : 'false',
    social: typed.social === 'true' ? 'true' : 'false',
    errors: { unit: e('unit'), unitPrice: e('unitPrice'), awardedAnnual: e('awardedAnnual') },
    forecastsTitle: `Volumes et référence par adhérent (${filled} sur ${f.members.length})`,
    rows,
    pages: {
      show: pages > 1,
      text: `Adhérents ${shown * ROWS_PER_PAGE + 1} à ${shown * ROWS_PER_PAGE + rows.length} sur ${allRows.length} : ce que vous saisissez ici est gardé d’une page à l’autre.`,
      current: String(shown),
      choices: Array.from({ length: pages }, (_, p) => ({
        title: `Adhérents ${p * ROWS_PER_PAGE + 1} à ${Math.min((p + 1) * ROWS_PER_PAGE, allRows.length)}`,
        value: String(p),
      })),
    },
    renewalsTitle: `Reconductions (${renewals.length}) · Reconduire`,
    renewals,
    newRenewalTo: t('newRenewalTo'),
    newRenewalPrice: t('newRenewalPrice'),
    newRenewalPriceLabel: `À quel prix ? ${priceLabel}`,
    newRenewalError,
    open: {
      prices: true,
      // Folded on a phone, unless a row is refused or another page of rows was asked for.
      forecasts: rowError || page > 0,
      renewals: has((k) => /^(renewal|newRenewal)/.test(k)),
    },
  });
  if (pages > 1) carry(card, JSON.stringify(others));
  return card;
}
