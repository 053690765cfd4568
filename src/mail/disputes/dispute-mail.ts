import { DisputeMailPresenter } from '../../app/disputes/ports';
import { CATEGORIES, Dispute, STATUS_LABELS } from '../../domain/disputes/dispute';
import { Contract } from '../../domain/disputes/registry';
import { localDay } from '../../domain/local-date';
import { frenchDateOf, frenchDateTime } from '../../domain/meetings/zoned-time';
import { buttonLink, escapeHtml, factsTable, mailPage } from '../html';
import { botChatLink } from '../teams-link';

/** A contract no longer in the registry still shows by its id (as on the Teams card). */
const contractLabel = (contract: Contract | null, id: string) =>
  contract ? `${contract.number} ${contract.title} (${contract.supplier})` : id;

/** The supplier's last day; an older record holds an instant, read as its local day. */
const lastDay = (deadline: string, timeZone: string) =>
  deadline.length === 10 ? deadline : localDay(new Date(deadline), timeZone);

/** What changed, in a sentence: the committee's question, or the step just taken. */
function news(d: Dispute): string {
  const last = d.history.at(-1);
  if (d.status === 'precisions-demandees') return `Le comité vous demande : ${d.question}`;
  if (d.status === 'resolu') return `Votre signalement est résolu${d.resolution ? ` : ${d.resolution}` : '.'}`;
  if (last && last.detail !== 'Signalé') return last.detail;
  return 'Votre signalement est transmis au Comité Opérationnel du dossier.';
}

/**
 * A dispute's news to its reporter as a French e-mail, as the Teams card says it: the reference,
 * the contract, the status, the committee's question (answered in Teams, « mes litiges »).
 */
export function disputeMailPresenter(botId: string | null): DisputeMailPresenter {
  return {
    disputeMail(d, { centraleName, contract, timeZone }) {
      const status = STATUS_LABELS[d.status];
      const subject = `Litige ${d.ref} : ${status.toLowerCase()}`;
      const rows: Array<[string, string]> = [
        ['Référence', d.ref],
        ['Marché', contractLabel(contract, d.contractId)],
        ['Catégorie', CATEGORIES[d.category]],
        ['État', status],
      ];
      if (d.status === 'mise-en-demeure' && d.contradictoryDeadline)
        rows.push([
          'Réponse du titulaire attendue au plus tard le',
          frenchDateOf(lastDay(d.contradictoryDeadline, timeZone)),
        ]);
      const last = d.history.at(-1);
      if (last) rows.push(['Depuis le', frenchDateTime(new Date(last.at), timeZone)]);
      const asking = d.status === 'precisions-demandees';
      const link = botId ? botChatLink(botId) : null;
      const todo = asking
        ? `Répondez au comité dans Teams : ouvrez la conversation avec le bot de la centrale${link ? ` (${link})` : ''} et tapez « mes litiges ».`
        : `Pour suivre votre signalement dans Teams, ouvrez la conversation avec le bot de la centrale${link ? ` (${link})` : ''} et tapez « mes litiges ».`;
      const text = [
        `Votre signalement ${d.ref}`,
        '',
        news(d),
        '',
        ...rows.map(([k, v]) => `${k} : ${v}`),
        '',
        todo,
        '',
        '-- ',
        centraleName,
      ].join('\n');
      const html = mailPage(
        subject,
        [
          `<h1 style="font-size:22px;margin:0 0 12px">Votre signalement ${escapeHtml(d.ref)}</h1>`,
          `<p><strong>${escapeHtml(news(d))}</strong></p>`,
          factsTable(rows),
          `<p>${escapeHtml(todo.replace(link ? ` (${link})` : '', ''))}</p>`,
          link ? buttonLink(escapeHtml(link), asking ? 'Répondre dans Teams' : 'Ouvrir le bot dans Teams') : '',
          `<p style="font-size:14px;color:#4a4a4a">${escapeHtml(centraleName)}</p>`,
        ].join('\n'),
      );
      return { subject, text, html };
    },
  };
}
