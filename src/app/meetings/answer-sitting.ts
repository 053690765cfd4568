import { Answer, AttendanceChoice, QuorumForecast, forecastQuorum, giveAnswer } from '../../domain/meetings/attendance';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { sittingOfCentrale } from './organised-sitting';
import { MeetingRepository } from './ports';

/**
 * A member answers the convocation on their card. Checked and written under the etag of the
 * sitting's answers, so two members cannot both give the last proxy a holder may carry.
 */
export async function answerSitting(
  deps: Pick<AppDeps, 'governance' | 'clock'> & { meetings: MeetingRepository },
  actor: Actor,
  input: { sittingId: string; choice: AttendanceChoice; proxyHolderKey?: string | null },
): Promise<{ answer: Answer; forecast: QuorumForecast }> {
  const person = requirePerson(actor);
  const sitting = await sittingOfCentrale(deps, person, input.sittingId);
  const people = await deps.governance.listPeople(sitting.centraleId);
  const nameOf = (key: string) => people.find((p) => p.key === key)?.displayName ?? 'Ce membre';
  const now = deps.clock.now();
  const answer = await deps.meetings.answer(sitting.id, (current) =>
    giveAnswer(
      {
        startsAt: new Date(sitting.startsAt),
        cancelled: sitting.status === 'annulee',
        memberKeys: sitting.memberKeys,
        rules: {
          remoteAllowed: sitting.remoteAllowed,
          proxiesAllowed: sitting.proxiesAllowed,
          maxProxiesPerHolder: sitting.maxProxiesPerHolder,
          quorum: sitting.quorum,
        },
        nameOf,
      },
      current,
      { personKey: person.key, choice: input.choice, proxyHolderKey: input.proxyHolderKey ?? null },
      now,
    ),
  );
  await deps.meetings.acknowledge(sitting.id, person.key, now);
  const forecast = forecastQuorum(sitting.quorum, sitting.memberKeys, await deps.meetings.answersOf(sitting.id));
  return { answer, forecast };
}
