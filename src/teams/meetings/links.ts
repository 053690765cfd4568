import { Sitting } from '../../domain/meetings/sitting';
import { BotDeps } from '../turn';

const DAY = 86_400_000;

/** The calendar link stays valid until two months after the sitting; the proof link one day. */
export const icsUrlOf = (deps: Pick<BotDeps, 'links'>, s: Sitting) =>
  deps.links.url('agenda', s.id, new Date(Date.parse(s.startsAt) + 60 * DAY));
export const proofUrlOf = (deps: Pick<BotDeps, 'links' | 'clock'>, s: Sitting) =>
  deps.links.url('preuve', s.id, new Date(deps.clock.now().getTime() + DAY));
