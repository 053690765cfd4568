import { MailPresenter } from '../app/presenters';
import { ballotMailPresenter } from './ballots/ballot-mail';
import { disputeMailPresenter } from './disputes/dispute-mail';
import { meetingMailPresenter } from './meetings/sitting-mail';
import { needsMailPresenter } from './needs/campaign-mail';

/**
 * Every notice's e-mail words, one object wired in main.ts when a transport is configured.
 * `botId` (« 28:<MICROSOFT_APP_ID> ») opens the bot in Teams from the e-mails that send there.
 */
export function mailPresenter(botId: string | null): MailPresenter {
  return {
    ...meetingMailPresenter,
    ...ballotMailPresenter,
    ...needsMailPresenter(botId),
    ...disputeMailPresenter(botId),
  };
}
