import { DisputePresenter } from '../../app/disputes/ports';
import { BilanLine } from '../../domain/disputes/bilan';
import { CATEGORIES, Category, Dispute, SEVERITIES, STATUS_LABELS } from '../../domain/disputes/dispute';
import { Contract } from '../../domain/disputes/registry';
import { Member, Person } from '../../domain/governance';
import { frenchDateOf, localTimestamp } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';

import { asActivity, messageCard } from '../replies';

const when = (iso: string) => localTimestamp(new Date(iso), 'Europe/Paris').slice(0, 16);
const color = (d: Dispute) => (d.status === 'resolu' ? 'Good' : d.status === 'mise-en-demeure' ? 'Attention' : 'Warning');
const statusLine = (d: Dispute) =>
  `${STATUS_LABELS[d.status]}${d.status === 'mise-en-demeure' && d.contradictoryDeadline ? ` — réponse du titulaire attendue avant le ${frenchDateOf(d.contradictoryDeadline.slice(0, 10))}` : ''}`;

export interface DisputeContext {
  contracts: Contract[];
  members: Member[];
  people: Person[];
}

const contractLabel = (ctx: DisputeContext, id: string) => {
  const c = ctx.contracts.find((x) => x.id === id);
  return c ? `${c.number} ${c.title} (${c.supplier})` : id;
};

export function committeeCard(d: Dispute, similar: Dispute[], ctx: DisputeContext, coordinator: Person | null, error = ''): CardJson {
  const nameOf = (k: string) => ctx.people.find((p) => p.key === k)?.displayName ?? 'quelqu’un';
  const memberOf = (id: string) => ctx.members.find((m) => m.id === id)?.name ?? id;
  const card = renderCard('dispute.committee', {
    ref: d.ref,
    fileId: d.fileId,
    disputeId: d.id,
    contract: cardText(contractLabel(ctx, d.contractId)),
    mention: coordinator?.teamsUserId ? `Pour <at>${cardText(coordinator.displayName)}</at>, coordinateur du dossier.` : '',
    status: statusLine(d),
    color: color(d),
    member: cardText(memberOf(d.memberId)),
    category: CATEGORIES[d.category],
    severity: SEVERITIES[d.severity],
    factsDate: frenchDateOf(d.factsDate),
    reference: cardText(d.reference || '—'),
    description: cardText(d.description),
    similar: similar.length
      ? cardText(`Signalements similaires (même marché, même catégorie, 30 jours) : ${similar.map((s) => `${s.ref} (${memberOf(s.memberId)})`).join(', ')} — ${new Set([d, ...similar].map((x) => x.memberId)).size} adhérents touchés : un même problème du titulaire.`)
      : '',
    log: d.history.slice(-5).map((h) => `${when(h.at)} — ${cardText(h.detail)} (${cardText(nameOf(h.by))})`).join('\r'),
    isNew: d.status === 'nouveau',
    open: d.status !== 'resolu',
    error: error ? cardText(error) : '',
  });
  return coordinator?.teamsUserId
    ? { ...card, msteams: { entities: [{ type: 'mention', text: `<at>${cardText(coordinator.displayName)}</at>`, mentioned: { id: coordinator.teamsUserId, name: coordinator.displayName } }] } }
    : card;
}

export function reporterCard(d: Dispute, ctx: DisputeContext, error = ''): CardJson {
  const last = d.history.at(-1);
  return renderCard('dispute.reporter', {
    ref: d.ref,
    fileId: d.fileId,
    disputeId: d.id,
    status: statusLine(d),
    color: color(d),
    contract: cardText(contractLabel(ctx, d.contractId)),
    category: CATEGORIES[d.category],
    latest: d.status === 'precisions-demandees' ? cardText(`Le comité vous demande : ${d.question}`) : last && last.detail !== 'Signalé' ? cardText(last.detail) : 'Votre signalement est transmis au Comité Opérationnel du dossier.',
    asking: d.status === 'precisions-demandees',
    error: error ? cardText(error) : '',
  });
}

const hoursText = (h: number | null) => (h === null ? '—' : h < 48 ? `${String(h).replace('.', ',')} h` : `${String(Math.round((h / 24) * 10) / 10).replace('.', ',')} j`);
const lineDetail = (l: BilanLine) =>
  [
    `${l.total} litige${l.total > 1 ? 's' : ''}`,
    Object.entries(l.byCategory).map(([c, n]) => `${CATEGORIES[c as Category]} ${n}`).join(', '),
    Object.entries(l.byStatus).map(([s, n]) => `${STATUS_LABELS[s as Dispute['status']].split(' (')[0]} ${n}`).join(', '),
    `prise en charge moyenne ${hoursText(l.meanTakeChargeH)}`,
    `résolution moyenne ${hoursText(l.meanResolveH)}`,
    `${l.overdue} en retard`,
  ].join(' · ');

export function bilanCard(b: { perContract: BilanLine[]; perSupplier: BilanLine[] }, disputes: Dispute[]): CardJson {
  const byCategory = (Object.keys(CATEGORIES) as Category[]).map((c) => ({ c, n: disputes.filter((d) => d.category === c).length })).filter((x) => x.n > 0);
  const max = Math.max(1, ...byCategory.map((x) => x.n));
  return renderCard('dispute.bilan', {
    summary: `${disputes.length} litige${disputes.length > 1 ? 's' : ''}, ${disputes.filter((d) => d.status === 'resolu').length} résolu${disputes.filter((d) => d.status === 'resolu').length > 1 ? 's' : ''}.`,
    chart: byCategory.map((x) => ({ label: CATEGORIES[x.c], value: String(x.n), bar: `${Math.max(4, Math.round((x.n / max) * 120))}px` })),
    perContract: b.perContract.map((l) => ({ title: cardText(l.label), detail: cardText(lineDetail(l)) })),
    perSupplier: b.perSupplier.map((l) => ({ title: cardText(l.label), detail: cardText(lineDetail(l)) })),
  });
}

export function disputePresenter(ctx: DisputeContext, coordinatorOf: (d: Dispute) => Person | null): DisputePresenter {
  return {
    committee: (d, similar) => asActivity(committeeCard(d, similar, ctx, coordinatorOf(d))),
    reporter: (d) => asActivity(reporterCard(d, ctx)),
    overdue: (d, what) =>
      asActivity(
        messageCard({
          title: `Litige ${d.ref} en retard`,
          text: cardText(`${what === 'takeCharge' ? 'Ce litige n’a pas été pris en charge' : 'Ce litige n’est pas résolu'} dans le délai prévu pour sa gravité (${SEVERITIES[d.severity].toLowerCase()}). ${contractLabel(ctx, d.contractId)} — ${STATUS_LABELS[d.status]}. Signalé le ${when(d.createdAt)}.`),
          tone: 'attention',
        }),
      ),
  };
}
