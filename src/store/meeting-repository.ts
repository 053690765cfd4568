import { z } from 'zod';
import { Answer } from '../domain/meetings/attendance';
import { Sitting } from '../domain/meetings/sitting';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';
import { quorumSchema } from './schemas';

const choiceSchema = z.enum(['present', 'distance', 'absent', 'pouvoir', 'suppleant']);

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
  agenda: z.array(z.object({ title: z.string(), rapporteur: z.string(), links: z.array(z.string()) })),
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
      action: z.enum(['convocation', 'modification', 'annulation', 'releve']),
      summary: z.string(),
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
        }),
      ),
      decisions: z.array(z.object({ item: z.string(), decision: z.string() })),
      counted: z.number(),
      required: z.number(),
      quorumReached: z.boolean(),
      recordedAt: z.string(),
      recordedBy: z.string(),
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
}) satisfies z.ZodType<Answer>;
const answersSchema = z.object({ answers: z.array(answerSchema) });
const ackSchema = z.object({ personKey: z.string(), firstSeenAt: z.string() });

/**
 * Container `meetings`, partition = sitting id. The answers of a sitting are one document, so
 * that proxy rules (at most N held per member) are checked and written under one etag.
 */
export class CosmosMeetingRepository {
  private readonly sittings: DocTable<Sitting>;
  private readonly answers: DocTable<z.infer<typeof answersSchema>>;
  private readonly acks: DocTable<z.infer<typeof ackSchema>>;

  constructor(cosmos: CosmosHandle) {
    const c = cosmos.container('meetings');
    this.sittings = new DocTable(c, 'sitting', sittingSchema);
    this.answers = new DocTable(c, 'answers', answersSchema);
    this.acks = new DocTable(c, 'ack', ackSchema);
  }

  create(sitting: Sitting) {
    return this.sittings.createIfAbsent(sitting.id, 'sitting', sitting);
  }

  get(sittingId: string) {
    return this.sittings.get(sittingId, 'sitting');
  }

  update(sittingId: string, change: (s: Sitting) => Sitting) {
    return this.sittings.update(sittingId, 'sitting', change);
  }

  async answersOf(sittingId: string): Promise<Answer[]> {
    return (await this.answers.get(sittingId, 'answers'))?.answers ?? [];
  }

  /** Read-modify-write of all answers under one etag; `decide` sees the latest and may throw. */
  async answer(sittingId: string, decide: (current: Answer[]) => Answer): Promise<Answer> {
    let given: Answer | null = null;
    await this.answers.update(
      sittingId,
      'answers',
      (doc) => {
        given = decide(doc.answers);
        return { answers: [...doc.answers.filter((a) => a.personKey !== given!.personKey), given] };
      },
      () => {
        given = decide([]);
        return { answers: [given] };
      },
    );
    return given!;
  }

  /** Read-modify-write of all answers under one etag (proxies carried or revoked); `change` may throw. */
  async updateAnswers(sittingId: string, change: (current: Answer[]) => Answer[]): Promise<Answer[]> {
    const doc = await this.answers.update(
      sittingId,
      'answers',
      (d) => ({ answers: change(d.answers) }),
      () => ({ answers: change([]) }),
    );
    return doc.answers;
  }

  /** The sittings of an instance (a scan: sittings are few), by start. */
  async ofInstance(centraleId: string, instanceId: string): Promise<Sitting[]> {
    const all = await this.sittings.query('c.data.centraleId = @c AND c.data.instanceId = @i', [
      { name: '@c', value: centraleId },
      { name: '@i', value: instanceId },
    ]);
    return all.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  /** After a change of date: everyone answers again. */
  async resetAnswers(sittingId: string): Promise<void> {
    await this.answers.upsert(sittingId, 'answers', { answers: [] });
  }

  /** The first time a member opened or acted on the convocation; later times are ignored. */
  async acknowledge(sittingId: string, personKey: string, at: Date): Promise<void> {
    await this.acks.createIfAbsent(sittingId, `ack:${personKey}`, { personKey, firstSeenAt: at.toISOString() });
  }

  async acknowledgements(sittingId: string) {
    return this.acks.inPartition(sittingId);
  }

  /** Upcoming sittings a person is convened to (a scan: sittings are few). */
  async upcomingFor(personKey: string, after: Date) {
    const all = await this.sittings.query('ARRAY_CONTAINS(c.data.memberKeys, @key) AND c.data.startsAt >= @after', [
      { name: '@key', value: personKey },
      { name: '@after', value: after.toISOString() },
    ]);
    return all.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }
}
