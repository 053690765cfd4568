/**
 * Sitting rules of an instance. None of the centrale's committees is a statutory assembly:
 * their charter decides. The statutory rules (docs/domain.md) are offered as presets.
 */
export type QuorumRule =
  | { kind: 'aucun' }
  /** More than half of the members in office (CGCT L2121-17). */
  | { kind: 'majorite-des-membres'; countsRepresented: boolean }
  /** At least half of the members, present, remote or represented (CRPA R133-10). */
  | { kind: 'moitie-des-membres'; countsRepresented: boolean };

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
}

export const RULE_PRESETS = {
  /** Communes of 3,500 inhabitants or more, EPCI (CGCT L2121-12, L2121-17, L2121-20). */
  'cgct-3500-et-plus': {
    noticeDays: 5,
    urgencyNoticeDays: 1,
    quorum: { kind: 'majorite-des-membres', countsRepresented: false },
    proxies: { allowed: true, maxPerHolder: 1, maxConsecutiveSittings: 3 },
    remoteAllowed: false,
  },
  /** Communes under 3,500 inhabitants (CGCT L2121-11). */
  'cgct-moins-de-3500': {
    noticeDays: 3,
    urgencyNoticeDays: 1,
    quorum: { kind: 'majorite-des-membres', countsRepresented: false },
    proxies: { allowed: true, maxPerHolder: 1, maxConsecutiveSittings: 3 },
    remoteAllowed: false,
  },
  /** Consultative commissions (CRPA R133-8 to R133-10). */
  'commission-consultative': {
    noticeDays: 5,
    urgencyNoticeDays: 1,
    quorum: { kind: 'moitie-des-membres', countsRepresented: true },
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
export const RULE_PRESET_NAMES = Object.keys(RULE_PRESETS) as RulePreset[];

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
      return `majorité des membres en exercice${rule.countsRepresented ? ', pouvoirs compris' : ''}`;
    case 'moitie-des-membres':
      return `moitié des membres${rule.countsRepresented ? ' (présents, à distance ou représentés)' : ''}`;
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
