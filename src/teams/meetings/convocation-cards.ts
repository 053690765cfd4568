import { ConvocationCards, convocationNoticeId } from '../../app/meetings/convene-sitting';
import { updatePostedCard } from '../../app/delivery/enqueue';
import { Person } from '../../domain/governance';
import { Sitting } from '../../domain/meetings/sitting';
import { BotDeps, Turn } from '../turn';
import { channelConvocation, personalConvocation } from './views';
import { asActivity } from '../replies';

const DAY = 86_400_000;

/** The calendar link stays valid until two months after the sitting; the proof link one day. */
export const icsUrlOf = (deps: Pick<BotDeps, 'links'>, s: Sitting) => deps.links.url('agenda', s.id, new Date(Date.parse(s.startsAt) + 60 * DAY));
export const proofUrlOf = (deps: Pick<BotDeps, 'links' | 'clock'>, s: Sitting) => deps.links.url('preuve', s.id, new Date(deps.clock.now().getTime() + DAY));

/** The cards a convocation (or its new version) sends: one per member, one for the channel. */
export function convocationCards(deps: Pick<BotDeps, 'links'>, people: Person[], banner = ''): ConvocationCards {
  return {
    personal: (s, key) => asActivity(personalConvocation(s, people, [], key, { icsUrl: icsUrlOf(deps, s), banner })),
    channel: (s) => asActivity(channelConvocation(s, people, [], icsUrlOf(deps, s))),
  };
}

/**
 * The channel's card shows the new state, coalesced (at most one update a second). `posted` is
 * the version whose convocation holds the card; `now` what it should show.
 */
export async function refreshChannelCard(turn: Turn, posted: Pick<Sitting, 'id' | 'version'>, now: Sitting) {
  const instance = await turn.deps.governance.getInstance(now.centraleId, now.instanceId);
  if (!instance?.channel) return;
  const people = await turn.deps.governance.listPeople(now.centraleId);
  await updatePostedCard(turn.deps, {
    noticeId: convocationNoticeId(posted),
    recipient: { kind: 'conversation', conversationId: instance.channel.conversationId, tenantId: turn.actor.person?.tenantId ?? '', label: '' },
    cardId: `${now.id}-v${posted.version}`,
    payload: asActivity(channelConvocation(now, people, await turn.deps.meetings.answersOf(now.id), icsUrlOf(turn.deps, now))),
  });
}
