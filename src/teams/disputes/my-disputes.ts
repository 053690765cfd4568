import { myDisputes } from '../../app/disputes/my-disputes';
import { CATEGORIES, STATUS_LABELS } from '../../domain/disputes/dispute';
import { CardJson, cardText } from '../card-renderer';
import { mineList } from '../mine-list';
import { Turn } from '../turn';

/** « Mes litiges »: what the person reported (their card) or handles (the committee's card). */
export async function myDisputesCard(turn: Turn): Promise<CardJson> {
  const rows = (await myDisputes(turn.deps, turn.actor)).map(({ dispute: d, reporter, handler }) => ({
    title: cardText(`${d.ref} — ${CATEGORIES[d.category]}`),
    subtitle: `${STATUS_LABELS[d.status]}${d.reference ? ` · ${cardText(d.reference)}` : ''}`,
    detail: [reporter ? 'Vous l’avez signalé.' : '', handler ? 'Votre comité le traite.' : ''],
    button: 'Ouvrir le litige',
    verb: 'dispute.view',
    data: { fileId: d.fileId, disputeId: d.id },
  }));
  return mineList(
    'Mes litiges',
    'Aucun litige en cours ou résolu depuis moins de 90 jours ne vous concerne : vous n’en avez pas signalé et votre comité n’en traite pas.',
    rows,
  );
}
