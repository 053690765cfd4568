import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { QuorumRule, countsRemote, quorumThreshold } from '../rules';
import { count, frenchList } from '../french-text';
import { deName } from '../french-format';

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
  /** Who sits in their place, as the member named them (« Mon suppléant·e »); absent otherwise. */
  substituteName?: string;
  /** A proxy's reach (absent before proxies spanned sittings: this sitting only). */
  proxy?: ProxySpan;
  /** How the answer came, when not from Teams: 'lien-email', the page behind the e-mail's personal link. */
  via?: AnswerChannel;
}

/** Where an answer was given other than on the Teams card. */
export type AnswerChannel = 'lien-email';
export const ANSWER_CHANNEL_LABELS: Record<AnswerChannel, string> = { 'lien-email': 'par lien e-mail' };

/**
 * A proxy given « pour cette séance et les suivantes »: one written proxy covering `sittings`
 * consecutive sittings of the instance (CGCT L2121-20: three at most), starting at the sitting
 * `given`; `rank` is this sitting's place in the run (1 where it was given). It is carried to
 * the instance's next sitting (by date; a cancelled sitting is never held and does not count)
 * until `rank` reaches `sittings`, and no further.
 */
export interface ProxySpan {
  given: string;
  sittings: number;
  rank: number;
}

/** The reach of an answer's proxy (one sitting for proxies stored before spans existed). */
export const spanOf = (a: Answer): ProxySpan | null =>
  a.choice !== 'pouvoir' ? null : (a.proxy ?? { given: '', sittings: 1, rank: 1 });

export interface SittingRules {
  remoteAllowed: boolean;
  proxiesAllowed: boolean;
  maxProxiesPerHolder: number;
  /** How many consecutive sittings one proxy may cover (the rule preset's; CGCT: 3). */
  maxProxySittings: number;
  quorum: QuorumRule;
}

const SITTING_WORDS = ['zéro', 'une', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix'];
/** "trois séances consécutives", "une séance" */
const sittingsInWords = (n: number, consecutive = true) =>
  `${SITTING_WORDS[n] ?? String(n)} séance${n > 1 ? 's' : ''}${consecutive && n > 1 ? ' consécutives' : ''}`;

/** How a member may give a proxy on their card: this sitting only, or it and up to max − 1 following. */
export function proxySpanChoices(max: number): Array<{ title: string; value: string }> {
  return Array.from({ length: Math.max(1, max) }, (_, i) => ({
    title:
      i === 0
        ? 'Cette séance seulement'
        : i === 1
          ? 'Cette séance et la suivante'
          : `Cette séance et les ${i} suivantes`,
    value: String(i + 1),
  }));
}

export interface SittingForAnswers {
  id: string;
  startsAt: Date;
  cancelled: boolean;
  memberKeys: string[];
  rules: SittingRules;
  nameOf: (personKey: string) => string;
}

/** A choice that has the member sit (in the room or at a distance): they may hold a proxy. */
export const sitsWith = (choice: AttendanceChoice) => choice === 'present' || choice === 'distance';
/** A member who has not answered may still come: they may be chosen as a holder. */
const attends = (a: Answer | undefined) => !a || sitsWith(a.choice);

/** Checks an answer against the sitting's rules and the answers already given; returns it. */
export function giveAnswer(
  sitting: SittingForAnswers,
  answers: Answer[],
  input: {
    personKey: string;
    choice: AttendanceChoice;
    proxyHolderKey?: string | null;
    proxySittings?: number;
    substituteName?: string;
  },
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
    const span = input.proxySittings ?? 1;
    const max = Math.max(1, sitting.rules.maxProxySittings);
    if (!Number.isInteger(span) || span < 1 || span > max)
      fail(
        ErrorCode.ProxyTooLong,
        max === 1
          ? 'Le règlement de cette instance limite un pouvoir à une séance : choisissez « Cette séance seulement », puis redonnez pouvoir à la séance suivante.'
          : `Un pouvoir vaut pour ${sittingsInWords(max)} au plus (CGCT L2121-20) : choisissez au plus « Cette séance et les ${max - 1} suivantes », puis donnez un nouveau pouvoir si besoin.`,
      );
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
        `${name} porte déjà ${count(held, 'pouvoir', 'pouvoirs')}, le maximum pour cette instance : choisissez un autre membre.`,
      );
    }
  }
  const substitute = input.choice === 'suppleant' ? (input.substituteName ?? '').replace(/\s+/g, ' ').trim() : '';
  if (input.choice === 'suppleant' && !substitute)
    fail(
      ErrorCode.SubstituteRequired,
      'Indiquez le nom de votre suppléant·e dans le champ « Votre suppléant·e », puis appuyez à nouveau sur « Mon suppléant·e » : l’organisateur saura qui siège à votre place.',
    );
  if (substitute.length > 200)
    fail(
      ErrorCode.SubstituteTooLong,
      'Le nom du suppléant ou de la suppléante dépasse 200 caractères : raccourcissez-le.',
    );
  const mine = heldBy(input.personKey);
  if (mine.length > 0 && input.choice !== 'present' && input.choice !== 'distance') {
    // Who must act, and how: the giver takes the proxy back on their own card.
    const givers = frenchList(mine.map((a) => deName(sitting.nameOf(a.personKey))));
    fail(
      ErrorCode.HoldsProxies,
      mine.length > 1
        ? `Vous portez les pouvoirs ${givers} : demandez-leur de les révoquer (« Révoquer mon pouvoir » sur leur convocation) avant d’annoncer votre absence.`
        : `Vous portez le pouvoir ${givers} : demandez-lui de le révoquer (« Révoquer mon pouvoir » sur sa convocation) avant d’annoncer votre absence.`,
    );
  }
  const answer: Answer = {
    personKey: input.personKey,
    choice: input.choice,
    proxyHolderKey: holder,
    answeredAt: now.toISOString(),
    ...(substitute ? { substituteName: substitute } : {}),
  };
  return input.choice === 'pouvoir'
    ? { ...answer, proxy: { given: sitting.id, sittings: input.proxySittings ?? 1, rank: 1 } }
    : answer;
}

