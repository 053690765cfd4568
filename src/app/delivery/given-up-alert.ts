import { enqueueNotice } from './enqueue';
import { DeliveryRecord, NoticeHeader } from './ports';
import { AppDeps } from '../ports';

const ALERT_PREFIX = 'alerte-';

/**
 * Tells the sender of a notice, once per notice, that a recipient could not be reached (403,
 * 413, too many failures): the report card says who and why.
 */
export function givenUpAlert(deps: Pick<AppDeps, 'governance' | 'outbox' | 'clock' | 'wake' | 'presenters'>) {
  return async (notice: NoticeHeader, record: DeliveryRecord): Promise<void> => {
    if (!notice.senderKey || notice.noticeId.startsWith(ALERT_PREFIX)) return;
    const sender = await deps.governance.getPerson(notice.centraleId, notice.senderKey);
    if (!sender) return;
    await enqueueNotice(deps, {
      noticeId: `${ALERT_PREFIX}${notice.noticeId}`,
      centraleId: notice.centraleId,
      senderKey: null,
      title: `Alerte d’envoi : ${notice.title}`,
      payload: deps.presenters.delivery.givenUpAlert(notice, record),
      serviceUrl: notice.serviceUrl,
      recipients: [
        {
          recipient: {
            kind: 'person',
            personKey: sender.key,
            tenantId: sender.tenantId,
            teamsUserId: sender.teamsUserId,
            label: sender.displayName,
          },
        },
      ],
    });
  };
}
