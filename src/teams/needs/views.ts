import { randomUUID } from 'crypto';
import { MemberView } from '../../app/needs/queries';
import { frenchDateOf } from '../../domain/meetings/zoned-time';
import { formatEuros } from '../../domain/needs/money';
import { frenchDayOf, frenchQuantity } from '../../domain/french-format';
import {
  Campaign,
  DEFAULT_DURATION_MONTHS,
  NEED_STATUS_LABELS,
  Need,
  NeedDraft,
  NeedErrors,
} from '../../domain/needs/need';
import { NEED_FIELD_LABELS, OPTIONAL_DETAILS } from '../../domain/needs/need-form';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { longText, shortened } from '../long-text';
import { back } from '../back';

/** The needs cards a member sees (the coordination's are in coordination-views.ts). */
export const needTitle = (n: Need) =>
  cardText(`${n.segment} — ${shortened(n.description, 80) || '(sans description)'}`);
export const needDetail = (n: Need, memberName?: string) =>
  cardText(
    [
      memberName,
      n.quantity ? frenchQuantity(n.quantity, n.unit) : '',
      n.totalCents ? `${formatEuros(n.annualCents)} par an, ${formatEuros(n.totalCents)} au total` : '',
      n.wishedStart ? `début ${frenchDateOf(n.wishedStart)}` : '',
      n.commitment === 'ferme' ? 'engagement ferme' : 'indicatif',
      NEED_STATUS_LABELS[n.status],
    ]
      .filter(Boolean)
      .join(' · '),
  );

/**
 * A member's card: the campaign, their needs and what they can still do. `banner`: what was just done (a success, in green); `alert`: what calls
 * for action (a reminder, in red) — else a closed campaign says so, in red.
 */
export function inviteCard(view: MemberView, opts: { banner?: string; alert?: string; error?: string } = {}): CardJson {
  const { campaign: c, memberName, answer } = view;
  const visible = view.needs.filter((n) => n.status !== 'retire');
  return renderCard('campaign.invite', {
    campaignId: c.id,
    title: cardText(c.title),
    banner: opts.banner ? cardText(opts.banner) : '',
    alert: opts.alert
      ? cardText(opts.alert)
      : !opts.banner && view.closed
        ? `Campagne close depuis le ${frenchDayOf(c.deadline)} : si vous avez encore un besoin, demandez à la coordination de la prolonger.`
        : '',
    memberName: cardText(memberName),
    deadline: frenchDateOf(c.deadline),
    segments: cardText(c.segments.join(', ')),
    instructions: longText(c.instructions),
    status: answer?.nothing
      ? 'Votre réponse : néant (aucun besoin).'
      : visible.length
        ? `Vos besoins (${visible.length}) :`
        : '',
    needs: visible.map((n) => ({
      id: n.id,
      title: needTitle(n),
      detail: needDetail(n),
      question: n.status === 'precisions-demandees' ? cardText(n.question) : '',
      editable: ['brouillon', 'soumis', 'precisions-demandees'].includes(n.status),
    })),
    error: opts.error ? cardText(opts.error) : '',
    // « Néant » only while no need of the commune has been sent (a sent need must be withdrawn first).
    nothingOffered: !view.needs.some((n) => !['brouillon', 'retire'].includes(n.status)),
  });
}

export { NEED_FIELD_LABELS, draftOfNeed, needRefusal } from '../../domain/needs/need-form';

/**
 * The need form. A new need's form names the need it creates (`draftId`): pressed twice, or sent
 * again after a fault, it declares one need. Untouched, it is sendable as a draft: the duration
 * proposed is a usual one (12 months), within the card's bounds.
 */
export function needForm(
  c: Campaign,
  values: Partial<NeedDraft> & { needId?: string; draftId?: string },
  errors: NeedErrors = {},
  error = '',
): CardJson {
  const keys = Object.keys(NEED_FIELD_LABELS) as Array<keyof NeedDraft>;
  return renderCard('need.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: back('need.mine', { campaignId: c.id }),
    heading: cardText(`${values.needId ? 'Modifier le besoin' : 'Déclarer un besoin'} — ${c.title}`),
    campaignId: c.id,
    needId: values.needId ?? '',
    draftId: values.draftId || randomUUID(),
    segments: c.segments.map((s) => ({ title: cardText(s), value: s })),
    ...Object.fromEntries(keys.map((k) => [k, values[k] ?? ''])),
    // A usual start (1 January after the deadline's year), so that the date need not be typed.
    wishedStart: values.wishedStart ?? `${Number(c.deadline.slice(0, 4)) + 1}-01-01`,
    duration: values.duration || String(DEFAULT_DURATION_MONTHS),
    segment: values.segment || c.segments[0] || '',
    commitment: values.commitment || 'indicative',
    errors: Object.fromEntries(keys.map((k) => [k, errors[k] ? cardText(errors[k]!) : ''])),
    error: error ? cardText(error) : '',
    // « Précisions facultatives » open by themselves when one of their fields is refused.
    showAdvanced: OPTIONAL_DETAILS.some((k) => !!errors[k]),
  });
}

export function needNoticeCard(c: Campaign, n: Need, error = ''): CardJson {
  const asking = n.status === 'precisions-demandees';
  return renderCard('need.notice', {
    heading: asking
      ? 'La coordination demande des précisions'
      : n.status === 'rejete'
        ? 'Besoin rejeté'
        : 'Précisions envoyées',
    campaign: cardText(c.title),
    need: needTitle(n),
    message: cardText(
      asking
        ? n.question
        : n.status === 'rejete'
          ? `Raison : ${n.history.at(-1)?.detail ?? ''}`
          : `Votre réponse : ${n.answer}`,
    ),
    // The answer sent is a success: green, not the red of a question or a rejection.
    color: asking || n.status === 'rejete' ? 'Attention' : 'Good',
    asking,
    campaignId: c.id,
    needId: n.id,
    error: error ? cardText(error) : '',
  });
}
