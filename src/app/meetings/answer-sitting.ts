import {
  Answer,
  AnswerChannel,
  AttendanceChoice,
  QuorumForecast,
  forecastQuorum,
  giveAnswer,
  revokeProxy,
} from '../../domain/meetings/attendance';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { sittingOfCentrale } from './organised-sitting';
import { Answering, MeetingRepository } from './ports';
import { followProxyChange } from './proxy-runs';

/**
 * A member answers the convocation on their card. Checked and written under the etags of the
 * answers it was decided from, so two members cannot both give the last proxy a holder may
 * carry. `read`, the sitting and its answers as `answering` read them (in the person's
 * centrale), spares reading them again; the answers after this one come back with the forecast.
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
    /** Given elsewhere than on the Teams card (the e-mail's link): the journal says so. */
    via?: AnswerChannel;
  },
  read?: Answering,
): Promise<{ answer: Answer; forecast: QuorumForecast; answers: Answer[] }> {
  const person = requirePerson(actor);
  const sitting = read?.sitting ?? (await sittingOfCentrale(deps, person, input.sittingId));
  const people = await deps.governance.listPeople(sitting.centraleId);
  const nameOf = (key: string) => people.find((p) => p.key === key)?.displayName ?? 'Ce membre';
  const now = deps.clock.now();
  let before: Answer | undefined;
  let decidedOn: Answer[] = [];
  const answer = await deps.meetings.answer(
    sitting.id,
    (current) => {
      decidedOn = current;
      before = current.find((a) => a.personKey === person.key);
      const given = giveAnswer(
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
      return input.via ? { ...given, via: input.via } : given;
    },
    read,
  );
  // A proxy for several sittings reaches the ones already convened; one replaced leaves them.
  await followProxyChange(deps, sitting, person.key, before, answer);
  if (!read?.seen) await deps.meetings.acknowledge(sitting.id, person.key, now);
  // What was written: the answers it was decided on, with this one.
  const answers = [...decidedOn.filter((a) => a.personKey !== person.key), answer];
  return { answer, forecast: forecastQuorum(sitting.quorum, sitting.memberKeys, answers), answers };
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
