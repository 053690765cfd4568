import { CommitteeCardData } from '../../app/disputes/ports';
import { CATEGORIES, Dispute, SEVERITIES, STATUS_LABELS } from '../../domain/disputes/dispute';
import { Contract } from '../../domain/disputes/registry';
import { count } from '../../domain/french-text';
import { localDay } from '../../domain/local-date';
import { frenchDateOf, frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { messageCard } from '../replies';
import { OpenUrl, markdownLink } from '../doc-links';
import { longText } from '../long-text';

/** « vendredi 1er janvier 2027 à 0 h 30 », in the centrale's zone. */
const when = (iso: string, timeZone: string) => frenchDateTime(new Date(iso), timeZone);
/** The supplier's last day; an older record holds an instant, read as its local day. */
const lastDay = (deadline: string, timeZone: string) =>
  deadline.length === 10 ? deadline : localDay(new Date(deadline), timeZone);
const color = (d: Dispute) =>
  d.status === 'resolu' ? 'Good' : d.status === 'mise-en-demeure' ? 'Attention' : 'Default';
const statusLine = (d: Dispute, timeZone: string) =>
  `${STATUS_LABELS[d.status]}${d.status === 'mise-en-demeure' && d.contradictoryDeadline ? ` — réponse du titulaire attendue au plus tard le ${frenchDateOf(lastDay(d.contradictoryDeadline, timeZone))}` : ''}`;
/** A contract no longer in the registry still shows by its id. */
const contractLabel = (contract: Contract | null, id: string) =>
  contract ? `${contract.number} ${contract.title} (${contract.supplier})` : id;

/** The committee's card: the dispute, similar reports, the last steps, the handling buttons; it mentions the coordinator. */
/**
 * The committee's card. `typedResolution`: what was typed in « Résoudre » when it was refused
 * (an unreadable penalty), put back in its fields.
 */
export function committeeCard(
  d: Dispute,
  data: CommitteeCardData,
  error = '',
  documents: OpenUrl[] = [],
  typedResolution: { text: string; penalty: string } = { text: '', penalty: '' },
): CardJson {
  const { similar, coordinator } = data;
  const nameOf = (k: string) => data.people.find((p) => p.key === k)?.displayName ?? 'quelqu’un';
  const memberOf = (id: string) => data.members.find((m) => m.id === id)?.name ?? id;
  const card = renderCard('dispute.committee', {
    typedResolution,
    ref: d.ref,
    fileId: d.fileId,
    disputeId: d.id,
    contract: cardText(contractLabel(data.contract, d.contractId)),
    mention: coordinator?.teamsUserId
      ? `Pour <at>${cardText(coordinator.displayName)}</at>, qui coordonne le dossier.`
      : '',
    status: statusLine(d, data.timeZone),
    color: color(d),
    member: cardText(memberOf(d.memberId)),
    category: CATEGORIES[d.category],
    severity: SEVERITIES[d.severity],
    factsDate: frenchDateOf(d.factsDate),
    reference: cardText(d.reference || '—'),
    description: longText(d.description),
    // The reporter's documents, clickable, named by their file.
    pieces: d.links.map((l) => markdownLink(l)).join(' · '),
    similar: similar.length
      ? cardText(
          `Signalements similaires (même marché, même catégorie, 30 jours) : ${similar.map((s) => `${s.ref} (${memberOf(s.memberId)})`).join(', ')} — ${count(new Set([d, ...similar].map((x) => x.memberId)).size, 'adhérent touché', 'adhérents touchés')} : un même problème du titulaire.`,
        )
      : '',
    log: d.history
      .slice(-5)
      .map((h) => `${when(h.at, data.timeZone)} — ${cardText(h.detail)} (${cardText(nameOf(h.by))})`)
      .join('\r'),
    isNew: d.status === 'nouveau',
    open: d.status !== 'resolu',
    canNotice: d.status !== 'resolu' && d.status !== 'mise-en-demeure',
    error: error ? cardText(error) : '',
  });
  // The mise en demeure's letter (PDF, DOCX), under the status it explains.
  if (documents.length) {
    const body = card.body as Array<{ type?: string }>;
    body.splice(
      Math.max(
        0,
        body.findIndex((b) => b.type === 'FactSet'),
      ),
      0,
      {
        type: 'ActionSet',
        spacing: 'Small',
        actions: documents,
      } as { type: string },
    );
  }
  return coordinator?.teamsUserId
    ? {
        ...card,
        msteams: {
          entities: [
            {
              type: 'mention',
              text: `<at>${cardText(coordinator.displayName)}</at>`,
              mentioned: { id: coordinator.teamsUserId, name: coordinator.displayName },
            },
          ],
        },
      }
    : card;
}

/** The reporter's card: where their report stands, and the committee's question to answer. */
export function reporterCard(d: Dispute, contract: Contract | null, timeZone: string, error = ''): CardJson {
  const last = d.history.at(-1);
  return renderCard('dispute.reporter', {
    ref: d.ref,
    fileId: d.fileId,
    disputeId: d.id,
    status: statusLine(d, timeZone),
    color: color(d),
    contract: cardText(contractLabel(contract, d.contractId)),
    category: CATEGORIES[d.category],
    latest:
      d.status === 'precisions-demandees'
        ? cardText(`Le comité vous demande : ${d.question}`)
        : last && last.detail !== 'Signalé'
          ? cardText(last.detail)
          : 'Votre signalement est transmis au Comité Opérationnel du dossier.',
    asking: d.status === 'precisions-demandees',
    error: error ? cardText(error) : '',
  });
}

/** The answer to the report form: the reporter's card under a thank-you that gives the reference. */
export function reportedCard(d: Dispute, contract: Contract | null, timeZone: string): CardJson {
  const card = reporterCard(d, contract, timeZone);
  const thanks = {
    type: 'TextBlock',
    text: `Merci : votre signalement porte la référence ${d.ref}. Vous serez prévenu·e à chaque étape.`,
    wrap: true,
    weight: 'Bolder',
    color: 'Good',
  };
  return { ...card, body: [thanks, ...(card.body as unknown[])] };
}

/** To the Direction Achats and the coordinator: a dispute past its delay. */
export function overdueCard(
  d: Dispute,
  what: 'takeCharge' | 'resolve',
  contract: Contract | null,
  timeZone: string,
): CardJson {
  return messageCard({
    title: `Litige ${d.ref} en retard`,
    text: cardText(
      `${what === 'takeCharge' ? 'Ce litige n’a pas été pris en charge' : 'Ce litige n’est pas résolu'} dans le délai prévu pour sa gravité (${SEVERITIES[d.severity].toLowerCase()}). ${contractLabel(contract, d.contractId)} — ${STATUS_LABELS[d.status]}. Signalé le ${when(d.createdAt, timeZone)}.`,
    ),
    tone: 'attention',
  });
}
