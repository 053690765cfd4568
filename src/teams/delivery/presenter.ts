import { DeliveryPresenter } from '../../app/delivery/ports';
import { cardText, renderCard } from '../card-renderer';
import { asActivity } from '../replies';
import { BotDeps } from '../turn';

/** The cards of the delivery path (see app/presenters.ts). */
export function deliveryPresenter(_deps: Omit<BotDeps, 'presenters'>): DeliveryPresenter {
  return {
    givenUpAlert: (notice, record) =>
      asActivity(
        renderCard('delivery.alert', {
          noticeId: notice.noticeId,
          title: cardText(notice.title),
          recipient: cardText(record.recipient.label),
          reason: cardText(
            `${record.channel === 'email' ? `E-mail à ${record.address ?? ''} non remis : ` : ''}${record.reason ?? 'raison inconnue'}`,
          ),
        }),
      ),
  };
}
