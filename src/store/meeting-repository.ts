import type { Container } from '@azure/cosmos';
import { z } from 'zod';
import { Answering } from '../app/meetings/ports';
import { Answer, sitsWith } from '../domain/meetings/attendance';
import { Sitting } from '../domain/meetings/sitting';
import { CosmosHandle } from './cosmos-client';
import { DocTable, queryPartition } from './doc-table';
import { quorumSchema } from './schemas';
import { ConcurrencyError } from './doc-table';
import { PersonIndex, safeId } from './directory-repository';
import {
  CONVOCATION_INDEX_KEEP_MS,
  INSTANCE_INDEX_KEEP_LATEST,
  ORGANISED_SITTINGS_RECENT_MS,
} from '../domain/listing-windows';

const choiceSchema = z.enum(['present', 'distance', 'absent', 'pouvoir', 'suppleant']);

// h52: an agenda item's vote in the relevé.
const countsShape = {
  pour: z.number().int(),
  contre: z.number().int(),
  abstention: z.number().int(),
  nppv: z.number().int(),
};
const positionSchema = z.enum(['pour', 'contre', 'abstention', 'nppv']);
const itemVoteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('counts'), ...countsShape, casting: z.enum(['pour', 'contre']).optional() }),
  z.object({
    kind: z.literal('named'),
    ...countsShape,
    positions: z.array(z.object({ personKey: z.string(), position: positionSchema })),
  }),
]);

const sittingSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  instanceId: z.string(),
  instanceName: z.string(),
  startsAt: z.string(),
  timeZone: z.string(),
  mode: z.enum(['presentiel', 'distanciel', 'mixte']),
  place: z.string(),
  onlineLink: z.string(),
  agenda: z.array(
    z.object({
      title: z.string(),
      rapporteur: z.string(),
      links: z.array(z.string()),
      // Sittings stored before documents could be added after the convocation: none were.
      added: z.array(z.object({ link: z.string(), at: z.string() })).optional(),
    }),
  ),
  note: z.string(),
  remoteAllowed: z.boolean(),
  proxiesAllowed: z.boolean(),
  maxProxiesPerHolder: z.number(),
  // Sittings stored before proxies spanned sittings: a proxy covered its own sitting only.
  maxProxySittings: z.number().int().min(1).default(1),
  quorum: quorumSchema,
  urgencyReason: z.string().nullable(),
  joursFrancs: z.number(),
  memberKeys: z.array(z.string()),
  organiserKey: z.string(),
  status: z.enum(['convoquee', 'modifiee', 'annulee', 'tenue']),
  version: z.number(),
  history: z.array(
    z.object({
      at: z.string(),
      by: z.string(),
      action: z.enum(['convocation', 'modification', 'annulation', 'releve', 'document']),
      summary: z.string(),
      document: z
        .object({
          id: z.string(),
          kind: z.enum(['convocation', 'proces-verbal', 'emargement', 'mise-en-demeure', 'bilan-marches']),
          format: z.enum(['pdf', 'docx']),
          version: z.number().int(),
          label: z.string(),
          filename: z.string(),
          generatedAt: z.string(),
        })
        .optional(),
      draftId: z.string().optional(),
    }),
  ),
  convokedAt: z.string(),
  minutes: z
    .object({
      attendance: z.array(
        z.object({
          personKey: z.string(),
          choice: choiceSchema,
          proxyHolderKey: z.string().nullable(),
          substituteName: z.string().max(200).optional(),
          // h52: relevés recorded before these were kept have none of them.
          arrivedAt: z.string().optional(),
          leftAt: z.string().optional(),
          excused: z.literal(true).optional(),
        }),
      ),
      decisions: z.array(
        z.object({
          item: z.string(),
          decision: z.string(),
          vote: itemVoteSchema.optional(),
          result: z.enum(['adopte', 'rejete']).optional(),
        }),
      ),
      counted: z.number(),
      required: z.number(),
      quorumReached: z.boolean(),
      recordedAt: z.string(),
      recordedBy: z.string(),
      president: z.string().optional(),
      secretary: z.string().optional(),
      openedAt: z.string().optional(),
      closedAt: z.string().optional(),
    })
    .optional(),
  secondOf: z.string().nullable().optional(),
}) satisfies z.ZodType<Sitting>;

