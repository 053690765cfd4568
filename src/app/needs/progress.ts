import { Campaign } from '../../domain/needs/need';
import { updatePostedCard } from '../delivery/enqueue';
import { AppDeps } from '../ports';

/** The delivery that posted a campaign's cards (invitations and the channel's progress). */
export const campaignNoticeId = (id: string) => `campagne-${id}`;

type Deps = Pick<AppDeps, 'governance' | 'needs' | 'outbox' | 'clock' | 'wake' | 'presenters'>;

/**
 * The channel's progress card follows the answers. The refresh runs coalesced (the presenter's
 * refreshShared) and reads the state when it runs, not when it was asked for.
 */
export function refreshProgress(deps: Deps, c: Campaign): void {
  const presenter = deps.presenters.needs;
  presenter.refreshShared(`campagne-${c.id}`, async () => {
    const instance = c.channelInstanceId ? await deps.governance.getInstance(c.centraleId, c.channelInstanceId) : null;
    if (!instance?.channel) return;
    const [needs, answers] = await Promise.all([deps.needs.needs(c.id), deps.needs.answers(c.id)]);
    await updatePostedCard(deps, {
      noticeId: campaignNoticeId(c.id),
      recipient: { kind: 'conversation', conversationId: instance.channel.conversationId, tenantId: '', label: '' },
      cardId: c.id,
      payload: presenter.progress(c, needs, answers),
    });
  });
}
