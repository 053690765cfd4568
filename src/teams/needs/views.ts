import { MemberAnswer, NeedsPresenter } from '../../app/needs/ports';
import { Member } from '../../domain/governance';
import { frenchDateOf } from '../../domain/meetings/zoned-time';
import { formatEuros } from '../../domain/needs/money';
import { Campaign, NEED_STATUS_LABELS, Need, NeedDraft, NeedErrors } from '../../domain/needs/need';
import { PROCEDURE_LABELS, Programme, SegmentTotal } from '../../domain/needs/programme';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { asActivity } from '../replies';

const needTitle = (n: Need) => cardText(`${n.segment} — ${n.description.slice(0, 80) || '(sans description)'}`);
const needDetail = (n: Need, memberName?: string) =>
  cardText(
    [
      memberName,
      n.quantity ? `${n.quantity.replace('.', ',')} ${n.unit}` : '',
      n.totalCents ? `${formatEuros(n.annualCents)} par an, ${formatEuros(n.totalCents)} au total` : '',
      n.wishedStart ? `début ${frenchDateOf(n.wishedStart)}` : '',
      n.commitment === 'ferme' ? 'engagement ferme' : 'indicatif',
      NEED_STATUS_LABELS[n.status],
    ]
      .filter(Boolean)
      .join(' · '),
  );

/** A member's card: the campaign, their needs and what they can still do. */
export function inviteCard(c: Campaign, memberName: string, needs: Need[], answer: MemberAnswer | null, opts: { banner?: string; error?: string } = {}): CardJson {
  const visible = needs.filter((n) => n.status !== 'retire');
  return renderCard('campaign.invite', {
    campaignId: c.id,
    title: cardText(c.title),
    banner: opts.banner ? cardText(opts.banner) : c.status === 'close' ? 'Campagne close.' : '',
    memberName: cardText(memberName),
    deadline: frenchDateOf(c.deadline),
    segments: cardText(c.segments.join(', ')),
    instructions: cardText(c.instructions),
    status: answer?.nothing ? 'Votre réponse : néant (aucun besoin).' : visible.length ? `Vos besoins (${visible.length}) :` : '',
    needs: visible.map((n) => ({
      id: n.id,
      title: needTitle(n),
      detail: needDetail(n),
      question: n.status === 'precisions-demandees' ? cardText(n.question) : '',
      editable: ['brouillon', 'soumis', 'precisions-demandees'].includes(n.status),
    })),
    error: opts.error ? cardText(opts.error) : '',
  });
}

export function needForm(c: Campaign, values: Partial<NeedDraft> & { needId?: string }, errors: NeedErrors = {}, error = ''): CardJson {
  const keys = ['segment', 'description', 'quantity', 'unit', 'annual', 'total', 'wishedStart', 'duration', 'currentContractEnd', 'currentSupplier', 'currentPrice', 'constraints', 'clauses', 'commitment'] as const;
  return renderCard('need.form', {
    heading: cardText(`${values.needId ? 'Modifier le besoin' : 'Déclarer un besoin'} — ${c.title}`),
    campaignId: c.id,
    needId: values.needId ?? '',
    segments: c.segments.map((s) => ({ title: cardText(s), value: s })),
    ...Object.fromEntries(keys.map((k) => [k, values[k] ?? ''])),
    // A usual start (1 January after the deadline's year), so that the date need not be typed.
    wishedStart: values.wishedStart ?? `${Number(c.deadline.slice(0, 4)) + 1}-01-01`,
    segment: values.segment || c.segments[0] || '',
    commitment: values.commitment || 'indicative',
    errors: Object.fromEntries(keys.map((k) => [k, errors[k] ? cardText(errors[k]!) : ''])),
    error: error ? cardText(error) : '',
  });
}

