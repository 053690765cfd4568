import { SittingForecast, channelForecast } from '../../app/meetings/sitting-forecast';
import { CardJson } from '../card-renderer';
import { forEveryone } from '../replies';
import { Turn } from '../turn';
import { channelForecastCard, forecastCard } from './views';
import { documentButtons } from '../documents';

/**
 * The organiser's card after a convocation or a change. In a channel the card clicked is
 * everyone's: it becomes the members' view, which Teams refreshes into the forecast for the
 * organisers alone.
 */
export async function organiserCard(turn: Turn, f: SittingForecast, proofUrl: string): Promise<CardJson> {
  if (turn.scope !== 'channel') return forecastCard(f, proofUrl, documentButtons(turn.deps, f.documents ?? []));
  const shared = await channelForecast(turn.deps, turn.actor, f.sitting.id);
  return forEveryone(channelForecastCard({ ...shared, forecast: null }, proofUrl));
}
