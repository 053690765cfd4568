/**
 * Sitting rules of an instance. None of the centrale's committees is a statutory assembly:
 * their charter decides. The statutory rules (docs/domain.md) are offered as presets.
 */
export type QuorumRule =
  | { kind: 'aucun' }
  /** More than half of the members in office (CGCT L2121-17). */
  | { kind: 'majorite-des-membres'; countsRepresented: boolean; countsRemote?: boolean }
  /** At least half of the members, present, remote or represented (CRPA R133-10). */
  | { kind: 'moitie-des-membres'; countsRepresented: boolean; countsRemote?: boolean };

/**
 * Whether members attending remotely count towards the quorum. CGCT L2121-17 counts members
 * physically present; a remote sitting of an intercommunal council counts every room
 * (L5211-11-1); consultative commissions count present, remote or represented (CRPA R133-10).
 * Rules stored before this field count them (what the bot did then).
 */
export const countsRemote = (rule: QuorumRule): boolean => rule.kind === 'aucun' || rule.countsRemote !== false;

export interface ProxyRule {
  allowed: boolean;
  /** How many proxies one member may hold at once (CGCT: 1). */
  maxPerHolder: number;
  /** A proxy is valid for at most this many consecutive sittings (CGCT: 3). */
  maxConsecutiveSittings: number;
}

export interface InstanceRules {
  /** Notice in jours francs: whole days between the sending day and the sitting day. */
  noticeDays: number;
  urgencyNoticeDays: number;
  quorum: QuorumRule;
  proxies: ProxyRule;
  remoteAllowed: boolean;
  /**
   * CGCT L5211-11-1: when members take part remotely, votes are public (the result names the
   * voters) and a secret ballot cannot be held: the item goes to an in-person sitting.
   */
  remoteVotesNamed?: boolean;
}

export const RULE_PRESETS = {
  /** Communes of 3,500 inhabitants or more, EPCI (CGCT L2121-12, L2121-17, L2121-20). */
  'cgct-3500-et-plus': {
    noticeDays: 5,
    urgencyNoticeDays: 1,
    quorum: { kind: 'majorite-des-membres', countsRepresented: false, countsRemote: false },
    proxies: { allowed: true, maxPerHolder: 1, maxConsecutiveSittings: 3 },
    remoteAllowed: false,
  },
  /** Communes under 3,500 inhabitants (CGCT L2121-11). */
  'cgct-moins-de-3500': {
    noticeDays: 3,
    urgencyNoticeDays: 1,
    quorum: { kind: 'majorite-des-membres', countsRepresented: false, countsRemote: false },
    proxies: { allowed: true, maxPerHolder: 1, maxConsecutiveSittings: 3 },
    remoteAllowed: false,
  },
  /** Intercommunal councils sitting in several rooms by video (CGCT L5211-11-1, décret 2020-904). */
  'epci-seance-a-distance': {
    noticeDays: 5,
    urgencyNoticeDays: 1,
    quorum: { kind: 'majorite-des-membres', countsRepresented: false, countsRemote: true },
    proxies: { allowed: true, maxPerHolder: 1, maxConsecutiveSittings: 3 },
    remoteAllowed: true,
    remoteVotesNamed: true,
  },
  /** Consultative commissions (CRPA R133-8 to R133-10). */
  'commission-consultative': {
    noticeDays: 5,
    urgencyNoticeDays: 1,
    quorum: { kind: 'moitie-des-membres', countsRepresented: true, countsRemote: true },
    proxies: { allowed: true, maxPerHolder: 1, maxConsecutiveSittings: 3 },
    remoteAllowed: true,
  },
  /** Working groups with no formal quorum. */
  'groupe-de-travail': {
    noticeDays: 2,
    urgencyNoticeDays: 0,
    quorum: { kind: 'aucun' },
    proxies: { allowed: false, maxPerHolder: 0, maxConsecutiveSittings: 0 },
    remoteAllowed: true,
  },
} as const satisfies Record<string, InstanceRules>;

export type RulePreset = keyof typeof RULE_PRESETS;

/** Where each preset's rules come from: a legal source, or « pratique » (README repeats it). */
export const RULE_PRESET_SOURCES: Record<
  RulePreset,
  { notice: string; quorum: string; proxies: string; remote: string }
