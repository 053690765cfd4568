import { DeliveryPresenter } from '../../app/delivery/ports';
import { BotDeps } from '../turn';

/** The cards of delivery notices (see app/presenters.ts). */
export function deliveryPresenter(_deps: Omit<BotDeps, 'presenters'>): DeliveryPresenter {
  return {};
}
