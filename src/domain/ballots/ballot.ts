import { QuorumRule } from '../rules';
import { frenchList } from '../french-text';

/**
 * A validation ballot (scrutin) of an instance. Voters are the instance's members, frozen at
 * opening. A secret ballot stays secret: nothing turns it into a named one.
 */
export type SubjectKind = 'programme' | 'objectifs' | 'strategie' | 'bilan' | 'libre';
export const SUBJECT_LABELS: Record<SubjectKind, string> = {
  programme: 'Programmation des achats',
  objectifs: 'Objectifs',
  strategie: 'Stratégie d’achat d’un marché',
  bilan: 'Bilan',
  libre: 'Autre sujet',
};

/**
 * When voters (and the channel) see the tally, in a named ballot. A secret ballot shows it at the
 * close only (`visibilityFor`): a live tally next to who has voted would tell who voted what.
 */
export type ResultsVisibility = 'live' | 'apres-vote' | 'apres-cloture';
export const VISIBILITY_LABELS: Record<ResultsVisibility, string> = {
  live: 'en direct',
  'apres-vote': 'après avoir voté',
  'apres-cloture': 'à la clôture',
};

/** Absolute majority of votes cast (abstentions excluded) by default (CGCT L2121-20). */
export type MajorityRule = 'absolue' | 'relative' | 'deux-tiers' | 'double-maires';
export const MAJORITY_LABELS: Record<MajorityRule, string> = {
  absolue: 'majorité absolue des suffrages exprimés',
  relative: 'majorité relative (le choix le plus voté)',
  'deux-tiers': 'majorité des deux tiers des suffrages exprimés',
  'double-maires':
    'double majorité : majorité des maires représentant au moins la moitié de la population (CGCT L3633-2)',
};

/** For a double majority: each voter's commune population, and the population of all the communes, frozen at opening. */
export interface PopulationWeights {
  byVoter: Record<string, number>;
  total: number;
}

/**
 * CGCT L3633-2 (Conférence métropolitaine des maires): a decision needs a majority of the mayors
 * representing at least half of the population of the communes. Each voter must speak for a
 * commune whose population is known, and every commune's population must be known.
 */
export function populationWeights(
  voters: Array<{ key: string; name: string; memberId: string | null }>,
  communes: Array<{ id: string; name: string; population: number | null }>,
): { ok: true; weights: PopulationWeights } | { ok: false; message: string } {
  const unknown = communes.filter((c) => c.population === null || !(c.population > 0));
  if (unknown.length)
    return {
      ok: false,
      message: `Pour une double majorité, la population de chaque commune doit être connue : renseignez celle de ${frenchList(unknown.map((c) => c.name))}.`,
    };
  const byId = new Map(communes.map((c) => [c.id, c.population!]));
  const stray = voters.filter((v) => !v.memberId || !byId.has(v.memberId));
  if (stray.length)
    return {
      ok: false,
      message: `Pour une double majorité, chaque votant est le maire d’une commune : ${frenchList(stray.map((v) => v.name))} ${stray.length > 1 ? 'ne sont rattaché·es' : 'n’est rattaché·e'} à aucune commune (tapez « rôles »).`,
    };
  return {
    ok: true,
    weights: {
      byVoter: Object.fromEntries(voters.map((v) => [v.key, byId.get(v.memberId!)!])),
      total: communes.reduce((n, c) => n + c.population!, 0),
    },
  };
}

export const DEFAULT_CHOICES = ['Pour', 'Contre', 'Abstention'];
export const isAbstention = (choice: string) => /^abstention$/i.test(choice.trim());

export type BallotStatus = 'programme' | 'ouvert' | 'clos' | 'annule';

export interface BallotResult {
  /** Votes per choice, in the ballot's order. */
  counts: Array<{ choice: string; votes: number }>;
  cast: number;
  expressed: number;
  voters: number;
  quorumRequired: number;
  quorumReached: boolean;
  outcome: 'adopte' | 'rejete' | 'egalite' | 'quorum-non-atteint' | 'choix-retenu' | 'pas-de-majorite';
  /** For custom choices: the choice retained. */
  retained: string | null;
  castingVoteUsed: boolean;
  /** Double majority only: the population of the communes whose mayor voted Pour, and of all. */
  population?: { pour: number; total: number; mayorsPour: number; mayors: number } | null;
  /** Named ballots only: who voted what (and who cast it, for a proxy). */
  named: Array<{ voterKey: string; choice: string; castBy: string }> | null;
  /** Who was counted, at which revision of their vote (the proof that nothing was lost). */
  counted: Record<string, number>;
  closedAt: string;
  closedBy: string;
}

export interface Ballot {
  id: string;
  centraleId: string;
  instanceId: string;
  instanceName: string;
  subjectKind: SubjectKind;
  subject: string;
  question: string;
  links: string[];
  choices: string[];
  opensAt: string;
  closesAt: string;
  secret: boolean;
  visibility: ResultsVisibility;
  quorum: QuorumRule;
  majority: MajorityRule;
  /** Double majority only: populations frozen at opening. */
  population?: PopulationWeights | null;
  /** The chair's vote breaks a tie, except in a secret ballot. */
  chairKey: string | null;
  /** Choices that need a reason (e.g. « Contre »). */
  reasonRequiredFor: string[];
  voterKeys: string[];
  organiserKeys: string[];
  openedBy: string;
  /** A ballot held during a sitting: its proxies (pouvoirs) vote. */
  sittingId: string | null;
  /** A stage of a validation circuit, if any. */
  circuitId: string | null;
  status: BallotStatus;
  result: BallotResult | null;
  cancelReason: string | null;
  /** The Bot Connector address to open 1:1 chats with (later notices: reminders, result). */
  serviceUrl: string | null;
  /** The centrale's time zone, where its times were typed and are shown. */
  timeZone: string;
  createdAt: string;
}

