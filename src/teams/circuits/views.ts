import { Circuit, STAGE_KIND_LABELS, attemptOf, blockedStage } from '../../domain/ballots/circuit';
import { Person } from '../../domain/governance';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { nameIn } from '../ballots/views';
import type { AuditLinks } from '../ballots/views';
import { count, ordinal } from '../../domain/french-text';
import { OwnFiles, documentLinks, withLinkButtons } from '../doc-links';

const STAGE_STATE: Record<Circuit['stages'][number]['status'], string> = {
  'a-venir': 'À venir',
  'en-cours': 'En cours',
  favorable: 'Terminée : favorable',
  defavorable: 'Terminée : défavorable',
  'sans-quorum': 'Terminée : quorum non atteint',
  interrompue: 'Non ouverte (circuit arrêté)',
};

/** The headline: where the circuit stands, and for a suspended one what its owner may do. */
function headlineOf(c: Circuit): string {
  const blocked = blockedStage(c);
  const name = c.stages[blocked]?.instanceName ?? '';
  switch (c.status) {
    case 'valide':
      return 'Validé à toutes les étapes';
    case 'rejete':
      return 'Arrêté : une étape a été défavorable';
    case 'arrete':
      return 'Arrêté par son porteur après un quorum non atteint';
    case 'annule':
      return 'Annulé';
    case 'suspendu':
      return c.stages[blocked]?.status === 'sans-quorum'
        ? `Quorum non atteint à l’étape ${blocked + 1} — ${name}. Ce n’est pas un avis défavorable : relancez l’étape ou arrêtez le circuit.`
        : `L’étape ${blocked + 1} — ${name} — s’est terminée défavorablement : relancez-la (après avoir amendé le projet) ou arrêtez le circuit.`;
    case 'en-cours':
      return `En cours : étape ${c.stages.findIndex((s) => s.status === 'en-cours') + 1} sur ${c.stages.length}`;
  }
}

export function circuitStatusCard(c: Circuit, audit: AuditLinks, own?: OwnFiles): CardJson {
  const blocked = blockedStage(c);
  const card = renderCard('circuit.status', {
    circuitId: c.id,
    subject: cardText(c.subject),
    headline: cardText(headlineOf(c)),
    color: c.status === 'valide' ? 'Good' : c.status === 'en-cours' || c.status === 'annule' ? 'Default' : 'Attention',
    stages: c.stages.map((s, i) => ({
      title: `${i + 1}. ${cardText(`${s.instanceName} — ${STAGE_KIND_LABELS[s.kind]}`)}`,
      // The earlier runs of a relaunched stage, oldest first.
      history: s.attempts
        .map((a, n) =>
          cardText(`${ordinal(n + 1, 'f')} tentative : ${STAGE_STATE[a.status]}${a.outcome ? ` — ${a.outcome}` : ''}`),
        )
        .join('\r'),
      state:
        (s.attempts.length ? `${ordinal(attemptOf(s), 'f')} tentative : ` : '') +
        STAGE_STATE[s.status] +
        (s.startedAt && s.status === 'en-cours'
          ? ` depuis le ${frenchDateTime(new Date(s.startedAt), c.timeZone)}`
          : ''),
      outcome: cardText(s.outcome),
      rule: i === blocked || s.attempts.length ? cardText(s.rule) : '',
    })),
    suspended: blocked >= 0,
    blockedIndex: String(Math.max(blocked, 0)),
    attempt: blocked >= 0 ? String(attemptOf(c.stages[blocked]!) + 1) : '',
    auditUrl: audit.csv,
    auditXlsxUrl: audit.xlsx,
  });
  // The subject's own files (the programme) open from the card that follows the circuit.
  const { buttons } = documentLinks(c.links, own);
  return buttons.length ? { ...card, actions: [...buttons, ...((card.actions as unknown[]) ?? [])] } : card;
}

export function stageCard(c: Circuit, index: number, people: Person[], error = '', own?: OwnFiles): CardJson {
  const s = c.stages[index]!;
  const name = nameIn(people);
  const card = renderCard('circuit.stage', {
    circuitId: c.id,
    index: String(index),
    heading: cardText(`${s.kind === 'avis' ? 'Avis demandé' : 'Pour information'} — ${c.subject}`),
    intro: cardText(
      s.kind === 'avis'
        ? `${s.instanceName} est invité·e à donner son avis sur « ${c.subject} » (étape ${index + 1} du circuit de validation). Vos commentaires sont transmis au porteur.`
        : `${s.instanceName} est informé·e de « ${c.subject} » (étape ${index + 1} du circuit de validation). Merci d’accuser réception.`,
    ),
    links: documentLinks(c.links, own).markdown,
    state:
      s.status === 'en-cours'
        ? s.kind === 'information'
          ? `${count(s.acknowledgedBy.length, 'accusé', 'accusés')} de réception`
          : ''
        : cardText(`${STAGE_STATE[s.status]}${s.outcome ? ` — ${s.outcome}` : ''}`),
    comments: s.comments.map((x) => `${name(x.by)} : ${cardText(x.text)}`).join('\r'),
    isAvis: s.kind === 'avis',
    open: s.status === 'en-cours',
    error: error ? cardText(error) : '',
  });
  // The programme (the bot's own signed file) opens from a named button, after the introduction.
  return withLinkButtons(card, documentLinks(c.links, own).buttons, 2);
}
