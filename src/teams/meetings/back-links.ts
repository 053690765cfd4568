import { backTo } from '../verb-router';

/** A refusal on the organiser's card leads back to it. */
export const toForecast = backTo('Revenir à la prévision du quorum', 'meeting.forecast', 'sittingId');
/** A refusal on a member's card leads back to their convocation. */
export const toConvocation = backTo('Revenir à la convocation', 'meeting.view', 'sittingId');