const answerSchema = z.object({
  personKey: z.string(),
  choice: choiceSchema,
  proxyHolderKey: z.string().nullable(),
  answeredAt: z.string(),
  substituteName: z.string().max(200).optional(),
  proxy: z.object({ given: z.string(), sittings: z.number().int().min(1), rank: z.number().int().min(1) }).optional(),
  via: z.enum(['lien-email']).optional(),
}) satisfies z.ZodType<Answer>;
/** Sittings stored before answers had a document each: all of them in one document. */
const legacyAnswersSchema = z.object({ answers: z.array(answerSchema) });
/**
 * A member's proxy lock: rewritten under its etag by every proxy given to them and by every
 * answer of theirs that stops them attending, so that those never land both on one state.
 */
const lockSchema = z.object({ personKey: z.string(), n: z.number().int() });
const answerId = (personKey: string) => `answer:${safeId(personKey)}`;
const lockId = (personKey: string) => `proxy-lock:${safeId(personKey)}`;
const MAX_ATTEMPTS = 20;

interface AnswerRow {
  answer: Answer;
  etag: string;
}

interface AnswersRead {
  rows: Map<string, AnswerRow>;
  locks: Map<string, { n: number; etag: string }>;
}

const ackSchema = z.object({ personKey: z.string(), firstSeenAt: z.string() });

/**
 * Container `meetings`, partition = sitting id. Each member's answer is a document of its own,
 * so that 200 members answering at once never contend. The proxy rules that span members (at
 * most N proxies per holder; a holder attends, and does not leave while holding one) hold under
 * concurrency because every write is conditional on the etag read with the answers it was
 * decided from, and both a proxy given and an answer that stops a member attending rewrite that
 * member's proxy lock under the etag read with them: two proxies decided on the same state of
 * one holder cannot both land, nor a proxy and the holder's leaving. The loser's writes are
 * undone and it is decided again on the new state.
 */
export class CosmosMeetingRepository {
  private readonly sittings: DocTable<Sitting>;
  private readonly legacyAnswers: DocTable<z.infer<typeof legacyAnswersSchema>>;
  private readonly answerDocs: DocTable<Answer>;
  private readonly locks: DocTable<z.infer<typeof lockSchema>>;
  private readonly acks: DocTable<z.infer<typeof ackSchema>>;
  private readonly container: Container;
  private readonly upcoming: PersonIndex;
  private readonly ofInstances: PersonIndex;
  /** The etags behind each state `answering` returned, for `answer` to write under. */
  private readonly reads = new WeakMap<Answering, AnswersRead>();

  constructor(
    cosmos: CosmosHandle,
    /** The clock the indexes are pruned by (the bot's, so that tests can fix the hour). */
    private readonly now: () => Date = () => new Date(),
  ) {
    // A sitting stays two days in its members' index after it started.
    this.upcoming = new PersonIndex(cosmos, 'upcoming', CONVOCATION_INDEX_KEEP_MS);
    // An instance's sittings to come, those of the last 45 days (« mes séances ») and its last
    // five however old (the previous sitting a proxy run carries from).
    this.ofInstances = new PersonIndex(cosmos, 'seances', ORGANISED_SITTINGS_RECENT_MS, INSTANCE_INDEX_KEEP_LATEST);
    const c = cosmos.container('meetings');
    this.container = c;
    this.sittings = new DocTable(c, 'sitting', sittingSchema);
    this.legacyAnswers = new DocTable(c, 'answers', legacyAnswersSchema);
    this.answerDocs = new DocTable(c, 'answer', answerSchema);
    this.locks = new DocTable(c, 'proxy-lock', lockSchema);
    this.acks = new DocTable(c, 'ack', ackSchema);
  }

