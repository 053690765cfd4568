import { randomUUID } from 'crypto';
import { z } from 'zod';
import { AuditEvent } from '../app/ballots/ports';
import { Ballot } from '../domain/ballots/ballot';
import { Circuit } from '../domain/ballots/circuit';
import { Vote } from '../domain/ballots/voting';
import { DEFAULT_TIME_ZONE } from '../domain/local-date';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';
import { quorumSchema } from './schemas';

const resultSchema = z.object({
  counts: z.array(z.object({ choice: z.string(), votes: z.number() })),
  cast: z.number(),
  expressed: z.number(),
  voters: z.number(),
  quorumRequired: z.number(),
  quorumReached: z.boolean(),
  outcome: z.enum(['adopte', 'rejete', 'egalite', 'quorum-non-atteint', 'choix-retenu', 'pas-de-majorite']),
  retained: z.string().nullable(),
  castingVoteUsed: z.boolean(),
  population: z
    .object({ pour: z.number(), total: z.number(), mayorsPour: z.number(), mayors: z.number() })
    .nullable()
    .optional(),
  named: z.array(z.object({ voterKey: z.string(), choice: z.string(), castBy: z.string() })).nullable(),
  counted: z.record(z.string(), z.number()),
  closedAt: z.string(),
  closedBy: z.string(),
});

const ballotSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  instanceId: z.string(),
  instanceName: z.string(),
  subjectKind: z.enum(['programme', 'objectifs', 'strategie', 'bilan', 'libre']),
  subject: z.string(),
  question: z.string(),
  links: z.array(z.string()),
  choices: z.array(z.string()),
  opensAt: z.string(),
  closesAt: z.string(),
  secret: z.boolean(),
  visibility: z.enum(['live', 'apres-vote', 'apres-cloture']),
  quorum: quorumSchema,
  majority: z.enum(['absolue', 'relative', 'deux-tiers', 'double-maires']),
  population: z
    .object({ byVoter: z.record(z.string(), z.number()), total: z.number() })
    .nullable()
    .optional(),
  chairKey: z.string().nullable(),
  reasonRequiredFor: z.array(z.string()),
  voterKeys: z.array(z.string()),
  organiserKeys: z.array(z.string()),
  openedBy: z.string(),
  sittingId: z.string().nullable(),
  circuitId: z.string().nullable(),
  status: z.enum(['programme', 'ouvert', 'clos', 'annule']),
  result: resultSchema.nullable(),
  cancelReason: z.string().nullable(),
  serviceUrl: z.string().nullable(),
  // Older records were all shown in Paris.
  timeZone: z.string().default(DEFAULT_TIME_ZONE),
  createdAt: z.string(),
}) satisfies z.ZodType<Ballot>;

const voteSchema = z.object({
  voterKey: z.string(),
  castBy: z.string(),
  choice: z.string(),
  reason: z.string(),
  revision: z.number(),
  at: z.string(),
}) satisfies z.ZodType<Vote>;

const eventSchema = z.object({
  at: z.string(),
  by: z.string(),
  action: z.enum([
    'ouverture',
    'vote',
    'changement',
    'cloture',
    'annulation',
    'rappel',
    'etape',
    'commentaire',
    'accuse',
    'circuit',
  ]),
  detail: z.string(),
}) satisfies z.ZodType<AuditEvent>;

const stageSchema = z.object({
  instanceId: z.string(),
  instanceName: z.string(),
  kind: z.enum(['vote', 'avis', 'information']),
  status: z.enum(['a-venir', 'en-cours', 'favorable', 'defavorable', 'sans-quorum', 'interrompue']),
  ballotId: z.string().nullable(),
  comments: z.array(z.object({ by: z.string(), at: z.string(), text: z.string() })),
  acknowledgedBy: z.array(z.object({ by: z.string(), at: z.string() })),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  outcome: z.string(),
  // Stored before stages could be relaunched: a first run, no rule.
  attempts: z
    .array(
      z.object({
        ballotId: z.string().nullable(),
        status: z.enum(['defavorable', 'sans-quorum']),
        outcome: z.string(),
        startedAt: z.string().nullable(),
        endedAt: z.string().nullable(),
      }),
    )
    .default([]),
  rule: z.string().default(''),
});

const circuitSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  subjectKind: z.string(),
  subject: z.string(),
  links: z.array(z.string()),
  ownerKey: z.string(),
  voteDays: z.number(),
  stages: z.array(stageSchema),
  status: z.enum(['en-cours', 'suspendu', 'valide', 'rejete', 'arrete', 'annule']),
  serviceUrl: z.string().nullable(),
  // Older records were all shown in Paris.
  timeZone: z.string().default(DEFAULT_TIME_ZONE),
  createdAt: z.string(),
}) satisfies z.ZodType<Circuit>;

/**
 * Container `ballots`, partition = ballot id: the ballot, one document per voter (so that
 * concurrent votes never contend with each other, and a voter can never count twice), and the
 * audit trail. Container `circuits`, partition = circuit id, likewise.
 */
export class CosmosBallotRepository {
  private readonly ballots: DocTable<Ballot>;
  private readonly voteDocs: DocTable<Vote>;
  private readonly ballotEvents: DocTable<AuditEvent>;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('ballots');
    this.ballots = new DocTable(c, 'ballot', ballotSchema);
    this.voteDocs = new DocTable(c, 'vote', voteSchema);
    this.ballotEvents = new DocTable(c, 'event', eventSchema);
  }

  create(ballot: Ballot) {
    return this.ballots.createIfAbsent(ballot.id, 'ballot', ballot);
  }

  get(ballotId: string) {
    return this.ballots.get(ballotId, 'ballot');
  }

  /** The ballots of a centrale the person organises or votes in, closing after `closingAfter`. */
  async involving(centraleId: string, personKey: string, closingAfter: Date) {
    const all = await this.ballots.query(
      'c.data.centraleId = @c AND c.data.closesAt >= @after AND (ARRAY_CONTAINS(c.data.voterKeys, @k) OR ARRAY_CONTAINS(c.data.organiserKeys, @k))',
      [
        { name: '@c', value: centraleId },
        { name: '@k', value: personKey },
        { name: '@after', value: closingAfter.toISOString() },
      ],
    );
    return all.sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  }

  update(ballotId: string, change: (b: Ballot) => Ballot) {
    return this.ballots.update(ballotId, 'ballot', change);
  }

  async vote(ballotId: string, voterKey: string, decide: (previous: Vote | null) => Vote | null) {
    const id = `vote:${voterKey}`;
    for (let attempt = 0; attempt < 50; attempt++) {
      const current = await this.voteDocs.read(ballotId, id);
      const next = decide(current?.value ?? null);
      if (!next) return { vote: null, previous: current?.value ?? null };
      const written = current
        ? (await this.voteDocs.replaceIfMatch(ballotId, id, current.etag, next)) !== null
        : await this.voteDocs.createIfAbsent(ballotId, id, next);
      if (written) return { vote: next, previous: current?.value ?? null };
    }
    throw new Error(`vote ${ballotId}/${voterKey}: too many concurrent writes`);
  }

  voteOf(ballotId: string, voterKey: string) {
    return this.voteDocs.get(ballotId, `vote:${voterKey}`);
  }

  votes(ballotId: string) {
    return this.voteDocs.inPartition(ballotId);
  }

  async addEvent(partition: string, event: AuditEvent, actId?: string) {
    await this.ballotEvents.createIfAbsent(
      partition,
      actId ? `event:${actId}` : `event:${event.at}:${randomUUID()}`,
      event,
    );
  }

  async events(partition: string) {
    const all = await this.ballotEvents.inPartition(partition);
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }
}

export class CosmosCircuitRepository {
  private readonly circuits: DocTable<Circuit>;

  constructor(cosmos: CosmosHandle) {
    this.circuits = new DocTable(cosmos.container('circuits'), 'circuit', circuitSchema);
  }

  create(circuit: Circuit) {
    return this.circuits.createIfAbsent(circuit.id, 'circuit', circuit);
  }

  get(circuitId: string) {
    return this.circuits.get(circuitId, 'circuit');
  }

  update(circuitId: string, change: (c: Circuit) => Circuit) {
    return this.circuits.update(circuitId, 'circuit', change);
  }
}
