import { randomUUID } from 'crypto';
import { z } from 'zod';
import { AuditEvent } from '../app/ballots/ports';
import { Ballot } from '../domain/ballots/ballot';
import { Circuit } from '../domain/ballots/circuit';
import { inProgress } from '../domain/ballots/circuit-progress';
import { Vote } from '../domain/ballots/voting';
import { DEFAULT_TIME_ZONE } from '../domain/local-date';
import type { Container } from '@azure/cosmos';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';
import { PersonIndex } from './directory-repository';
import { quorumSchema } from './schemas';
import { BALLOT_INDEX_KEEP_MS } from '../domain/listing-windows';

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
  private readonly index: PersonIndex;
  private readonly container: Container;

  constructor(
    cosmos: CosmosHandle,
    /** The clock the indexes are pruned by (the bot's, so that tests can fix the hour). */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.index = new PersonIndex(cosmos, 'scrutins', BALLOT_INDEX_KEEP_MS);
    const c = cosmos.container('ballots');
    this.container = c;
    this.ballots = new DocTable(c, 'ballot', ballotSchema);
    this.voteDocs = new DocTable(c, 'vote', voteSchema);
    this.ballotEvents = new DocTable(c, 'event', eventSchema);
  }

  /** Opens: the ballot, then each voter's and organiser's index of their ballots (again on a resend: same entries). */
  async create(ballot: Ballot) {
    const created = await this.ballots.createIfAbsent(ballot.id, 'ballot', ballot);
    const stored = created ? ballot : await this.get(ballot.id);
    if (stored) await this.reindex(null, stored);
    return created;
  }

  /** The people's indexes of `after` when who takes part or the closing changes (`before`: null when new). */
  private reindex(before: Ballot | null, after: Ballot) {
    const indexed = (b: Ballot) => ({
      id: b.id,
      centraleId: b.centraleId,
      keys: [...b.voterKeys, ...b.organiserKeys],
      at: b.closesAt,
    });
    return this.index.follow(before && indexed(before), indexed(after), this.now());
  }

  /**
   * Once per database, at start-up (not in a user action): the ballots stored before the
   * per-person index existed, closing lately or to come, are indexed with one query across
   * partitions. A new database has none: it only writes its marker.
   */
  async buildPersonIndex(now: Date): Promise<void> {
    if (await this.index.built()) return;
    const from = new Date(now.getTime() - BALLOT_INDEX_KEEP_MS).toISOString();
    for (const b of await this.ballots.query('c.data.closesAt >= @from', [{ name: '@from', value: from }]))
      await this.reindex(null, b);
    await this.index.markBuilt(now);
  }

  get(ballotId: string) {
    return this.ballots.get(ballotId, 'ballot');
  }

  /**
   * The ballots of a centrale the person organises or votes in, closing after `closingAfter`:
   * their index (one point read), then each ballot (a point read each), checked on the ballot.
   */
  async involving(centraleId: string, personKey: string, closingAfter: Date) {
    const from = closingAfter.toISOString();
    const entries = (await this.index.read(centraleId, personKey)).filter((e) => e.at >= from);
    const all = await Promise.all(entries.map((e) => this.get(e.id)));
    return all
      .filter(
        (b): b is Ballot =>
          b !== null &&
          b.centraleId === centraleId &&
          b.closesAt >= from &&
          (b.voterKeys.includes(personKey) || b.organiserKeys.includes(personKey)),
      )
      .sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  }

  /** A change of the ballot; the people's indexes follow when who takes part or the closing changes. */
  async update(ballotId: string, change: (b: Ballot) => Ballot) {
    let before: Ballot | null = null;
    const after = await this.ballots.update(ballotId, 'ballot', (b) => {
      before = b;
      return change(b);
    });
    await this.reindex(before, after);
    return after;
  }

  async vote(ballotId: string, voterKey: string, decide: (previous: Vote | null) => Vote | null) {
    const id = `vote:${voterKey}`;
    // Most votes are a voter's first: created where absent in one request, without reading
    // first; a voter who has voted already (409) is read, then decided again on that vote.
    const first = decide(null);
    if (first && (await this.voteDocs.createIfAbsent(ballotId, id, first))) return { vote: first, previous: null };
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

  /**
   * The votes written since `sinceTs` (Cosmos's `_ts`, seconds, included), all of them when null,
   * and the latest `_ts` among those read (null when none): a reader that keeps the votes it has
   * asks only for what changed since, in the ballot's partition.
   */
  async votesSince(ballotId: string, sinceTs: number | null): Promise<{ votes: Vote[]; lastTs: number | null }> {
    const { resources } = await this.container.items
      .query<{ data: unknown; _ts: number }>(
        {
          query: `SELECT * FROM c WHERE c.pk = @pk AND c.type = 'vote'${sinceTs === null ? '' : ' AND c._ts >= @ts'}`,
          parameters: [
            { name: '@pk', value: ballotId },
            { name: '@ts', value: sinceTs ?? 0 },
          ],
        },
        { partitionKey: ballotId },
      )
      .fetchAll();
    let lastTs: number | null = null;
    const votes = resources.map((r) => {
      lastTs = Math.max(lastTs ?? 0, r._ts);
      return voteSchema.parse(r.data);
    });
    return { votes, lastTs };
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

const circuitListSchema = z.object({
  entries: z.array(z.object({ id: z.string(), createdAt: z.string(), running: z.boolean() })),
});
type CircuitList = z.infer<typeof circuitListSchema>;
/** Not a circuit id (those begin with « circuit- »): the centrale's list has a partition of its own. */
const circuitListId = (centraleId: string) => `circuits:${centraleId}`;
const CIRCUIT_LISTS_BUILT = 'migration:circuit-lists';
/** The finished circuits a centrale's list keeps, beside all those in progress (the latest says how the last ended). */
const CIRCUIT_LIST_KEEP_FINISHED = 20;

export class CosmosCircuitRepository {
  private readonly circuits: DocTable<Circuit>;
  private readonly lists: DocTable<CircuitList>;
  private readonly migrations: DocTable<{ at: string }>;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('circuits');
    this.circuits = new DocTable(c, 'circuit', circuitSchema);
    this.lists = new DocTable(c, 'circuit-list', circuitListSchema);
    this.migrations = new DocTable(c, 'migration', z.object({ at: z.string() }));
  }

  /** Launches: the circuit, then its line in the centrale's list (again on a resend: same line). */
  async create(circuit: Circuit) {
    const created = await this.circuits.createIfAbsent(circuit.id, 'circuit', circuit);
    const stored = created ? circuit : await this.get(circuit.id);
    if (stored) await this.list(stored);
    return created;
  }

  /** The circuit's line in its centrale's list, under the list's etag; the oldest finished ones pruned. */
  private async list(c: Circuit) {
    const id = circuitListId(c.centraleId);
    const apply = (list: CircuitList): CircuitList => {
      const entries = [
        ...list.entries.filter((e) => e.id !== c.id),
        { id: c.id, createdAt: c.createdAt, running: inProgress(c) },
      ].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      const finished = entries.filter((e) => !e.running).slice(0, CIRCUIT_LIST_KEEP_FINISHED);
      return { entries: entries.filter((e) => e.running || finished.includes(e)) };
    };
    await this.lists.update(id, id, apply, () => apply({ entries: [] }));
  }

  /**
   * Once per database, at start-up (not in a user action): the circuits stored before the
   * per-centrale list existed are listed, with one query across partitions; a new database only
   * writes its marker.
   */
  async buildCircuitLists(now: Date): Promise<void> {
    if (await this.migrations.get(CIRCUIT_LISTS_BUILT, CIRCUIT_LISTS_BUILT)) return;
    for (const c of await this.circuits.query('true')) await this.list(c);
    await this.migrations.upsert(CIRCUIT_LISTS_BUILT, CIRCUIT_LISTS_BUILT, { at: now.toISOString() });
  }

  get(circuitId: string) {
    return this.circuits.get(circuitId, 'circuit');
  }

  /** A change of the circuit; its line in the centrale's list follows when it ends or resumes. */
  async update(circuitId: string, change: (c: Circuit) => Circuit) {
    let before: Circuit | null = null;
    const after = await this.circuits.update(circuitId, 'circuit', (c) => {
      before = c;
      return change(c);
    });
    const was = before as Circuit | null;
    if (!was || inProgress(was) !== inProgress(after)) await this.list(after);
    return after;
  }

  /**
   * A centrale's latest circuits, the latest first: its list (one point read in its own
   * partition), then each circuit by a point read. All those in progress are on the list.
   */
  async recentOf(centraleId: string, limit: number) {
    const id = circuitListId(centraleId);
    const list = await this.lists.get(id, id);
    const entries = list?.entries ?? [];
    const latest = entries.slice(0, Math.max(1, Math.min(limit, 50)));
    const ids = [...latest, ...entries.filter((e) => e.running && !latest.includes(e))].map((e) => e.id);
    const all = await Promise.all(ids.map((i) => this.get(i)));
    return all
      .filter((c): c is Circuit => c !== null && c.centraleId === centraleId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
