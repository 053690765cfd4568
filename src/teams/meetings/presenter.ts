import { ConvocationNotice, MeetingPresenter } from '../../app/meetings/ports';
import { asActivity } from '../replies';
import { BotDeps } from '../turn';
import { icsUrlOf } from './links';
import { documentButtons } from '../documents';
import { minutesCard } from './minutes';
import { cancelledBanner, channelConvocation, personalConvocation, replacedConvocation } from './views';

/** The headline of a member's card, by the notice it comes with. */
const BANNERS: Record<ConvocationNotice, string> = {
  convocation: '',
  revision: 'Séance modifiée : vérifiez la date, le lieu et l’ordre du jour, et votre réponse.',
  reminder: 'Rappel : vous n’avez pas encore répondu à cette convocation.',
};

/**
 * The cards of meetings notices (see app/presenters.ts). A member's card goes out without
 * answers: Teams refreshes it with theirs as they display it (`meeting.view`).
 */
export function meetingPresenter(deps: Omit<BotDeps, 'presenters'>): MeetingPresenter {
  return {
    personalConvocation: (notice, s, people, memberKey, documents = []) =>
      asActivity(
        personalConvocation(s, people, [], memberKey, {
          banner: BANNERS[notice],
          icsUrl: icsUrlOf(deps, s),
          documents: documentButtons(deps, documents),
        }),
      ),
    channelConvocation: (s, people, answers, documents = []) =>
      asActivity(channelConvocation(s, people, answers, icsUrlOf(deps, s), documentButtons(deps, documents))),
    replacedConvocation: (s) => asActivity(replacedConvocation(s)),
    // No calendar link on a cancellation: there is nothing to add.
    cancellation: (s, people) => asActivity(personalConvocation(s, people, [], '', { banner: cancelledBanner(s) })),
    minutes: (s, people, documents) => asActivity(minutesCard(s, people, documentButtons(deps, documents))),
    refreshShared: (cardId, refresh) => deps.refresher.request(cardId, refresh),
  };
}
