import { z } from 'zod';
import { requirePerson } from '../../app/identify-actor';
import { DomainError } from '../../domain/errors';
import { forecastQuorum } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { authorize } from '../../domain/permissions';
import { CardJson } from '../card-renderer';
import { Turn } from '../turn';
import { proofUrlOf } from './convocation-cards';
import { forecastCard } from './views';

export const sittingIdData = z.object({ sittingId: z.string().min(1).max(200) });

/** A sitting of the actor's centrale, or a French error. */
export async function sittingOf(turn: Turn, sittingId: string): Promise<Sitting> {
  const s = await turn.deps.meetings.get(sittingId);
  if (!s || s.centraleId !== requirePerson(turn.actor).centraleId) {
    throw new DomainError('unknown-sitting', 'Cette séance est introuvable dans votre centrale.');
  }
  return s;
}

/** The organiser's card: quorum forecast, who has not answered, history, and the sitting's actions. */
export async function forecastOf(turn: Turn, s: Sitting): Promise<CardJson> {
  const instance = await turn.deps.governance.getInstance(s.centraleId, s.instanceId);
  if (!instance) throw new DomainError('unknown-sitting', 'Cette séance est introuvable dans votre centrale.');
  authorize(requirePerson(turn.actor), 'meeting.forecast.view', { instance });
  const people = await turn.deps.governance.listPeople(s.centraleId);
  return forecastCard(s, people, forecastQuorum(s.quorum, s.memberKeys, await turn.deps.meetings.answersOf(s.id)), proofUrlOf(turn.deps, s));
}
