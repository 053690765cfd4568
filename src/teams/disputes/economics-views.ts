import { EconomicsForm } from '../../app/bilan/economics';
import { economicsField, renewalRows } from '../../domain/bilan/economics-form';
import { count } from '../../domain/french-text';
import { frenchDateOf } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';

/** Members from which the forecasts fold away (a phone shows the prices first). */
const FOLD_FROM = 4;

/**
 * « Prix et volumes » of a contract: the awarded price and clauses, one row per member (forecast
 * volume, baseline, supplier), the renewals, and « Reconduire » to add one. A refused form comes
 * back as typed, its errors under their fields and its sections open where one is.
 */
export function economicsCard(f: EconomicsForm): CardJson {
  const { contract, typed, errors } = f;
  const t = (k: string) => cardText(typed[k] ?? '');
  const e = (k: string) => (errors[k] ? cardText(errors[k]!) : '');
  const unit = (typed.unit ?? '').trim();
  const byUnit = Boolean((typed.unitPrice ?? '').trim()) || !(typed.awardedAnnual ?? '').trim();
  const priceLabel = byUnit
    ? 'Prix unitaire révisé (€ HT ; vide : inchangé)'
    : 'Montant annuel révisé (€ HT ; vide : inchangé)';
  const rows = f.members.map((m) => {
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
  const filled = rows.filter((r) => r.volume).length;
  const has = (test: (k: string) => boolean) => Object.keys(errors).some(test);
  const rowError = has((k) => /^(volume|reference|supplier)_/.test(k));
  const newRenewalError = [e('newRenewalTo'), e('newRenewalPrice')].filter(Boolean).join(' ');
  const fieldErrors = Object.keys(errors).filter((k) => k !== 'general').length;
  return renderCard('contract.economics', {
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
      newRenewalError ? `Reconduction : ${newRenewalError} (rouvrez « Reconduire »).` : '',
    ]
      .filter(Boolean)
      .join(' '),
    unused: f.unused.map(cardText).join('\r'),
    offer: f.offer
      ? {
          show: true,
          title: `Reprendre les besoins de la campagne « ${cardText(f.offer.title)} »`,
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
    renewalsTitle: `Reconductions (${renewals.length})`,
    renewals,
    newRenewalTo: t('newRenewalTo'),
    newRenewalPrice: t('newRenewalPrice'),
    newRenewalPriceLabel: `À quel prix ? ${priceLabel}`,
    newRenewalError,
    open: {
      prices: true,
      forecasts: rows.length < FOLD_FROM || rowError || f.proposed,
      renewals: (renewals.length > 0 && renewals.length < FOLD_FROM) || has((k) => k.startsWith('renewal')),
    },
  });
}
