import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { QuorumRule } from '../rules';
import { Answer, AttendanceChoice, forecastQuorum, sitsWith } from './attendance';
import { ItemVote, VoteInput, VoteResult, checkVote, votesAt } from './minutes-votes';
import { localDateOf, wallClockOf, zonedInstant, addDays } from './zoned-time';

/**
 * After the sitting, the organiser records who actually attended and the relevé de décisions
 * (one decision per agenda item). The actual quorum follows from the attendance.
 */
export interface Minutes {
  /** `substituteName`: who sat in the member's place, as they named them when they answered. */
  attendance: Array<{
    personKey: string;
    choice: AttendanceChoice;
    proxyHolderKey: string | null;
    substituteName?: string;
    /** A late arrival, an early departure (instants); absent when the member sat throughout. */
    arrivedAt?: string;
    leftAt?: string;
    /** Absent, having said so before the sitting (an answer other than present): « excusé·e ». */
    excused?: true;
  }>;
  /** `vote` and `result` are absent in relevés recorded before votes were kept. */
  decisions: Array<{ item: string; decision: string; vote?: ItemVote; result?: VoteResult }>;
  counted: number;
  required: number;
  quorumReached: boolean;
  recordedAt: string;
  recordedBy: string;
  /** Président and secrétaire de séance (person keys), opening and closing (instants): absent in older relevés. */
  president?: string;
  secretary?: string;
  openedAt?: string;
  closedAt?: string;
}

/** Times are the sitting's local wall-clock times, « HH:MM ». */
export interface MinutesInput {
  attendance: Record<string, AttendanceChoice>;
  decisions: string[];
  president?: string | null;
  secretary?: string | null;
  opening?: string;
  closing?: string;
  movements?: Record<string, { arrival?: string; departure?: string }>;
  votes?: VoteInput[];
}

const HOUR = 3_600_000;
const hhmm = (s: string) => /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.trim());

/** « 9 h 30 », « 0 h 05 »: a wall-clock time as a French document prints it. */
export function frenchTime(instant: Date, timeZone: string): string {
  const w = wallClockOf(instant, timeZone);
  return `${w.hour} h ${String(w.minute).padStart(2, '0')}`;
}

/**
 * The sitting's times from wall-clock « HH:MM ». The opening falls on the sitting's local day —
 * or the next one when it would be more than 12 h before the convened start (a sitting convened
 * at 23 h 30 that opens at 0 h 05); every later time is the first at or after the opening, so a
 * sitting that runs past midnight closes the next day.
 */
function sittingClock(startsAt: Date, timeZone: string) {
  const day = localDateOf(startsAt, timeZone);
  const at = (time: string, from: Date | null): Date | null => {
    const m = hhmm(time);
    if (!m) return null;
    for (let d = 0; d < 3; d++) {
      const t = zonedInstant(addDays(day, d), Number(m[1]), Number(m[2]), timeZone);
      if (!t) continue;
      if (from ? t.getTime() >= from.getTime() : t.getTime() >= startsAt.getTime() - 12 * HOUR) return t;
    }
    return null;
  };
  return { at };
}

/** A relevé is established once the sitting has begun, and never for a cancelled one. */
export function assertMinutesOpen(s: { status: string; startsAt: string }, now: Date): void {
  if (s.status === 'annulee')
    throw new DomainError(ErrorCode.SittingCancelled, 'Cette séance a été annulée : il n’y a pas de relevé à établir.');
  if (Date.parse(s.startsAt) > now.getTime()) {
    throw new DomainError(
      ErrorCode.SittingNotStarted,
      'La séance n’a pas encore eu lieu : le relevé s’établit une fois la séance ouverte.',
    );
  }
}

type SittingOfMinutes = {
  startsAt: string;
  timeZone: string;
  status: string;
  organiserKey: string;
  memberKeys: string[];
  agenda: Array<{ title: string }>;
  quorum: QuorumRule;
};

/**
 * The président and the secrétaire de séance, chosen among the members who sit (in the room or
 * at a distance). Not chosen: the président is the organiser who convened the sitting when they
 * sit, else the first member who sits; the secrétaire the first other member who sits.
 */