> = {
  'cgct-3500-et-plus': {
    notice: 'CGCT L2121-12 (5 jours francs ; 1 en urgence)',
    quorum:
      'CGCT L2121-17 (majorité des membres en exercice physiquement présents ; sinon deuxième convocation sans quorum)',
    proxies: 'CGCT L2121-20 (un pouvoir par membre, trois séances consécutives au plus)',
    remote: 'pas de séance à distance pour un conseil municipal',
  },
  'cgct-moins-de-3500': {
    notice: 'CGCT L2121-11 (3 jours francs ; 1 en urgence)',
    quorum: 'CGCT L2121-17',
    proxies: 'CGCT L2121-20',
    remote: 'pas de séance à distance pour un conseil municipal',
  },
  'epci-seance-a-distance': {
    notice: 'CGCT L2121-12 par renvoi de L5211-1',
    quorum: 'CGCT L5211-11-1 (quorum apprécié dans les différents lieux de réunion ; pouvoirs non comptés, L2121-17)',
    proxies: 'CGCT L2121-20',
    remote:
      'CGCT L5211-11-1, décret 2020-904 (vote public, résultat nominatif ; scrutin secret : point reporté en présentiel)',
  },
  'commission-consultative': {
    notice: 'CRPA R133-8 (5 jours)',
    quorum: 'CRPA R133-10 (moitié des membres présents, à distance ou représentés)',
    proxies: 'CRPA R133-10 (un mandat par membre) ; trois séances : pratique reprise du CGCT',
    remote: 'CRPA R133-10 ; ordonnance 2014-1329 pour les collèges de l’État',
  },
  'groupe-de-travail': {
    notice: 'pratique (2 jours)',
    quorum: 'pratique (pas de quorum)',
    proxies: 'pratique (pas de pouvoir)',
    remote: 'pratique',
  },
};
export const RULE_PRESET_NAMES = Object.keys(RULE_PRESETS) as RulePreset[];

/**
 * The legal source of an instance's notice period, from the preset its rules are (the same
 * notice, quorum and proxies); null for rules an administrator set otherwise (the instance's
 * règlement intérieur then says).
 */
export function noticeSourceOf(rules: InstanceRules): string | null {
  const same = RULE_PRESET_NAMES.find((name) => {
    const preset: InstanceRules = RULE_PRESETS[name];
    return (
      preset.noticeDays === rules.noticeDays &&
      preset.urgencyNoticeDays === rules.urgencyNoticeDays &&
      JSON.stringify(preset.quorum) === JSON.stringify(rules.quorum) &&
      JSON.stringify(preset.proxies) === JSON.stringify(rules.proxies)
    );
  });
  return same ? RULE_PRESET_SOURCES[same].notice : null;
}

export const rulesFromPreset = (preset: RulePreset): InstanceRules =>
  structuredClone(RULE_PRESETS[preset]) as InstanceRules;

/** Attendance (present + remote, plus represented where the rule counts them) needed. */
export function quorumThreshold(rule: QuorumRule, membersInOffice: number): number {
  switch (rule.kind) {
    case 'aucun':
      return 0;
    case 'majorite-des-membres':
      return Math.floor(membersInOffice / 2) + 1;
    case 'moitie-des-membres':
      return Math.ceil(membersInOffice / 2);
  }
}

export function describeQuorum(rule: QuorumRule): string {
  switch (rule.kind) {
    case 'aucun':
      return 'pas de quorum';
    case 'majorite-des-membres':
      return `majorité des membres en exercice${countsRemote(rule) ? '' : ' physiquement présents'}${rule.countsRepresented ? ', pouvoirs compris' : ''}`;
    case 'moitie-des-membres':
      return `moitié des membres${rule.countsRepresented ? (countsRemote(rule) ? ' (présents, à distance ou représentés)' : ' (présents ou représentés)') : countsRemote(rule) ? ' (présents ou à distance)' : ' physiquement présents'}`;
  }
}

export function describeRules(rules: InstanceRules): string {
  const notice = rules.noticeDays === 1 ? '1 jour franc' : `${rules.noticeDays} jours francs`;
  const proxies = rules.proxies.allowed
    ? rules.proxies.maxPerHolder === 1
      ? 'un pouvoir au plus par membre'
      : `${rules.proxies.maxPerHolder} pouvoirs au plus par membre`
    : 'pas de pouvoir';
  const quorum = rules.quorum.kind === 'aucun' ? 'sans quorum' : `quorum : ${describeQuorum(rules.quorum)}`;
  return `Convocation ${notice} avant · ${quorum} · ${proxies}`;
}

/**
 * What a second attempt after a missed quorum follows, by the instance's quorum rule: a
 * deliberation without quorum condition on a new convocation with the same agenda — CGCT
 * L2121-17 (majority of the members in office: three days at least after the first) and CRPA
 * R133-10 (half of the members: no interval). The validation circuit applies it to a vote stage
 * relaunched after its ballot missed the quorum. No quorum to miss: null.
 */
export interface SecondAttemptRule {
  quorum: QuorumRule;
  /** Whole days at least between the attempt that missed the quorum and the new one. */
  intervalDays: number;
  /** The source, as the card cites it. */
  source: string;
}

export function secondAttemptRule(rule: QuorumRule): SecondAttemptRule | null {
  switch (rule.kind) {
    case 'aucun':
      return null;
    case 'majorite-des-membres':
      return { quorum: { kind: 'aucun' }, intervalDays: 3, source: 'CGCT L2121-17' };
    case 'moitie-des-membres':
      return { quorum: { kind: 'aucun' }, intervalDays: 0, source: 'CRPA R133-10' };
  }
}