/** What carrying proxies needs of the next sitting. */
export interface NextSitting {
  memberKeys: string[];
  cancelled: boolean;
  proxiesAllowed: boolean;
  maxProxiesPerHolder: number;
}

/**
 * The proxies of one sitting that carry into the instance's next one, added to that sitting's
 * answers: those whose run is not over (rank < sittings), whose giver has not answered there and
 * whose holder still sits there, attends and may hold one more. A proxy that cannot be carried
 * ends (the run must be consecutive). Returns the next sitting's answers as they become.
 */
export function carryProxies(previous: Answer[], next: NextSitting, current: Answer[]): Answer[] {
  if (next.cancelled || !next.proxiesAllowed) return current;
  const out = [...current];
  for (const a of previous) {
    const span = spanOf(a);
    if (!span || span.rank >= span.sittings || !a.proxyHolderKey) continue;
    const holder = a.proxyHolderKey;
    if (!next.memberKeys.includes(a.personKey) || !next.memberKeys.includes(holder)) continue;
    if (out.some((x) => x.personKey === a.personKey)) continue;
    if (!attends(out.find((x) => x.personKey === holder))) continue;
    const held = out.filter((x) => x.choice === 'pouvoir' && x.proxyHolderKey === holder).length;
    if (held >= next.maxProxiesPerHolder) continue;
    out.push({ ...a, proxy: { ...span, rank: span.rank + 1 } });
  }
  return out;
}

/**
 * The giver revokes (or replaces) a proxy from one sitting on: in the later sittings, the
 * answers carried from the same proxy go (the member answers there again).
 */
export function withoutCarried(answers: Answer[], personKey: string, given: string, fromRank: number): Answer[] {
  return answers.filter((a) => {
    if (a.personKey !== personKey) return true;
    const span = spanOf(a);
    return !(span && span.given === given && span.rank > fromRank);
  });
}

/** The giver takes back their proxy before the sitting; returns the answers without it. */
export function revokeProxy(
  sitting: Pick<SittingForAnswers, 'startsAt' | 'cancelled'>,
  answers: Answer[],
  personKey: string,
  now: Date,
): Answer[] {
  if (sitting.cancelled)
    throw new DomainError(
      ErrorCode.SittingCancelled,
      'Cette séance est annulée : il n’y a plus de pouvoir à révoquer.',
    );
  if (now.getTime() >= sitting.startsAt.getTime())
    throw new DomainError(
      ErrorCode.AnswersLocked,
      'La séance a commencé : le pouvoir ne peut plus être révoqué pour elle. Il peut l’être pour les séances suivantes, depuis leur convocation.',
    );
  const mine = answers.find((a) => a.personKey === personKey);
  if (!mine || mine.choice !== 'pouvoir')
    throw new DomainError(
      ErrorCode.NoProxyToRevoke,
      'Vous n’avez pas donné de pouvoir pour cette séance : il n’y a rien à révoquer.',
    );
  return answers.filter((a) => a.personKey !== personKey);
}

/** What a member's card says of their proxy: its reach, and until which sitting it holds when known. */
export function describeProxy(a: Answer, lastCovered: string | null): string {
  const span = spanOf(a);
  if (!span) return '';
  const law = span.sittings > 1 ? ' (CGCT L2121-20 : trois séances consécutives au plus)' : '';
  const until = lastCovered ? `, jusqu’à la séance du ${lastCovered} incluse` : '';
  if (span.sittings === 1) return 'Pouvoir valable pour cette séance seulement.';
  if (span.rank === 1) {
    const rest = span.sittings - 1;
    return `Pouvoir valable pour cette séance et ${rest === 1 ? 'la suivante' : `les ${rest} suivantes`} de l’instance${until}${law}.`;
  }
  if (span.rank >= span.sittings)
    return `Pouvoir reporté d’une séance précédente : ${span.rank}e et dernière séance de ce pouvoir. Pour la suivante, redonnez pouvoir si besoin.`;
  const left = span.sittings - span.rank;
  return `Pouvoir reporté d’une séance précédente : séance ${span.rank} sur ${span.sittings}, il vaut encore pour ${left === 1 ? 'la suivante' : `les ${left} suivantes`}${until}.`;
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
  // CGCT L2121-17 counts those physically present; other rules count remote members too.
  const counted = present + substitutes + (countsRemote(rule) ? remote : 0) + (countsRepresented ? represented : 0);
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