export interface BallotDraft {
  subjectKind: SubjectKind;
  subject: string;
  question: string;
  links: string[];
  choices: string[];
  opensAt: Date | null;
  closesAt: Date | null;
  secret: boolean;
  visibility: ResultsVisibility;
  quorum: QuorumRule;
  majority: MajorityRule;
  chairKey: string | null;
  reasonForContre: boolean;
}

export type BallotErrors = Partial<
  Record<'subject' | 'question' | 'links' | 'choices' | 'closesAt' | 'opensAt', string>
>;

const isHttpsUrl = (s: string) => {
  try {
    return new URL(s).protocol === 'https:';
  } catch {
    return false;
  }
};

/** Checks a ballot before it opens; errors per field, in French. */
export function validateBallot(draft: BallotDraft, now: Date): { ok: true } | { ok: false; errors: BallotErrors } {
  const errors: BallotErrors = {};
  if (!draft.subject.trim()) errors.subject = 'Indiquez l’objet du scrutin (par exemple « Programmation 2027 »).';
  if (!draft.question.trim()) errors.question = 'Écrivez la question soumise au vote.';
  const bad = draft.links.find((l) => !isHttpsUrl(l));
  if (bad) errors.links = `Le lien « ${bad.slice(0, 80)} » n’est pas une adresse https:// valide.`;
  const choices = draft.choices.map((c) => c.trim()).filter(Boolean);
  if (choices.length < 2) errors.choices = 'Proposez au moins deux choix.';
  else if (new Set(choices.map((c) => c.toLowerCase())).size !== choices.length)
    errors.choices = 'Deux choix portent le même nom : rendez-les distincts.';
  else if (choices.length > 5) errors.choices = 'Cinq choix au plus (un bouton chacun sur la carte).';
  else if (choices.some((c) => c.length > 40)) errors.choices = 'Un choix dépasse 40 caractères : raccourcissez-le.';
  else if (
    draft.majority === 'double-maires' &&
    !(choices.some((c) => /^pour$/i.test(c)) && choices.some((c) => /^contre$/i.test(c)))
  )
    errors.choices = 'Une double majorité se vote par Pour ou Contre : gardez ces deux choix.';
  const opens = draft.opensAt ?? now;
  if (draft.opensAt && draft.opensAt.getTime() < now.getTime() - 60_000)
    errors.opensAt = 'L’ouverture est passée : laissez vide pour ouvrir maintenant.';
  if (!draft.closesAt) errors.closesAt = 'Indiquez la date et l’heure de clôture.';
  else if (draft.closesAt.getTime() <= now.getTime())
    errors.closesAt = 'La clôture est passée : choisissez une date à venir.';
  else if (draft.closesAt.getTime() - opens.getTime() < 10 * 60_000)
    errors.closesAt = 'Laissez au moins 10 minutes entre l’ouverture et la clôture.';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}

/**
 * The visibility a ballot gets: what was asked for a named ballot; « à la clôture » for a secret
 * one, whatever was asked (a crafted card value included). Loomio's anonymous polls likewise show
 * no results before the close; participation (who has voted, how many) stays visible.
 */
export const visibilityFor = (secret: boolean, asked: ResultsVisibility): ResultsVisibility =>
  secret ? 'apres-cloture' : asked;

/**
 * Who may see the tally now: at closing everyone; before, in a named ballot only — live:
 * everyone; after voting: those who voted. A secret ballot's tally is nobody's before the close,
 * organisers included, even if stored with another visibility.
 */
export function tallyVisible(b: Pick<Ballot, 'status' | 'visibility' | 'secret'>, viewerVoted: boolean): boolean {
  if (b.status === 'clos') return true;
  // A cancelled ballot has no result to show; a secret one none before its close.
  if (b.status === 'annule' || b.secret) return false;
  return b.visibility === 'live' || (b.visibility === 'apres-vote' && viewerVoted);
}

/** Votes are taken now: the ballot is open and its closing time has not come (its timer may be late). */
export const votingOpen = (b: Pick<Ballot, 'status' | 'opensAt' | 'closesAt'>, now: Date): boolean =>
  b.status === 'ouvert' && Date.parse(b.opensAt) <= now.getTime() && now.getTime() < Date.parse(b.closesAt);

/** An organiser may still close or cancel it: neither closed nor cancelled yet. */
export const stillRunning = (b: Pick<Ballot, 'status'>): boolean => b.status === 'ouvert' || b.status === 'programme';

/**
 * CGCT L5211-11-1: in an instance whose rules say so, a sitting where members take part remotely
 * (a remote or mixed sitting, or a member answering « à distance ») votes publicly only.
 */
export const secretBallotBarred = (
  rules: { remoteVotesNamed?: boolean },
  sitting: { mode: string },
  answers: Array<{ choice: string }>,
): boolean =>
  !!rules.remoteVotesNamed && (sitting.mode !== 'presentiel' || answers.some((a) => a.choice === 'distance'));