export function defaultOfficers(
  memberKeys: string[],
  sits: (key: string) => boolean,
  organiserKey: string,
): { president: string | null; secretary: string | null } {
  const sitting = memberKeys.filter(sits);
  const president = sitting.includes(organiserKey) ? organiserKey : (sitting[0] ?? null);
  return { president, secretary: sitting.find((k) => k !== president) ?? president };
}

function sittingPeople(
  s: SittingOfMinutes,
  attendance: Array<{ personKey: string; choice: AttendanceChoice }>,
  input: MinutesInput,
  nameOf: (key: string) => string,
) {
  const fail = (message: string): never => {
    throw new DomainError(ErrorCode.MinutesInvalid, message);
  };
  /** About who was there and when they came or left: the form's attendance part. */
  const failPresence = (message: string): never => {
    throw new DomainError(ErrorCode.PresenceInvalid, message);
  };
  const sits = (key: string) => sitsWith(attendance.find((a) => a.personKey === key)?.choice ?? 'absent');
  const defaults = defaultOfficers(s.memberKeys, sits, s.organiserKey);
  const officer = (key: string | null | undefined, role: string, fallback: string | null) => {
    if (!key) return fallback;
    if (!s.memberKeys.includes(key)) fail(`Choisissez le ${role} parmi les membres de l’instance.`);
    if (!sits(key)) fail(`${nameOf(key)} n’était pas présent·e : choisissez le ${role} parmi les membres présents.`);
    return key;
  };
  const officers = {
    president: officer(input.president, 'président de séance', defaults.president),
    secretary: officer(input.secretary, 'secrétaire de séance', defaults.secretary),
  };
  const startsAt = new Date(s.startsAt);
  const clock = sittingClock(startsAt, s.timeZone);
  const say = (t: Date) => frenchTime(t, s.timeZone);
  let openedAt = startsAt;
  if (input.opening?.trim()) {
    openedAt = clock.at(input.opening, null) ?? fail('Indiquez l’heure d’ouverture de la séance, par exemple 09:30.');
  }
  let closedAt: Date | null = null;
  if (input.closing?.trim()) {
    closedAt =
      clock.at(input.closing, openedAt) ?? fail('Indiquez l’heure de clôture de la séance, par exemple 12:00.');
    if (closedAt.getTime() === openedAt.getTime())
      fail(
        `La séance ne peut pas être close à l’heure de son ouverture (${say(openedAt)}) : corrigez l’heure de clôture.`,
      );
    if (closedAt.getTime() - openedAt.getTime() > 18 * HOUR)
      fail(
        `Clôture à ${say(closedAt)} pour une ouverture à ${say(openedAt)} : plus de 18 heures de séance. Vérifiez les heures.`,
      );
  }
  const movements: Record<string, { arrivedAt?: string; leftAt?: string }> = {};
  for (const [key, m] of Object.entries(input.movements ?? {})) {
    if (!s.memberKeys.includes(key)) continue;
    const arrival = m.arrival?.trim();
    const departure = m.departure?.trim();
    if (!arrival && !departure) continue;
    if (!sits(key))
      failPresence(
        `${nameOf(key)} est indiqué·e absent·e : retirez son heure d’arrivée ou de départ, ou indiquez-le présent·e.`,
      );
    const within = (time: string, what: string) => {
      const t =
        clock.at(time, openedAt) ?? failPresence(`Heure ${what} de ${nameOf(key)} non reconnue : par exemple 10:15.`);
      if (closedAt && t.getTime() > closedAt.getTime()) {
        failPresence(
          `L’heure ${what} de ${nameOf(key)} (${time}) est en dehors de la séance (${say(openedAt)} – ${say(closedAt)}) : corrigez-la.`,
        );
      }
      return t;
    };
    const arrivedAt = arrival ? within(arrival, 'd’arrivée') : null;
    const leftAt = departure ? within(departure, 'de départ') : null;
    if (arrivedAt && leftAt && leftAt.getTime() <= arrivedAt.getTime())
      failPresence(`${nameOf(key)} part (${departure}) avant d’arriver (${arrival}) : corrigez ses heures.`);
    movements[key] = {
      ...(arrivedAt ? { arrivedAt: arrivedAt.toISOString() } : {}),
      ...(leftAt ? { leftAt: leftAt.toISOString() } : {}),
    };
  }
  return { officers, times: { openedAt, closedAt }, movements };
}

