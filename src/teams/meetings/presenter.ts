import { MeetingPresenter } from '../../app/meetings/ports';
import { BotDeps } from '../turn';

/** The cards of meetings notices (see app/presenters.ts). */
export function meetingPresenter(_deps: Omit<BotDeps, 'presenters'>): MeetingPresenter {
  return {};
}
