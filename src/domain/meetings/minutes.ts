import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { QuorumRule } from '../rules';
import { Answer, AttendanceChoice, forecastQuorum } from './attendance';

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
  }>;
  decisions: Array<{ item: string; decision: string }>;
  counted: number;
  required: number;
  quorumReached: boolean;
  recordedAt: string;
  recordedBy: string;
}

export interface MinutesInput {
  attendance: Record<string, AttendanceChoice>;
  decisions: string[];
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

export function recordMinutes(
  s: { startsAt: string; status: string; memberKeys: string[]; agenda: Array<{ title: string }>; quorum: QuorumRule },
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
    return { personKey: key, choice, proxyHolderKey: holder, ...(substituteName ? { substituteName } : {}) };
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
  const forecast = forecastQuorum(
    s.quorum,
    s.memberKeys,
    attendance.map((a) => ({ ...a, answeredAt: now.toISOString() })),
  );
  return {
    attendance,
    decisions: s.agenda.map((item, n) => ({ item: item.title, decision: input.decisions[n]!.trim() })),
    counted: forecast.counted,
    required: forecast.required,
    quorumReached: forecast.reached,
    recordedAt: now.toISOString(),
    recordedBy: by,
  };
}