/** Who held whose proxy: holder → the members they represented. */
export function proxiesHeld(m: Pick<Minutes, 'attendance'>): Map<string, string[]> {
  const held = new Map<string, string[]>();
  for (const a of m.attendance)
    if (a.choice === 'pouvoir' && a.proxyHolderKey)
      held.set(a.proxyHolderKey, [...(held.get(a.proxyHolderKey) ?? []), a.personKey]);
  return held;
}

export function recordMinutes(
  s: SittingOfMinutes,
  answers: Answer[],
  input: MinutesInput,
  context: { nameOf: (key: string) => string; by: string; now: Date },
): Minutes {
  const { nameOf, by, now } = context;
  assertMinutesOpen(s, now);
  const attendance = s.memberKeys.map((key) => {
    const choice = input.attendance[key] ?? 'absent';
    const holder =
      choice === 'pouvoir'
        ? (answers.find((a) => a.personKey === key && a.choice === 'pouvoir')?.proxyHolderKey ?? null)
        : null;
    if (choice === 'pouvoir' && !holder) {
      throw new DomainError(
        ErrorCode.NoProxyGiven,
        `${nameOf(key)} n’a pas donné de pouvoir dans ses réponses : indiquez absent·e, ou présent·e.`,
      );
    }
    const substituteName =
      choice === 'suppleant'
        ? answers.find((a) => a.personKey === key && a.choice === 'suppleant')?.substituteName
        : undefined;
    // Excusé·e: absent, and said beforehand they would not sit (absent, proxy or substitute answered).
    const excused =
      choice === 'absent' &&
      answers.some((a) => a.personKey === key && a.choice !== 'present' && a.choice !== 'distance');
    return {
      personKey: key,
      choice,
      proxyHolderKey: holder,
      ...(substituteName ? { substituteName } : {}),
      ...(excused ? { excused: true as const } : {}),
    };
  });
  for (const a of attendance) {
    const holder = a.proxyHolderKey && attendance.find((x) => x.personKey === a.proxyHolderKey);
    if (a.choice === 'pouvoir' && !(holder && (holder.choice === 'present' || holder.choice === 'distance'))) {
      throw new DomainError(
        ErrorCode.ProxyHolderAbsent,
        `Le pouvoir de ${nameOf(a.personKey)} ne compte pas : ${nameOf(a.proxyHolderKey!)} n’était pas présent·e. Indiquez ${nameOf(a.personKey)} absent·e.`,
      );
    }
  }
  if (input.decisions.length !== s.agenda.length)
    throw new DomainError(
      ErrorCode.DecisionsMismatch,
      'Le relevé doit suivre l’ordre du jour : rouvrez le formulaire.',
    );
  const missing = s.agenda.findIndex((_, n) => !input.decisions[n]?.trim());
  if (missing >= 0) {
    throw new DomainError(
      ErrorCode.DecisionMissing,
      `Indiquez la décision du point ${missing + 1} (« ${s.agenda[missing]!.title} ») : « Reporté » ou « Pas de décision » conviennent aussi.`,
    );
  }
  const { officers, times, movements } = sittingPeople(s, attendance, input, nameOf);
  const voters = attendance.filter((a) => votesAt(a.choice)).map((a) => a.personKey);
  const votes = s.agenda.map((item, n) =>
    checkVote(input.votes?.[n] ?? { kind: 'none' }, {
      item: n,
      title: item.title,
      voters,
      president: officers.president,
      nameOf,
    }),
  );
  const forecast = forecastQuorum(
    s.quorum,
    s.memberKeys,
    attendance.map((a) => ({ ...a, answeredAt: now.toISOString() })),
  );
  return {
    attendance: attendance.map((a) => ({ ...a, ...movements[a.personKey] })),
    decisions: s.agenda.map((item, n) => ({
      item: item.title,
      decision: input.decisions[n]!.trim(),
      ...(votes[n]!.vote.kind !== 'none' ? { vote: votes[n]!.vote, result: votes[n]!.result } : {}),
    })),
    ...(officers.president ? { president: officers.president } : {}),
    ...(officers.secretary ? { secretary: officers.secretary } : {}),
    openedAt: times.openedAt.toISOString(),
    ...(times.closedAt ? { closedAt: times.closedAt.toISOString() } : {}),
    counted: forecast.counted,
    required: forecast.required,
    quorumReached: forecast.reached,
    recordedAt: now.toISOString(),
    recordedBy: by,
  };
}
