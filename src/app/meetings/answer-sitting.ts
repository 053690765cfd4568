import {
  Answer,
  AttendanceChoice,
  QuorumForecast,
  forecastQuorum,
  giveAnswer,
  revokeProxy,
} from '../../domain/meetings/attendance';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { sittingOfCentrale } from './organised-sitting';
import { MeetingRepository } from './ports';
import { followProxyChange } from './proxy-runs';

/**
 * A member answers the convocation on their card. Checked and written under the etag of the
 * sitting's answers, so two members cannot both give the last proxy a holder may carry.
 */
export async function answerSitting(
  deps: Pick<AppDeps, 'governance' | 'clock'> & { meetings: MeetingRepository },
  actor: Actor,
  input: {
    sittingId: string;
    choice: AttendanceChoice;
    proxyHolderKey?: string | null;
    proxySittings?: number;
    substituteName?: string;
  },
): Promise<{ answer: Answer; forecast: QuorumForecast }> {
  const person = requirePerson(actor);
  const sitting = await sittingOfCentrale(deps, person, input.sittingId);
  const people = await deps.governance.listPeople(sitting.centraleId);
  const nameOf = (key: string) => people.find((p) => p.key === key)?.displayName ?? 'Ce membre';
  const now = deps.clock.now();
  let before: Answer | undefined;
  const answer = await deps.meetings.answer(sitting.id, (current) => {
    before = current.find((a) => a.personKey === person.key);
    return giveAnswer(
      {
        id: sitting.id,
        startsAt: new Date(sitting.startsAt),
        cancelled: sitting.status === 'annulee',
        memberKeys: sitting.memberKeys,
        rules: {
          remoteAllowed: sitting.remoteAllowed,
          proxiesAllowed: sitting.proxiesAllowed,
          maxProxiesPerHolder: sitting.maxProxiesPerHolder,
          maxProxySittings: sitting.maxProxySittings,
          quorum: sitting.quorum,
        },
        nameOf,
      },
      current,
      {
        personKey: person.key,
        choice: input.choice,
        proxyHolderKey: input.proxyHolderKey ?? null,
        proxySittings: input.proxySittings,
        substituteName: input.substituteName,
      },
      now,
    );
  });
  // A proxy for several sittings reaches the ones already convened; one replaced leaves them.
  await followProxyChange(deps, sitting, person.key, before, answer);
  await deps.meetings.acknowledge(sitting.id, person.key, now);
  const forecast = forecastQuorum(sitting.quorum, sitting.memberKeys, await deps.meetings.answersOf(sitting.id));
  return { answer, forecast };
}

/** The giver takes back their proxy before the sitting: for it and the following sittings it reached. */
export async function revokeSittingProxy(
  deps: Pick<AppDeps, 'governance' | 'clock'> & { meetings: MeetingRepository },
  actor: Actor,
  sittingId: string,
): Promise<void> {
  const person = requirePerson(actor);
  const sitting = await sittingOfCentrale(deps, person, sittingId);
  const now = deps.clock.now();
  let before: Answer | undefined;
  await deps.meetings.updateAnswers(sitting.id, (current) => {
    before = current.find((a) => a.personKey === person.key);
    return revokeProxy(
      { startsAt: new Date(sitting.startsAt), cancelled: sitting.status === 'annulee' },
      current,
      person.key,
      now,
    );
  });
  await followProxyChange(deps, sitting, person.key, before, null);
}