/** The need's fields as the form shows them. */
export function draftOfNeed(n: Need): Partial<NeedDraft> & { needId: string } {
  const euros = (c: number | null) => (c === null ? '' : formatEuros(c, ''));
  return {
    needId: n.id,
    segment: n.segment,
    description: n.description,
    quantity: n.quantity.replace('.', ','),
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

export function needNoticeCard(c: Campaign, n: Need, error = ''): CardJson {
  const asking = n.status === 'precisions-demandees';
  return renderCard('need.notice', {
    heading: asking ? 'La coordination demande des précisions' : n.status === 'rejete' ? 'Besoin rejeté' : 'Précisions envoyées',
    campaign: cardText(c.title),
    need: needTitle(n),
    message: cardText(asking ? n.question : n.status === 'rejete' ? `Raison : ${n.history.at(-1)?.detail ?? ''}` : `Votre réponse : ${n.answer}`),
    asking,
    campaignId: c.id,
    needId: n.id,
    error: error ? cardText(error) : '',
  });
}

function progressData(c: Campaign, needs: Need[], answers: MemberAnswer[]) {
  const sentBy = new Set(needs.filter((n) => !['brouillon', 'retire'].includes(n.status)).map((n) => n.memberId));
  const nothing = new Set(answers.filter((a) => a.nothing && !sentBy.has(a.memberId)).map((a) => a.memberId));
  const silent = c.targetMemberIds.filter((m) => !sentBy.has(m) && !nothing.has(m));
  return { sentBy, nothing, silent, answered: c.targetMemberIds.length - silent.length };
}

export function progressCard(c: Campaign, needs: Need[], answers: MemberAnswer[]): CardJson {
  const p = progressData(c, needs, answers);
  return renderCard('campaign.progress', {
    campaignId: c.id,
    title: cardText(c.title),
    headline: `${p.answered}/${c.targetMemberIds.length} adhérents ont répondu`,
    deadline: frenchDateOf(c.deadline),
    sent: `${needs.filter((n) => !['brouillon', 'retire'].includes(n.status)).length} (${p.sentBy.size} adhérents)`,
    nothing: String(p.nothing.size),
    silent: String(p.silent.length),
  });
}

export function followCard(c: Campaign, needs: Need[], answers: MemberAnswer[], members: Member[], totals: SegmentTotal[], needsUrl: string, error = ''): CardJson {
  const p = progressData(c, needs, answers);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const pending = needs.filter((n) => n.status === 'soumis');
  return renderCard('campaign.follow', {
    campaignId: c.id,
    title: cardText(c.title),
    headline: `${p.answered}/${c.targetMemberIds.length} adhérents ont répondu (${p.nothing.size} néant) · ${pending.length} besoin${pending.length > 1 ? 's' : ''} à qualifier`,
    silent: p.silent.map((id) => cardText(nameOf(id))).join(', '),
    pending: pending.map((n) => ({
      id: n.id,
      title: needTitle(n),
      detail: needDetail(n, nameOf(n.memberId)) + (n.answer ? cardText(` · réponse : ${n.answer}`) : ''),
      mergeChoices: needs.filter((o) => o.id !== n.id && o.segment === n.segment && ['soumis', 'accepte'].includes(o.status)).map((o) => ({ title: cardText(`${nameOf(o.memberId)} — ${o.description.slice(0, 50)}`), value: o.id })),
    })),
    totals: totals.map((t) => ({
      title: cardText(t.segment),
      value: cardText(`${formatEuros(t.totalCents)} (${formatEuros(t.annualCents)} par an) · ${t.memberIds.length} adhérent${t.memberIds.length > 1 ? 's' : ''} · ${t.quantities.map((q) => `${q.quantity.replace('.', ',')} ${q.unit}`).join(', ')}`),
    })),
    needsUrl,
    error: error ? cardText(error) : '',
  });
}

export function programmeCard(p: Programme, members: Member[], programmeUrl: string, error = ''): CardJson {
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  return renderCard('programme.card', {
    campaignId: p.campaignId,
    title: cardText(p.title),
    circuit: p.circuitId ? 'Soumis au circuit de validation.' : '',
    editable: !p.circuitId,
    items: p.items.map((i) => ({
      id: i.id,
      fileName: cardText(i.fileName),
      amount: formatEuros(i.consolidatedCents),
      detail: cardText(`${i.segment} · ${PROCEDURE_LABELS[i.procedure]} · ${i.memberIds.map(nameOf).join(', ')} · lancement ${frenchDateOf(i.plannedLaunch)}`),
      plan: i.retroplanning.map((s) => `${s.step} : ${frenchDateOf(s.date)}`).join('\r'),
      procedure: i.procedure,
      wishedStart: i.wishedStart,
      plannedLaunch: i.plannedLaunch,
    })),
    programmeUrl,
    error: error ? cardText(error) : '',
  });
}

export function needsPresenter(memberName: (id: string) => string): NeedsPresenter {
  return {
    invitation: (c, memberId, banner) => asActivity(inviteCard(c, memberName(memberId), [], null, { banner })),
    progress: (c, needs, answers) => asActivity(progressCard(c, needs, answers)),
    needNotice: (c, n) => asActivity(needNoticeCard(c, n)),
  };
}
