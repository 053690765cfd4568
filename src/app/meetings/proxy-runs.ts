import { Answer, carryProxies, describeProxy, spanOf, withoutCarried } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { frenchDate, localDateOf } from '../../domain/meetings/zoned-time';
import { MeetingRepository } from './ports';

/**
 * Proxies given « pour cette séance et les suivantes » (CGCT L2121-20: three consecutive
 * sittings at most): the answers they make in the instance's other sittings. The rule is in
 * the domain (attendance.ts); here, which sittings it reads and writes.
 */
type Deps = { meetings: MeetingRepository };

const held = (s: Sitting) => s.status !== 'annulee';

/** The instance's sittings after this one (by date), cancelled ones left out: they are never held. */
async function following(deps: Deps, s: Sitting): Promise<Sitting[]> {
  return (await deps.meetings.ofInstance(s.centraleId, s.instanceId)).filter(
    (x) => x.id !== s.id && held(x) && x.startsAt > s.startsAt,
  );
}

const nextOf = (s: Sitting) => ({
  memberKeys: s.memberKeys,
  cancelled: !held(s),
  proxiesAllowed: s.proxiesAllowed,
  maxProxiesPerHolder: s.maxProxiesPerHolder,
});

/**
 * After a member's answer on sitting `s` (`before` their previous one there): a proxy they had
 * given is withdrawn from the later sittings it was carried to; a new proxy covering several
 * sittings is carried to those already convened, one after the other, while the run lasts.
 */
export async function followProxyChange(
  deps: Deps,
  s: Sitting,
  personKey: string,
  before: Answer | undefined,
  after: Answer | null,
): Promise<void> {
  const old = before ? spanOf(before) : null;
  const fresh = after ? spanOf(after) : null;
  if (!(old && old.sittings > old.rank) && !(fresh && fresh.sittings > fresh.rank)) return;
  let carrying: Answer[] = after && fresh && fresh.sittings > fresh.rank ? [after] : [];
  for (const next of await following(deps, s)) {
    const current = await deps.meetings.answersOf(next.id);
    let answers = old ? withoutCarried(current, personKey, old.given, old.rank) : current;
    answers = carrying.length ? carryProxies(carrying, nextOf(next), answers) : answers;
    if (JSON.stringify(answers) !== JSON.stringify(current))
      await deps.meetings.updateAnswers(next.id, (latest) => {
        const cleaned = old ? withoutCarried(latest, personKey, old.given, old.rank) : latest;
        return carrying.length ? carryProxies(carrying, nextOf(next), cleaned) : cleaned;
      });
    const carried = answers.find((a) => a.personKey === personKey && fresh && spanOf(a)?.given === fresh.given);
    const span = carried ? spanOf(carried) : null;
    carrying = carried && span && span.rank < span.sittings ? [carried] : [];
    if (!carrying.length && !(old && current.some((a) => a.personKey === personKey && spanOf(a)?.given === old.given)))
      break;
  }
}

/** A sitting just convened: the proxies of the instance's previous sitting whose run is not over carry into it. */
export async function carryIntoNewSitting(deps: Deps, s: Sitting): Promise<void> {
  if (!s.proxiesAllowed) return;
  const previous = (await deps.meetings.ofInstance(s.centraleId, s.instanceId))
    .filter((x) => x.id !== s.id && held(x) && x.startsAt < s.startsAt)
    .at(-1);
  if (!previous) return;
  const carrying = (await deps.meetings.answersOf(previous.id)).filter((a) => {
    const span = spanOf(a);
    return span && span.rank < span.sittings;
  });
  if (carrying.length) await deps.meetings.updateAnswers(s.id, (current) => carryProxies(carrying, nextOf(s), current));
}

/** What the member's card says of their proxy on `s`: its reach, and the last sitting it covers once known. */
export async function proxyNoteOf(deps: Deps, s: Sitting, answer: Answer | undefined): Promise<string> {
  const span = answer ? spanOf(answer) : null;
  if (!answer || !span) return '';
  let last: Sitting | null = null;
  if (span.rank < span.sittings)
    for (const next of await following(deps, s)) {
      const there = (await deps.meetings.answersOf(next.id)).find((a) => a.personKey === answer.personKey);
      if (!there || spanOf(there)?.given !== span.given) break;
      last = next;
    }
  return describeProxy(answer, last ? frenchDate(localDateOf(new Date(last.startsAt), last.timeZone)) : null);
}