  /** Convenes: the sitting, then each member's index of their convocations (again on a resend: same entries). */
  async create(sitting: Sitting) {
    const created = await this.sittings.createIfAbsent(sitting.id, 'sitting', sitting);
    const stored = created ? sitting : await this.get(sitting.id);
    if (stored) await this.reindex(null, stored);
    return created;
  }

  get(sittingId: string) {
    return this.sittings.get(sittingId, 'sitting');
  }

  /** A change of the sitting; the members' indexes follow when its members or its date change. */
  async update(sittingId: string, change: (s: Sitting) => Sitting) {
    let before: Sitting | null = null;
    const after = await this.sittings.update(sittingId, 'sitting', (s) => {
      before = s;
      return change(s);
    });
    await this.reindex(before, after);
    return after;
  }

  /** The members' indexes of `after` (`before`: the sitting as it was, null when new). */
  private async reindex(before: Sitting | null, after: Sitting) {
    const now = this.now();
    if (!before || before.startsAt !== after.startsAt)
      await this.ofInstances.set(
        after.instanceId,
        { id: after.id, centraleId: after.centraleId, at: after.startsAt },
        now,
      );
    const indexed = (s: Sitting) => ({ id: s.id, centraleId: s.centraleId, keys: s.memberKeys, at: s.startsAt });
    await this.upcoming.follow(before && indexed(before), indexed(after), now);
  }

  /**
   * Once per database, at start-up (not in a user action): the sittings stored before the
   * per-person and per-instance indexes existed are indexed, with one query across partitions. A new database has
   * none: it only writes its marker.
   */
  async buildUpcomingIndex(now: Date): Promise<void> {
    if (await this.upcoming.built()) return;
    // Every sitting: an instance keeps its last ones however old; a person's past ones are not kept.
    const byPerson = new Map<string, Array<{ id: string; centraleId: string; at: string }>>();
    const byInstance = new Map<string, Array<{ id: string; centraleId: string; at: string }>>();
    // Grouped by centrale and key (JSON of the pair): one write per index document.
    const push = (m: typeof byPerson, k: string, s: Sitting) => {
      const pair = JSON.stringify([s.centraleId, k]);
      m.set(pair, [...(m.get(pair) ?? []), { id: s.id, centraleId: s.centraleId, at: s.startsAt }]);
    };
    for (const s of await this.sittings.query('true')) {
      push(byInstance, s.instanceId, s);
      for (const k of s.memberKeys) push(byPerson, k, s);
    }
    const pairOf = (pair: string) => JSON.parse(pair) as [string, string];
    for (const [pair, entries] of byInstance) await this.ofInstances.setMany(...pairOf(pair), entries, now);
    for (const [pair, entries] of byPerson) await this.upcoming.setMany(...pairOf(pair), entries, now);
    await this.upcoming.markBuilt(now);
  }

