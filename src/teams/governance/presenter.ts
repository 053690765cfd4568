import { GovernancePresenter } from '../../app/governance/ports';
import { cardText, renderCard } from '../card-renderer';
import { longText } from '../long-text';
import { asActivity } from '../replies';
import { BotDeps } from '../turn';

/** The cards of governance notices (see app/presenters.ts). */
export function governancePresenter(_deps: Omit<BotDeps, 'presenters'>): GovernancePresenter {
  return {
    announcement: ({ instanceName, text, senderName }) =>
      asActivity(
        renderCard('announcement', {
          instanceName: cardText(instanceName),
          text: longText(text),
          senderName: cardText(senderName),
        }),
      ),
  };
}
