import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';

/**
 * The chain of validations a subject (the yearly programme) goes through: ordered stages, each
 * an instance with a kind. A stage starts only when the previous one ended favourably; a
 * rejection stops the circuit.
 */
export type StageKind = 'vote' | 'avis' | 'information';
export const STAGE_KIND_LABELS: Record<StageKind, string> = {
  vote: 'vote',
  avis: 'avis et commentaires',
  information: 'information (accusé de réception)',
};

export type StageStatus = 'a-venir' | 'en-cours' | 'favorable' | 'defavorable' | 'interrompue';

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
}

export type CircuitStatus = 'en-cours' | 'valide' | 'rejete' | 'annule';

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
 * Unfavourable: the circuit stops, the later stages are marked interrupted.
 */
export function endStage(
  c: Circuit,
  ending: { index: number; favourable: boolean; outcome: string },
  now: Date,
): Circuit {
  const { index, favourable, outcome } = ending;
  const stage = c.stages[index];
  if (!stage || stage.status !== 'en-cours' || c.status !== 'en-cours') {
    throw new DomainError(ErrorCode.StageNotRunning, 'Cette étape n’est pas en cours : le circuit a déjà avancé.');
  }
  const stages = c.stages.map((s, i) => {
    if (i === index)
      return {
        ...s,
        status: favourable ? ('favorable' as const) : ('defavorable' as const),
        endedAt: now.toISOString(),
        outcome,
      };
    if (i > index && !favourable) return { ...s, status: 'interrompue' as const };
    return s;
  });
  const last = index === c.stages.length - 1;
  return { ...c, stages, status: !favourable ? 'rejete' : last ? 'valide' : 'en-cours' };
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
