import { BallotMailPresenter, BallotPresenter } from './ballots/ports';
import { DeliveryPresenter } from './delivery/ports';
import { DisputeMailPresenter, DisputePresenter } from './disputes/ports';
import { GovernancePresenter } from './governance/ports';
import { MeetingMailPresenter, MeetingPresenter } from './meetings/ports';
import { NeedsMailPresenter, NeedsPresenter } from './needs/ports';
import { SurveyPresenter } from './surveys/ports';

/**
 * What the use cases ask of the Teams layer: turn their data into the cards a notice posts
 * (opaque activities here). Wired once in `main.ts`; use cases and timer jobs take them from
 * their deps, so no route is needed to send a notice.
 */
export interface Presenters {
  meetings: MeetingPresenter;
  ballots: BallotPresenter;
  needs: NeedsPresenter;
  disputes: DisputePresenter;
  surveys: SurveyPresenter;
  delivery: DeliveryPresenter;
  governance: GovernancePresenter;
  /** The e-mails of notices (src/mail), when an e-mail transport is configured; else nothing is e-mailed. */
  mail?: MailPresenter;
}

/** Every notice's e-mail words, one object (src/mail/presenter.ts). */
export type MailPresenter = MeetingMailPresenter & BallotMailPresenter & NeedsMailPresenter & DisputeMailPresenter;
