import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { QuorumRule, quorumThreshold } from '../rules';

/**
 * Attendance answers to a convocation (practice of French convocation tools): présent, présent
 * à distance, absent, absent donnant pouvoir à un autre membre, remplacé par son suppléant.
 */
export type AttendanceChoice = 'present' | 'distance' | 'absent' | 'pouvoir' | 'suppleant';

/** Every answer, in the order a relevé lists them. */
export const ATTENDANCE_CHOICES: readonly AttendanceChoice[] = [
  'present',
  'distance',
  'pouvoir',
  'suppleant',
  'absent',
];

export const isAttendanceChoice = (v: string): v is AttendanceChoice =>
  (ATTENDANCE_CHOICES as readonly string[]).includes(v);

export const CHOICE_LABELS: Record<AttendanceChoice, string> = {
  present: 'Présent·e',
  distance: 'Présent·e à distance',
  absent: 'Absent·e',
  pouvoir: 'Absent·e, donne pouvoir',
  suppleant: 'Remplacé·e par son suppléant',
};

export interface Answer {
  personKey: string;
  choice: AttendanceChoice;
  proxyHolderKey: string | null;
  answeredAt: string;
}

export interface SittingRules {
  remoteAllowed: boolean;
  proxiesAllowed: boolean;
  maxProxiesPerHolder: number;
  quorum: QuorumRule;
}

export interface SittingForAnswers {
  startsAt: Date;
  cancelled: boolean;
  memberKeys: string[];
  rules: SittingRules;
  nameOf: (personKey: string) => string;
}

const attends = (a: Answer | undefined) => !a || a.choice === 'present' || a.choice === 'distance';

/** Checks an answer against the sitting's rules and the answers already given; returns it. */
export function giveAnswer(
  sitting: SittingForAnswers,
  answers: Answer[],
  input: { personKey: string; choice: AttendanceChoice; proxyHolderKey?: string | null },
  now: Date,
): Answer {
  const fail = (code: ErrorCode, message: string) => {
    throw new DomainError(code, message);
  };
  if (sitting.cancelled)
    fail(ErrorCode.SittingCancelled, 'Cette séance est annulée : il n’y a plus de réponse à donner.');
  if (now.getTime() >= sitting.startsAt.getTime())
    fail(ErrorCode.AnswersLocked, 'La séance a commencé : les réponses sont closes.');
  if (!sitting.memberKeys.includes(input.personKey)) {
    fail(
      ErrorCode.NotAMember,
      'Vous n’êtes pas membre de cette instance : seuls ses membres répondent à la convocation.',
    );
  }
  if (input.choice === 'distance' && !sitting.rules.remoteAllowed) {
    fail(ErrorCode.RemoteNotAllowed, 'La participation à distance n’est pas prévue pour cette séance.');
  }
  const byKey = new Map(answers.map((a) => [a.personKey, a]));
  const heldBy = (holder: string) =>
    answers.filter((a) => a.choice === 'pouvoir' && a.proxyHolderKey === holder && a.personKey !== input.personKey);
  let holder: string | null = null;
  if (input.choice === 'pouvoir') {
    if (!sitting.rules.proxiesAllowed)
      fail(ErrorCode.ProxiesNotAllowed, 'Les pouvoirs ne sont pas admis pour cette séance.');
    holder = input.proxyHolderKey ?? null;
    if (!holder || !sitting.memberKeys.includes(holder)) {
      fail(
        ErrorCode.UnknownProxyHolder,
        'Choisissez, parmi les membres de l’instance, la personne qui portera votre pouvoir.',
      );
    }
    if (holder === input.personKey) fail(ErrorCode.ProxyToSelf, 'On ne peut pas se donner pouvoir à soi-même.');
    const name = sitting.nameOf(holder!);
    if (!attends(byKey.get(holder!))) {
      fail(ErrorCode.ProxyHolderAbsent, `${name} a annoncé son absence : choisissez un membre qui sera présent.`);
    }
    const held = heldBy(holder!).length;
    if (held >= sitting.rules.maxProxiesPerHolder) {
      fail(
        ErrorCode.ProxyLimit,
        `${name} porte déjà ${held} pouvoir${held > 1 ? 's' : ''}, le maximum pour cette instance : choisissez un autre membre.`,
      );
    }
  }
  const mine = heldBy(input.personKey);
  if (mine.length > 0 && input.choice !== 'present' && input.choice !== 'distance') {
    const givers = mine.map((a) => sitting.nameOf(a.personKey)).join(', ');
    fail(
      ErrorCode.HoldsProxies,
      `Vous portez le pouvoir de ${givers} : ce pouvoir doit être repris avant que vous annonciez votre absence.`,
    );
  }
  return { personKey: input.personKey, choice: input.choice, proxyHolderKey: holder, answeredAt: now.toISOString() };
}

export interface QuorumForecast {
  members: number;
  present: number;
  remote: number;
  represented: number;
  substitutes: number;
  absent: number;
  noAnswer: string[];
  /** Who counts towards the quorum, under the instance's rule. */
  counted: number;
  required: number;
  reached: boolean;
}

/** Attendance announced so far against the quorum; silence counts as absence. */
export function forecastQuorum(rule: QuorumRule, memberKeys: string[], answers: Answer[]): QuorumForecast {
  const byKey = new Map(answers.filter((a) => memberKeys.includes(a.personKey)).map((a) => [a.personKey, a]));
  const count = (choice: AttendanceChoice) => [...byKey.values()].filter((a) => a.choice === choice).length;
  const present = count('present');
  const remote = count('distance');
  const represented = count('pouvoir');
  const substitutes = count('suppleant');
  const countsRepresented = rule.kind !== 'aucun' && rule.countsRepresented;
  const counted = present + remote + substitutes + (countsRepresented ? represented : 0);
  const required = quorumThreshold(rule, memberKeys.length);
  return {
    members: memberKeys.length,
    present,
    remote,
    represented,
    substitutes,
    absent: count('absent'),
    noAnswer: memberKeys.filter((k) => !byKey.has(k)),
    counted,
    required,
    reached: counted >= required,
  };
}
