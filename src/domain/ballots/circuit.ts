import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { sameTimeDaysLater } from '../local-date';
import { frenchDateTime } from '../meetings/zoned-time';
import { QuorumRule, describeQuorum, secondAttemptRule } from '../rules';

/**
 * The chain of validations a subject (the yearly programme) goes through: ordered stages, each
 * an instance with a kind. A stage starts only when the previous one ended favourably. A stage
 * that ends unfavourably, or whose ballot missed its quorum (not an opinion), suspends the
 * circuit: its owner relaunches the stage (a new attempt) or stops the circuit.
 */
export type StageKind = 'vote' | 'avis' | 'information';
export const STAGE_KIND_LABELS: Record<StageKind, string> = {
  vote: 'vote',
  avis: 'avis et commentaires',
  information: 'information (accusé de réception)',
};

export type StageStatus = 'a-venir' | 'en-cours' | 'favorable' | 'defavorable' | 'sans-quorum' | 'interrompue';

/** An earlier run of a stage that was relaunched: what it ended with. */
export interface StageAttempt {
  ballotId: string | null;
  status: 'defavorable' | 'sans-quorum';
  outcome: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface Stage {
  instanceId: string;
  instanceName: string;
  kind: StageKind;
  status: StageStatus;
  ballotId: string | null;
  comments: Array<{ by: string; at: string; text: string }>;
  acknowledgedBy: Array<{ by: string; at: string }>;
  startedAt: string | null;
  endedAt: string | null;
  /** Why it ended unfavourably (the ballot's result, the organiser's reason). */
  outcome: string;
  /** The earlier runs of a relaunched stage, oldest first (empty: its first run). */
  attempts: StageAttempt[];
  /** The rule a relaunched run follows (e.g. a second convocation without quorum), as shown. */
  rule: string;
}

/** « suspendu »: a stage ended unfavourably or without quorum, the owner decides; « arrete »: stopped after a missed quorum. */
export type CircuitStatus = 'en-cours' | 'suspendu' | 'valide' | 'rejete' | 'arrete' | 'annule';

export interface Circuit {
  id: string;
  centraleId: string;
  subjectKind: string;
  subject: string;
  links: string[];
  ownerKey: string;
  /** How long each vote stage's ballot stays open. */
  voteDays: number;
  stages: Stage[];
  status: CircuitStatus;
  /** The Bot Connector address to open 1:1 chats with, for the stages to come. */
  serviceUrl: string | null;
  /** The centrale's time zone: its votes close at the same local time, its times are shown there. */
  timeZone: string;
  createdAt: string;
}

/** The programme's yearly flow (docs/domain.md): co-built, directorates informed, DG, COPIL, maires. */
export const PROGRAMME_CIRCUIT: Array<{ instanceId: string; kind: StageKind }> = [
  { instanceId: 'copil-reseau', kind: 'avis' },
  { instanceId: 'information-directions-operationnelles', kind: 'information' },
  { instanceId: 'comite-de-dg', kind: 'vote' },
  { instanceId: 'comite-de-pilotage', kind: 'vote' },
  { instanceId: 'conference-des-maires', kind: 'information' },
];

export function newCircuit(
  input: Omit<Circuit, 'stages' | 'status' | 'createdAt'> & {
    stages: Array<{ instanceId: string; instanceName: string; kind: StageKind }>;
  },
  now: Date,
): Circuit {
  if (!input.subject.trim())
    throw new DomainError(ErrorCode.NoSubject, 'Indiquez l’objet du circuit (par exemple « Programmation 2027 »).');
  if (input.stages.length === 0) throw new DomainError(ErrorCode.NoStage, 'Choisissez au moins une étape.');
  if (input.stages.length > 8) throw new DomainError(ErrorCode.TooManyStages, 'Huit étapes au plus.');
  return {
    ...input,
    subject: input.subject.trim(),
    stages: input.stages.map((s) => ({
      ...s,
      status: 'a-venir',
      ballotId: null,
      comments: [],
      acknowledgedBy: [],
      startedAt: null,
      endedAt: null,
      outcome: '',
      attempts: [],
      rule: '',
    })),
    status: 'en-cours',
    createdAt: now.toISOString(),
  };
}

export const currentStage = (c: Circuit): number => c.stages.findIndex((s) => s.status === 'en-cours');

/** Starts the first stage still to come (the caller then opens its ballot or posts its card). */
export function startNextStage(c: Circuit, now: Date): { circuit: Circuit; started: number | null } {
  if (c.status !== 'en-cours' || currentStage(c) >= 0) return { circuit: c, started: null };
  const next = c.stages.findIndex((s) => s.status === 'a-venir');
  if (next < 0) return { circuit: { ...c, status: 'valide' }, started: null };
  const stages = c.stages.map((s, i) =>
    i === next ? { ...s, status: 'en-cours' as const, startedAt: now.toISOString() } : s,
  );
  return { circuit: { ...c, stages }, started: next };
}

/**
 * Ends a running stage. Favourable: the next one may start (or the circuit is validated).
 * Unfavourable, or its ballot without quorum: the circuit is suspended until its owner relaunches
 * the stage or stops the circuit.
 */
export function endStage(
  c: Circuit,
  ending: { index: number; favourable: boolean; outcome: string; quorumMissed?: boolean },
  now: Date,
): Circuit {
  const { index, favourable, outcome } = ending;
  const stage = c.stages[index];
  if (!stage || stage.status !== 'en-cours' || c.status !== 'en-cours') {
    throw new DomainError(ErrorCode.StageNotRunning, 'Cette étape n’est pas en cours : le circuit a déjà avancé.');
  }
  const status: StageStatus = favourable ? 'favorable' : ending.quorumMissed ? 'sans-quorum' : 'defavorable';
  const stages = c.stages.map((s, i) => (i === index ? { ...s, status, endedAt: now.toISOString(), outcome } : s));
  const last = index === c.stages.length - 1;
  return { ...c, stages, status: !favourable ? 'suspendu' : last ? 'valide' : 'en-cours' };
}

/** The stage a suspended circuit waits on (ended unfavourably or without quorum), or -1. */
export const blockedStage = (c: Circuit): number =>
  c.status === 'suspendu' ? c.stages.findIndex((s) => s.status === 'defavorable' || s.status === 'sans-quorum') : -1;

/** The run of a stage now shown: 1 for its first, 2 once relaunched… */
export const attemptOf = (s: Stage): number => s.attempts.length + 1;

/**
 * The owner relaunches the stage a suspended circuit waits on: its run is kept in `attempts`, a
 * new one starts (the caller opens its ballot or posts its card). `attempt` is the run the card
 * asked for: pressed again once it runs (a double click), nothing changes (`relaunched` false).
 */
export function relaunchStage(
  c: Circuit,
  input: { index: number; attempt: number; ballotId: string | null; rule: string },
  now: Date,
): { circuit: Circuit; relaunched: boolean } {
  const stage = c.stages[input.index];
  if (!stage) throw new DomainError(ErrorCode.UnknownStage, 'Cette étape n’existe pas : rouvrez la carte.');
  if (attemptOf(stage) >= input.attempt) return { circuit: c, relaunched: false };
  if (blockedStage(c) !== input.index || input.attempt !== attemptOf(stage) + 1)
    throw new DomainError(
      ErrorCode.StageNotBlocked,
      'Cette étape n’attend pas de relance : actualisez la carte du circuit.',
    );
  const previous: StageAttempt = {
    ballotId: stage.ballotId,
    status: stage.status as StageAttempt['status'],
    outcome: stage.outcome,
    startedAt: stage.startedAt,
    endedAt: stage.endedAt,
  };
  const stages = c.stages.map((s, i) =>
    i === input.index
      ? {
          ...s,
          status: 'en-cours' as const,
          ballotId: input.ballotId,
          acknowledgedBy: [],
          startedAt: now.toISOString(),
          endedAt: null,
          outcome: '',
          attempts: [...s.attempts, previous],
          rule: input.rule,
        }
      : s,
  );
  return { circuit: { ...c, stages, status: 'en-cours' }, relaunched: true };
}

/**
 * What a relaunch of a blocked stage follows: its ballot's quorum and opening; `offer` says it
 * on the card before the relaunch, `note` on the relaunched run.
 */
export interface RelaunchTerms {
  quorum: QuorumRule;
  /** Null: at once. */
  opensAt: Date | null;
  offer: string;
  note: string;
}

/**
 * The terms of a relaunch of `stage` (ended unfavourably or without quorum), its instance's
 * quorum rule given. A ballot that missed its quorum is held again under the second-convocation
 * rule (`secondAttemptRule`): without quorum, after the interval the rule sets; an unfavourable
 * one, under the same quorum (after the subject has been amended).
 */
export function relaunchTerms(stage: Stage, quorum: QuorumRule, timeZone: string, now: Date): RelaunchTerms {
  const members = `aux membres de « ${stage.instanceName} »`;
  if (stage.kind !== 'vote')
    return {
      quorum,
      opensAt: null,
      offer: `Relancer l’étape demande à nouveau ${stage.kind === 'avis' ? 'leur avis' : 'un accusé de réception'} ${members}.`,
      note: '',
    };
  const second = stage.status === 'sans-quorum' ? secondAttemptRule(quorum) : null;
  if (!second) {
    const same = quorum.kind === 'aucun' ? 'sans quorum' : `avec le même quorum (${describeQuorum(quorum)})`;
    return {
      quorum,
      opensAt: null,
      offer: `Relancer l’étape ouvre un nouveau scrutin ${members}, ${same}.`,
      note: `Nouveau scrutin, ${same}.`,
    };
  }
  const ended = stage.endedAt ? new Date(stage.endedAt) : now;
  const earliest = second.intervalDays ? sameTimeDaysLater(ended, second.intervalDays, timeZone) : ended;
  const opensAt = earliest.getTime() > now.getTime() ? earliest : null;
  const rule = `sans condition de quorum (${second.source})`;
  return {
    quorum: second.quorum,
    opensAt,
    offer:
      `Relancer l’étape ouvre un nouveau scrutin ${members}, ${rule} : c’est une deuxième convocation sur le même objet` +
      (second.intervalDays
        ? `, ${second.intervalDays} jours au moins après le premier scrutin (ouverture le ${frenchDateTime(earliest, timeZone)} au plus tôt).`
        : '.'),
    note: `Deuxième convocation : scrutin ${rule}${opensAt ? `, ouvert le ${frenchDateTime(opensAt, timeZone)}` : ''}.`,
  };
}

/**
 * The owner stops a suspended circuit: the stages to come will not open. Stopped on an
 * unfavourable stage it is rejected; on a missed quorum, stopped.
 */
export function stopCircuit(c: Circuit): { circuit: Circuit; stopped: boolean } {
  if (c.status === 'rejete' || c.status === 'arrete') return { circuit: c, stopped: false };
  const blocked = blockedStage(c);
  if (blocked < 0)
    throw new DomainError(
      ErrorCode.StageNotBlocked,
      'Le circuit n’attend pas de décision : il s’arrête quand une étape est défavorable ou sans quorum.',
    );
  const stages = c.stages.map((s, i) => (i > blocked ? { ...s, status: 'interrompue' as const } : s));
  return {
    circuit: { ...c, stages, status: c.stages[blocked]!.status === 'sans-quorum' ? 'arrete' : 'rejete' },
    stopped: true,
  };
}

export function addComment(c: Circuit, comment: { index: number; by: string; text: string }, now: Date): Circuit {
  const { index, by, text } = comment;
  const stage = c.stages[index];
  if (!stage || stage.kind !== 'avis' || stage.status !== 'en-cours')
    throw new DomainError(ErrorCode.StageNotOpen, 'Cette étape ne reçoit plus de commentaires.');
  const t = text.trim();
  if (!t) throw new DomainError(ErrorCode.EmptyComment, 'Écrivez votre commentaire avant de l’envoyer.');
  if (t.length > 2000)
    throw new DomainError(ErrorCode.CommentTooLong, 'Le commentaire dépasse 2 000 caractères : raccourcissez-le.');
  // The same text again from the same person (a repeated click, a retried invoke) is the same comment.
  if (stage.comments.some((x) => x.by === by && x.text === t)) return c;
  return {
    ...c,
    stages: c.stages.map((s, i) =>
      i === index ? { ...s, comments: [...s.comments, { by, at: now.toISOString(), text: t }] } : s,
    ),
  };
}

export function acknowledge(c: Circuit, index: number, by: string, now: Date): Circuit {
  const stage = c.stages[index];
  if (!stage || stage.kind !== 'information')
    throw new DomainError(ErrorCode.StageNotInfo, 'Cette étape n’attend pas d’accusé de réception.');
  if (stage.acknowledgedBy.some((a) => a.by === by)) return c;
  return {
    ...c,
    stages: c.stages.map((s, i) =>
      i === index ? { ...s, acknowledgedBy: [...s.acknowledgedBy, { by, at: now.toISOString() }] } : s,
    ),
  };
}