  /**
   * The answers of a sitting with their etags, one query in its partition. A sitting stored
   * before answers had a document each has its single document split first (once).
   */
  private async rows(
    sittingId: string,
    also?: { ackOf: string },
  ): Promise<AnswersRead & { sitting?: Sitting; seen?: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // With `also`, the sitting and the member's acknowledgement come in the same query.
      const more = also ? " OR c.type = 'sitting' OR c.id = @ack" : '';
      const { resources } = await queryPartition<{ id: string; type: string; data: unknown; _etag: string }>(
        this.container,
        {
          query: `SELECT * FROM c WHERE c.pk = @pk AND (c.type = 'answer' OR c.type = 'proxy-lock' OR c.type = 'answers'${more})`,
          parameters: [
            { name: '@pk', value: sittingId },
            ...(also ? [{ name: '@ack', value: `ack:${also.ackOf}` }] : []),
          ],
        },
        sittingId,
      ).fetchAll();
      const legacy = resources.find((r) => r.type === 'answers');
      if (legacy) {
        await this.splitLegacy(sittingId, legacyAnswersSchema.parse(legacy.data).answers, legacy._etag, resources);
        continue;
      }
      const rows = new Map<string, AnswerRow>();
      const locks = new Map<string, { n: number; etag: string }>();
      let sitting: Sitting | undefined;
      let seen = false;
      for (const r of resources) {
        if (r.type === 'sitting') sitting = sittingSchema.parse(r.data);
        else if (r.type === 'ack') seen = true;
        if (r.type === 'answer') {
          const answer = answerSchema.parse(r.data);
          rows.set(answer.personKey, { answer, etag: r._etag });
        } else if (r.type === 'proxy-lock') {
          const lock = lockSchema.parse(r.data);
          locks.set(lock.personKey, { n: lock.n, etag: r._etag });
        }
      }
      return { rows, locks, sitting, seen };
    }
    throw new ConcurrencyError(`answers of ${sittingId}`);
  }

  /** Splits the old single answers document into one document per member (once, whoever reads first). */
  private async splitLegacy(
    sittingId: string,
    answers: Answer[],
    etag: string,
    found: Array<{ type: string; data: unknown }>,
  ): Promise<void> {
    const have = new Set(found.filter((r) => r.type === 'answer').map((r) => answerSchema.parse(r.data).personKey));
    for (const a of answers)
      if (!have.has(a.personKey)) await this.answerDocs.createIfAbsent(sittingId, answerId(a.personKey), a);
    await this.legacyAnswers.deleteIfMatch(sittingId, 'answers', etag);
  }

  async answersOf(sittingId: string): Promise<Answer[]> {
    return [...(await this.rows(sittingId)).rows.values()].map((r) => r.answer);
  }

  /** Writes one member's document under the etag it was read with (created if it had none); its new etag, or null. */
  private put(sittingId: string, before: AnswerRow | undefined, answer: Answer): Promise<string | null> {
    return before
      ? this.answerDocs.replaceIfMatch(sittingId, answerId(answer.personKey), before.etag, answer)
      : this.answerDocs.createWithEtag(sittingId, answerId(answer.personKey), answer);
  }

  /** Puts back what `put` replaced (or removes what it created), if nobody wrote since. */
  private async undo(sittingId: string, personKey: string, before: AnswerRow | undefined, etag: string) {
    if (before) await this.answerDocs.replaceIfMatch(sittingId, answerId(personKey), etag, before.answer);
    else await this.answerDocs.deleteIfMatch(sittingId, answerId(personKey), etag);
  }

  /**
   * Writes `answers` over what was read (`read`, what they were decided from): each changed
   * document under its etag, each removed one deleted under its etag, then the proxy lock of
   * every holder of a proxy given and of every member who stops attending, under the etag read.
   * All or nothing: on a conflict, the answers written are undone and false is returned (decide
   * again on the new state); a lock rewritten for nothing only changes its counter.
   */
  private async write(sittingId: string, read: AnswersRead, answers: Answer[]): Promise<boolean> {
    const { rows, locks } = read;
    const done: Array<{ key: string; etag: string | null }> = [];
    const undoAll = async () => {
      for (const d of done.reverse()) {
        const before = rows.get(d.key);
        if (d.etag) await this.undo(sittingId, d.key, before, d.etag);
        else if (before) await this.answerDocs.createIfAbsent(sittingId, answerId(d.key), before.answer);
      }
      return false;
    };
    const next = new Map(answers.map((a) => [a.personKey, a]));
    const toLock = new Set<string>();
    for (const [key, answer] of next) {
      const before = rows.get(key);
      if (before && JSON.stringify(before.answer) === JSON.stringify(answer)) continue;
      if (answer.choice === 'pouvoir' && answer.proxyHolderKey) toLock.add(answer.proxyHolderKey);
      if (!sitsWith(answer.choice)) toLock.add(key);
      const etag = await this.put(sittingId, before, answer);
      if (!etag) return undoAll();
      done.push({ key, etag });
    }
    for (const [key, before] of rows) {
      if (next.has(key)) continue;
      if (!(await this.answerDocs.deleteIfMatch(sittingId, answerId(key), before.etag))) return undoAll();
      done.push({ key, etag: null });
    }
    for (const key of toLock) {
      const lock = locks.get(key);
      const value = { personKey: key, n: (lock?.n ?? 0) + 1 };
      const etag = lock
        ? await this.locks.replaceIfMatch(sittingId, lockId(key), lock.etag, value)
        : await this.locks.createWithEtag(sittingId, lockId(key), value);
      if (!etag) return undoAll();
    }
    return true;
  }

  /**
   * The sitting, its answers and whether `personKey` has already seen it, in one query in its
   * partition: what a member's answer is decided from. Passed back to `answer`, it is the first
   * state tried (its etags kept here), so that the answer reads nothing twice.
   */
  async answering(sittingId: string, personKey: string): Promise<Answering | null> {
    const read = await this.rows(sittingId, { ackOf: personKey });
    if (!read.sitting) return null;
    const found: Answering = {
      sitting: read.sitting,
      answers: [...read.rows.values()].map((r) => r.answer),
      seen: read.seen ?? false,
    };
    this.reads.set(found, { rows: read.rows, locks: read.locks });
    return found;
  }

  /**
   * One member's answer, decided by `decide` on the latest answers (it may throw): see the
   * class. `from`, a state `answering` returned, is tried first instead of reading again.
   */
  async answer(sittingId: string, decide: (current: Answer[]) => Answer, from?: Answering): Promise<Answer> {
    let first = from && from.sitting.id === sittingId ? this.reads.get(from) : undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = first ?? (await this.rows(sittingId));
      first = undefined;
      const current = [...read.rows.values()].map((r) => r.answer);
      const given = decide(current);
      if (await this.write(sittingId, read, [...current.filter((a) => a.personKey !== given.personKey), given]))
        return given;
    }
    throw new ConcurrencyError(`answers of ${sittingId}`);
  }

  /** The answers of a sitting changed together (proxies carried or revoked), as `answer` does; `change` may throw. */
  async updateAnswers(sittingId: string, change: (current: Answer[]) => Answer[]): Promise<Answer[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = await this.rows(sittingId);
      const next = change([...read.rows.values()].map((r) => r.answer));
      if (await this.write(sittingId, read, next)) return next;
    }
    throw new ConcurrencyError(`answers of ${sittingId}`);
  }

  /** The sittings of an instance (a scan: sittings are few), by start. */
  /**
   * An instance's sittings to come, those of the last 45 days and its last five held, by date:
   * its index (one point read), then each sitting (a point read each).
   */
  async ofInstance(centraleId: string, instanceId: string): Promise<Sitting[]> {
    const entries = await this.ofInstances.read(centraleId, instanceId);
    const all = await Promise.all(entries.map((e) => this.get(e.id)));
    return all
      .filter((s): s is Sitting => s !== null && s.centraleId === centraleId && s.instanceId === instanceId)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  /** After a change of date: everyone answers again. */
  async resetAnswers(sittingId: string): Promise<void> {
    for (const key of (await this.rows(sittingId)).rows.keys()) await this.answerDocs.delete(sittingId, answerId(key));
  }

  /** The first time a member opened or acted on the convocation; later times are ignored. */
  async acknowledge(sittingId: string, personKey: string, at: Date): Promise<void> {
    await this.acks.createIfAbsent(sittingId, `ack:${personKey}`, { personKey, firstSeenAt: at.toISOString() });
  }

  async acknowledgements(sittingId: string) {
    return this.acks.inPartition(sittingId);
  }

  /**
   * Upcoming sittings a person is convened to: their index (one point read), then each sitting
   * (a point read each), checked again against the sitting itself.
   */
  async upcomingFor(centraleId: string, personKey: string, after: Date) {
    const from = after.toISOString();
    const entries = (await this.upcoming.read(centraleId, personKey)).filter((e) => e.at >= from);
    const all = await Promise.all(entries.map((e) => this.get(e.id)));
    return all
      .filter(
        (s): s is Sitting =>
          s !== null && s.centraleId === centraleId && s.memberKeys.includes(personKey) && s.startsAt >= from,
      )
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }
}
