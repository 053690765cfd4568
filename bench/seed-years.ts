/**
 * Years of history of a large centrale, in exactly the shape the repositories write.
 *
 *   seedYears(target: CosmosHandle | Store, options: SeedOptions): Promise<SeedStats>
 *     Writes `years` realistic years (before `now`) into the database behind `target`, through
 *     the SDK with bounded concurrency (`concurrency`, 16 by default), upserts: run it twice and
 *     the data is the same. Call it after the containers exist (`store.prepare()`, or
 *     `prepareDatabase(handle)`), before or after a bot starts on that database. With
 *     `server` (the EmbeddedCosmos behind the handle; a Store's own `embedded` is taken by itself),
 *     the documents go straight into the server's memory instead: 20 years in seconds.
 *
 *   seededDocuments(options): SeededDocuments
 *     The same documents, in memory, per container (no database): for a snapshot file that the
 *     embedded store loads at start (`writeSeedSnapshot(file, options)`), which is much faster.
 *
 *   SeedOptions = { years: number; centraleId?: string (the demo centrale, 'metropole-de-lyon');
 *                   tenantId?: string (the demo tenant); now?: Date; concurrency?: number;
 *                   seed?: number (the pseudo-random draw: same seed, same documents) }
 *   SeedStats = { docs: number; byContainer: Record<ContainerName, number>; ms: number;
 *                 centraleId: string; people: string[] (person keys); communes: string[] (member ids) }
 *
 * One year is: 60 communes (each with a référent and a mayor), the centrale's 9 instances (the 8
 * of its governance seed and the Comité opérationnel of one purchasing file), 50 sittings × 20
 * members with their answers (one document per member, proxy locks, acknowledgements), 200
 * closed ballots with their votes (one document per voter) and audit lines, 3 needs campaigns ×
 * 60 communes × 10 needs (with each commune's answer and the programme), and 300 disputes on the
 * file's contracts — 4 contracts a year, each with its economics (unit price, every commune's
 * forecast and baseline) and 4 quarterly consumption reports of 60 lines. Every date falls in its
 * year, before `now`.
 *
 * The documents are not copied by hand: the centrale, its instances, the demo's communes and
 * people are loaded by the bot's own start-up code (loadGovernance, loadDemo), and everything is
 * written by the real repositories (src/store/*-repository.ts) to an in-memory stand-in of the
 * Cosmos containers, which the same query engine as the embedded server answers. So the seeded
 * data follows the repositories if their layout changes, and a bot started with DEMO_DATA on it
 * serves the demo centrale as usual (its start-up leaves what exists as it is).
 */
import cosmosQuery from '@zeit/cosmosdb-query';
import { promises as fs } from 'fs';
import path from 'path';
import { loadDemo, demoSchema } from '../src/app/governance/load-demo';
import { governanceSeedSchema } from '../src/app/governance/governance-seed';
import { loadGovernance } from '../src/app/governance/load-governance';
import { Ballot, BallotDraft, DEFAULT_CHOICES } from '../src/domain/ballots/ballot';
import { Vote, tally } from '../src/domain/ballots/voting';
import { Dispute } from '../src/domain/disputes/dispute';
import { Contract, PurchaseFile } from '../src/domain/disputes/registry';
import { Instance, Member, Person, newOperationalCommittee, withMembers } from '../src/domain/governance';
import { personKey } from '../src/domain/identity';
import { Answer } from '../src/domain/meetings/attendance';
import { ValidSitting, newSitting } from '../src/domain/meetings/sitting';
import { Campaign, Need } from '../src/domain/needs/need';
import { itemsFrom } from '../src/domain/needs/programme';
import { ballotFor } from '../src/app/ballots/open-ballot';
import { projectRoot } from '../src/project-root';
import { CosmosBallotRepository } from '../src/store/ballot-repository';
import { CONTAINER_NAMES, ContainerName } from '../src/store/containers';
import { CosmosConversationRepository } from '../src/store/conversation-repository';
import { CosmosHandle } from '../src/store/cosmos-client';
import { CosmosDirectoryRepository } from '../src/store/directory-repository';
import { CosmosDisputesRepository } from '../src/store/disputes-repository';
import { CosmosConsumptionRepository } from '../src/store/consumption-repository';
import { parsePeriod } from '../src/domain/bilan/periods';
import { CosmosGovernanceRepository } from '../src/store/governance-repository';
import { CosmosMeetingRepository } from '../src/store/meeting-repository';
import { CosmosNeedsRepository } from '../src/store/needs-repository';
import type { EmbeddedCosmos } from '../src/store/embedded-cosmos';
import type { Store } from '../src/store/open-store';

export interface SeedOptions {
  years: number;
  centraleId?: string;
  tenantId?: string;
  now?: Date;
  concurrency?: number;
  seed?: number;
  /** The embedded server behind the target: documents are loaded into its memory, no HTTPS request each. */
  server?: EmbeddedCosmos | null;
}

export interface SeedStats {
  docs: number;
  byContainer: Record<ContainerName, number>;
  ms: number;
  centraleId: string;
  people: string[];
  communes: string[];
}

export type SeedDoc = Record<string, unknown> & { id: string; pk: string };
export type SeededDocuments = Record<ContainerName, SeedDoc[]> & { stats: Omit<SeedStats, 'ms' | 'docs'> };

const readJson = async (file: string) => JSON.parse(await fs.readFile(file, 'utf8')) as unknown;

// ---------------------------------------------------------------------------------------------
// An in-memory stand-in for the containers: just what the repositories call, answered as Cosmos
// does (409 on a second create, 412 on a stale etag, 404 when absent, queries by the same engine).

type Stored = Record<string, unknown> & { id: string; pk: string; _etag: string };
const fail = (code: number) => Object.assign(new Error(`status ${code}`), { code });

class MemoryContainer {
  readonly partitions = new Map<string, Map<string, Stored>>();
  private etags = 0;

  private partition(pk: string) {
    let p = this.partitions.get(pk);
    if (!p) this.partitions.set(pk, (p = new Map()));
    return p;
  }

  private put(doc: Record<string, unknown>) {
    const stored = { ...(doc as SeedDoc), _etag: `"${++this.etags}"` };
    this.partition(stored.pk).set(stored.id, stored);
    return { resource: stored, etag: stored._etag };
  }

  items = {
    create: async (doc: Record<string, unknown>) => {
      if (this.partitions.get(doc.pk as string)?.has(doc.id as string)) throw fail(409);
      return this.put(doc);
    },
    upsert: async (doc: Record<string, unknown>) => this.put(doc),
    query: (spec: { query: string; parameters?: unknown[] }, options: { partitionKey?: string } = {}) => ({
      fetchAll: async () => {
        const docs =
          options.partitionKey === undefined
            ? [...this.partitions.values()].flatMap((p) => [...p.values()])
            : [...(this.partitions.get(options.partitionKey)?.values() ?? [])];
        const { result } = cosmosQuery(spec.query).exec(docs, { parameters: spec.parameters as never });
        return { resources: result };
      },
    }),
  };

  item(id: string, pk: string) {
    const current = () => this.partitions.get(pk)?.get(id);
    const check = (options?: { accessCondition?: { condition: string } }) => {
      const doc = current();
      if (!doc) throw fail(404);
      if (options?.accessCondition && options.accessCondition.condition !== doc._etag) throw fail(412);
    };
    return {
      read: async () => {
        const doc = current();
        return doc ? { resource: doc, etag: doc._etag } : { resource: undefined, etag: '' };
      },
      replace: async (doc: Record<string, unknown>, options?: { accessCondition?: { condition: string } }) => {
        check(options);
        return this.put(doc);
      },
      delete: async (options?: { accessCondition?: { condition: string } }) => {
        check(options);
        this.partitions.get(pk)!.delete(id);
        return {};
      },
      // The one patch the repositories send: an increment (the disputes' reference counter).
      patch: async (ops: Array<{ op: 'incr'; path: string; value: number }>) => {
        check();
        const doc = structuredClone(current()!) as Record<string, unknown>;
        for (const { path, value } of ops) {
          const keys = path.split('/').filter(Boolean);
          const parent = keys.slice(0, -1).reduce((o, k) => o[k] as Record<string, unknown>, doc);
          parent[keys.at(-1)!] = (parent[keys.at(-1)!] as number) + value;
        }
        return this.put(doc);
      },
    };
  }

  documents(): SeedDoc[] {
    return [...this.partitions.values()].flatMap((p) =>
      [...p.values()].map(({ _etag, ...doc }) => {
        void _etag;
        return doc as SeedDoc;
      }),
    );
  }
}

function memoryHandle(): { handle: CosmosHandle; containers: Map<ContainerName, MemoryContainer> } {
  const containers = new Map(CONTAINER_NAMES.map((n) => [n, new MemoryContainer()] as const));
  const handle = { container: (name: ContainerName) => containers.get(name)! } as unknown as CosmosHandle;
  return { handle, containers };
}

// ---------------------------------------------------------------------------------------------
// The draw: a small deterministic generator, so that a seed gives the same documents each time.

function random(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    sample: <T>(xs: readonly T[], n: number): T[] => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, n);
    },
  };
}

const COMMUNES = [
  'Albigny-sur-Saône',
  'Bron',
  'Cailloux-sur-Fontaines',
  'Caluire-et-Cuire',
  'Champagne-au-Mont-d’Or',
  'Charbonnières-les-Bains',
  'Charly',
  'Chassieu',
  'Collonges-au-Mont-d’Or',
  'Corbas',
  'Couzon-au-Mont-d’Or',
  'Craponne',
  'Curis-au-Mont-d’Or',
  'Dardilly',
  'Décines-Charpieu',
  'Écully',
  'Feyzin',
  'Fleurieu-sur-Saône',
  'Fontaines-Saint-Martin',
  'Fontaines-sur-Saône',
  'Francheville',
  'Genay',
  'Givors',
  'Grigny',
  'Irigny',
  'Jonage',
  'La Mulatière',
  'La Tour-de-Salvagny',
  'Limonest',
  'Lissieu',
  'Marcy-l’Étoile',
  'Meyzieu',
  'Mions',
  'Montanay',
  'Neuville-sur-Saône',
  'Oullins-Pierre-Bénite',
  'Poleymieux-au-Mont-d’Or',
  'Quincieux',
  'Rillieux-la-Pape',
  'Rochetaillée-sur-Saône',
  'Saint-Cyr-au-Mont-d’Or',
  'Saint-Didier-au-Mont-d’Or',
  'Saint-Fons',
  'Sainte-Foy-lès-Lyon',
  'Saint-Genis-Laval',
  'Saint-Genis-les-Ollières',
  'Saint-Germain-au-Mont-d’Or',
  'Saint-Priest',
  'Saint-Romain-au-Mont-d’Or',
  'Sathonay-Camp',
  'Sathonay-Village',
  'Solaize',
  'Tassin-la-Demi-Lune',
  'Vaulx-en-Velin',
  'Vénissieux',
  'Vernaison',
  'Villeurbanne',
  'Lyon',
  'Vourles',
  'Millery',
];
const FIRST = ['Camille', 'Louis', 'Inès', 'Hugo', 'Léa', 'Karim', 'Chloé', 'Théo', 'Manon', 'Yanis', 'Sarah', 'Paul'];
const LAST = ['Girard', 'Roux', 'Fournier', 'Morel', 'Lambert', 'Bonnet', 'François', 'Mercier', 'Blanc', 'Garnier'];
const SEGMENTS = [
  'Fournitures de bureau',
  'Énergie',
  'Restauration collective',
  'Nettoyage des locaux',
  'Mobilier',
  'Informatique',
];
const CATEGORIES: Dispute['category'][] = [
  'retard',
  'qualite',
  'facturation',
  'defaillance',
  'clause',
  'administratif',
  'autre',
];
const SEVERITIES: Dispute['severity'][] = ['faible', 'moyenne', 'haute', 'critique'];
const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const iso = (d: Date) => d.toISOString();
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86_400_000;

/**
 * The documents of `years` years, per container, written by the real repositories to memory.
 * Year k (1 … years) is the k-th full year before `now`'s year; the governance and the people
 * are those of today (written once).
 */
export async function seededDocuments(options: SeedOptions): Promise<SeededDocuments> {
  const centraleId = options.centraleId ?? 'metropole-de-lyon';
  const now = options.now ?? new Date();
  const rnd = random(options.seed ?? 20_26);
  const { handle, containers } = memoryHandle();
  const directory = new CosmosDirectoryRepository(handle);
  const governance = new CosmosGovernanceRepository(handle, directory);
  const conversations = new CosmosConversationRepository(handle);
  const meetings = new CosmosMeetingRepository(handle);
  const ballots = new CosmosBallotRepository(handle);
  const needs = new CosmosNeedsRepository(handle);
  const disputes = new CosmosDisputesRepository(handle);
  const consumption = new CosmosConsumptionRepository(handle);
  const clock = { now: () => now };

  // The governance and the demo, as the bot loads them at start.
  const seed = governanceSeedSchema.parse(
    await readJson(path.join(projectRoot, 'data', 'governance', `${centraleId}.json`)),
  );
  await loadGovernance({ governance }, seed);
  const demo = demoSchema.parse(await readJson(path.join(projectRoot, 'data', 'demo', 'demo.json')));
  const tenantId = options.tenantId ?? demo.tenantId;
  const centrale = (await governance.getCentrale(centraleId))!;
  if (demo.centraleId === centraleId) await loadDemo({ governance, directory, conversations, clock }, demo);

  // 60 communes, a référent and a mayor each (the demo's own communes and people are kept).
  const communes: Member[] = [];
  for (const name of COMMUNES.slice(0, 60)) {
    const member: Member = {
      id: slug(name),
      centraleId,
      name: `Ville de ${name}`,
      kind: 'commune',
      population: rnd.int(1_000, 150_000),
    };
    await governance.createMemberIfAbsent(member);
    communes.push(member);
  }
  const people: Person[] = [];
  let n = 0;
  const addPerson = async (roles: Person['roles'], memberId: string | null) => {
    n++;
    const aad = `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const displayName = `${rnd.pick(FIRST)} ${rnd.pick(LAST)}`;
    const person: Person = {
      key: personKey(tenantId, aad),
      centraleId,
      tenantId,
      aadObjectId: aad,
      teamsUserId: `29:seed-${n}`,
      displayName,
      email: `${slug(displayName)}.${n}@${memberId ?? 'centrale'}.example`,
      roles,
      memberId,
    };
    await governance.upsertPerson(person, (existing) => existing);
    people.push(person);
    return person;
  };
  const referents: Person[] = [];
  const mayors: Person[] = [];
  for (const c of communes) {
    referents.push(await addPerson(['referent'], c.id));
    mayors.push(await addPerson(['elu'], c.id));
  }
  const staff = [
    await addPerson(['acheteur'], null),
    await addPerson(['coordinateur'], null),
    await addPerson(['acheteur'], null),
  ];
  const demoKeys = demo.people.map((p) => personKey(tenantId, p.aadObjectId));
  const organiserKey = demoKeys[0] ?? staff[0]!.key;

  // The 8 instances of the seed get their members (those the demo composed keep theirs and get
  // more), then the 9th: the Comité opérationnel of one purchasing file.
  const instances: Instance[] = [];
  for (const i of await governance.listInstances(centraleId)) {
    const had = i.members.map((m) => m.personKey);
    const organisers = i.members.filter((m) => m.organiser).map((m) => m.personKey);
    const pool = i.id === 'conference-des-maires' ? mayors : rnd.sample([...referents, ...mayors], 24 - had.length);
    const keys = [...new Set([...(had.length ? had : [organiserKey]), ...pool.map((p) => p.key)])];
    const instance = withMembers(i, keys, organisers.length ? organisers : [organiserKey]);
    await governance.updateInstance(centraleId, i.id, () => instance);
    instances.push(instance);
  }
  const fileTitle = 'Fournitures et services généraux';
  const committeeMembers = [staff[1]!, ...rnd.sample(referents, 22)];
  const committee = newOperationalCommittee(
    centrale,
    { id: slug(fileTitle), title: fileTitle },
    committeeMembers.map((p, i) => ({ personKey: p.key, organiser: i === 0 })),
  );
  await governance.createInstanceIfAbsent(committee);
  instances.push(committee);
  const file: PurchaseFile = {
    id: slug(fileTitle),
    centraleId,
    title: fileTitle,
    segment: 'Fournitures',
    coordinatorKey: staff[1]!.key,
    committeeInstanceId: committee.id,
    createdAt: iso(new Date(Date.UTC(now.getUTCFullYear() - options.years, 0, 2))),
  };
  await disputes.createFile(file);

  const thisYear = now.getUTCFullYear();
  for (let k = options.years; k >= 1; k--) {
    const year = thisYear - k;
    const start = Date.UTC(year, 0, 1);
    const inYear = (from = 0, to = 364) => new Date(start + rnd.int(from, to) * DAY + rnd.int(8, 17) * 3_600_000);

    // 50 sittings × 20 members.
    for (let s = 0; s < 50; s++) {
      const instance = instances[s % instances.length]!;
      const members = instance.members.map((m) => m.personKey);
      const memberKeys = members.length > 20 ? [members[0]!, ...rnd.sample(members.slice(1), 19)] : members;
      const startsAt = inYear(10, 360);
      const convokedAt = new Date(startsAt.getTime() - 12 * DAY);
      const valid: ValidSitting = {
        startsAt,
        timeZone: centrale.timeZone,
        mode: rnd.pick(['presentiel', 'mixte', 'distanciel'] as const),
        place: 'Hôtel de la Métropole, salle du conseil',
        onlineLink: 'https://teams.microsoft.com/l/meetup-join/seed',
        agenda: [
          { title: `Programmation ${year + 1}`, rapporteur: 'Direction Achats', links: [] },
          { title: 'Bilan des marchés en cours', rapporteur: 'Coordinateur', links: [] },
        ],
        note: '',
        remoteAllowed: instance.rules.remoteAllowed,
        proxiesAllowed: instance.rules.proxies.allowed,
        urgencyReason: null,
        joursFrancs: 10,
      };
      const sitting = {
        ...newSitting(
          {
            id: `seance-${year}-${String(s + 1).padStart(3, '0')}`,
            centraleId,
            instanceId: instance.id,
            instanceName: instance.name,
            memberKeys,
            organiserKey: memberKeys[0]!,
          },
          valid,
          instance.rules,
          convokedAt,
        ),
        status: 'tenue' as const,
      };
      await meetings.create(sitting);
      const answers: Answer[] = [];
      const attending: string[] = [];
      for (const key of memberKeys) {
        const draw = rnd.next();
        const at = iso(new Date(convokedAt.getTime() + rnd.int(1, 10) * DAY));
        if (draw < 0.6 || attending.length === 0) {
          answers.push({ personKey: key, choice: 'present', proxyHolderKey: null, answeredAt: at });
          attending.push(key);
        } else if (draw < 0.75 && sitting.remoteAllowed) {
          answers.push({ personKey: key, choice: 'distance', proxyHolderKey: null, answeredAt: at });
          attending.push(key);
        } else if (draw < 0.85 && sitting.proxiesAllowed) {
          const holder = attending[answers.length % attending.length]!;
          const given = answers.filter((a) => a.proxyHolderKey === holder).length;
          if (given < sitting.maxProxiesPerHolder)
            answers.push({
              personKey: key,
              choice: 'pouvoir',
              proxyHolderKey: holder,
              answeredAt: at,
              proxy: { given: at, sittings: 1, rank: 1 },
            });
          else answers.push({ personKey: key, choice: 'absent', proxyHolderKey: null, answeredAt: at });
        } else if (draw < 0.95) {
          answers.push({ personKey: key, choice: 'absent', proxyHolderKey: null, answeredAt: at });
        }
        if (rnd.next() < 0.5) await meetings.acknowledge(sitting.id, key, new Date(at));
      }
      await meetings.updateAnswers(sitting.id, () => answers);
    }

    // 200 ballots, closed, with their votes and audit lines.
    for (let b = 0; b < 200; b++) {
      const instance = instances[b % instances.length]!;
      const opensAt = inYear(0, 350);
      const closesAt = new Date(opensAt.getTime() + 7 * DAY);
      const draft: BallotDraft = {
        subjectKind: rnd.pick(['programme', 'objectifs', 'strategie', 'bilan', 'libre'] as const),
        subject: `Délibération ${year}-${b + 1}`,
        question: `Approuvez-vous la délibération ${year}-${b + 1} ?`,
        links: [],
        choices: DEFAULT_CHOICES,
        opensAt: null,
        closesAt,
        secret: false,
        visibility: 'apres-cloture',
        quorum: instance.rules.quorum,
        majority: 'absolue',
        chairKey: null,
        reasonForContre: false,
      };
      const open: Ballot = ballotFor({
        instance,
        draft,
        openedBy: instance.members[0]!.personKey,
        sittingId: null,
        circuitId: null,
        id: `scrutin-${year}-${String(b + 1).padStart(3, '0')}`,
        serviceUrl: null,
        timeZone: centrale.timeZone,
        now: opensAt,
      });
      const voters = open.voterKeys.length > 20 ? rnd.sample(open.voterKeys, 20) : open.voterKeys;
      await ballots.create(open);
      await ballots.addEvent(
        open.id,
        { at: iso(opensAt), by: open.openedBy, action: 'ouverture', detail: open.subject },
        'ouverture',
      );
      const votes: Vote[] = [];
      for (const voterKey of voters) {
        if (rnd.next() < 0.15) continue;
        const at = iso(new Date(opensAt.getTime() + rnd.int(1, 6 * 24) * 3_600_000));
        const vote: Vote = {
          voterKey,
          castBy: voterKey,
          choice: rnd.pick(DEFAULT_CHOICES),
          reason: '',
          revision: 1,
          at,
        };
        await ballots.vote(open.id, voterKey, () => vote);
        votes.push(vote);
      }
      await ballots.update(open.id, (current) => ({
        ...current,
        status: 'clos',
        result: tally(current, votes, current.openedBy, closesAt),
      }));
      await ballots.addEvent(
        open.id,
        { at: iso(closesAt), by: open.openedBy, action: 'cloture', detail: 'Clos' },
        'cloture',
      );
    }

    // 3 campaigns × 60 communes × 10 needs, each commune's answer, the programme.
    for (let c = 0; c < 3; c++) {
      const opened = inYear(c * 120, c * 120 + 30);
      const campaign: Campaign = {
        id: `campagne-${year}-${c + 1}`,
        centraleId,
        title: `Recensement des besoins ${year} (${c + 1})`,
        segments: SEGMENTS,
        targetMemberIds: communes.map((m) => m.id),
        deadline: dateOnly(new Date(opened.getTime() + 45 * DAY)),
        timeZone: centrale.timeZone,
        extensions: [],
        closedAt: iso(new Date(opened.getTime() + 46 * DAY)),
        instructions: 'Déclarez vos besoins pour l’année suivante.',
        channelInstanceId: null,
        openedBy: staff[0]!.key,
        status: 'close',
        serviceUrl: null,
        createdAt: iso(opened),
      };
      await needs.createCampaign(campaign);
      const declared: Need[] = [];
      for (const [m, commune] of communes.entries()) {
        const by = referents[m]!.key;
        for (let k2 = 0; k2 < 10; k2++) {
          const at = iso(new Date(opened.getTime() + rnd.int(1, 40) * DAY));
          const annualCents = rnd.int(500, 80_000) * 100;
          const durationMonths = rnd.pick([12, 24, 36, 48]);
          const need: Need = {
            id: `besoin-${year}-${c + 1}-${m + 1}-${k2 + 1}`,
            campaignId: campaign.id,
            memberId: commune.id,
            segment: rnd.pick(SEGMENTS),
            description: `Besoin ${k2 + 1} de ${commune.name}`,
            quantity: String(rnd.int(1, 500)),
            unit: 'unités',
            annualCents,
            totalCents: Math.round((annualCents * durationMonths) / 12),
            wishedStart: dateOnly(new Date(Date.UTC(year + 1, 0, 1))),
            durationMonths,
            currentContractEnd: null,
            currentSupplier: '',
            currentPriceCents: null,
            constraints: '',
            clauses: '',
            commitment: rnd.pick(['indicative', 'ferme'] as const),
            status: rnd.pick(['soumis', 'accepte', 'accepte', 'accepte', 'rejete'] as const),
            mergedInto: null,
            question: '',
            answer: '',
            history: [{ at, by, action: 'soumis', detail: '' }],
            createdBy: by,
            updatedAt: at,
          };
          await needs.createNeed(need);
          declared.push(need);
        }
        await needs.setAnswer(campaign.id, { memberId: commune.id, nothing: false, by, at: campaign.closedAt! });
      }
      await needs.saveProgramme({
        campaignId: campaign.id,
        centraleId,
        title: `Programmation ${year + 1}`,
        items: itemsFrom(declared, centrale.holidayCalendar),
        circuitId: null,
        updatedAt: campaign.closedAt!,
        updatedBy: staff[0]!.key,
      });
    }

    // 300 disputes on the year's contracts, all handled.
    const contracts: Contract[] = [];
    for (let m = 0; m < 4; m++) {
      const contract: Contract = {
        id: `marche-${year}-${m + 1}`,
        centraleId,
        number: `${year}-M${String(m + 1).padStart(3, '0')}`,
        title: `${SEGMENTS[m]} ${year}`,
        supplier: `Fournisseur ${m + 1}`,
        lots: ['Lot unique'],
        startDate: `${year}-01-01`,
        endDate: `${year + 3}-12-31`,
        memberIds: communes.map((x) => x.id),
        fileId: file.id,
        // The bilan des marchés: a unit price, each commune's forecast and baseline (one in ten gave none).
        economics: {
          unit: 'unité',
          unitPriceCents: 1_000 + m * 250,
          awardedAnnualCents: null,
          renewals: [],
          sustainable: { environmental: m % 2 === 0, social: m === 3 },
          forecasts: communes.map((x, i) => ({
            memberId: x.id,
            annualQuantity: String(400 + 40 * i),
            referenceAnnualCents: i % 10 === 9 ? null : (400 + 40 * i) * (1_100 + m * 250),
            referenceSupplier: `Ancien titulaire ${m + 1}`,
            needId: null,
          })),
          campaignId: null,
        },
      };
      await disputes.saveContract(contract);
      contracts.push(contract);
      // The supplier's quarterly reports for the year (a line per commune).
      await consumption.saveReports(
        [1, 2, 3, 4].map((q) => {
          const period = parsePeriod(`${year}-T${q}`)!;
          return {
            contractId: contract.id,
            centraleId,
            periodKey: period.key,
            from: period.from,
            to: period.to,
            label: period.label,
            lines: communes.map((x, i) => ({
              memberId: x.id,
              quantity: String(90 + 10 * i + rnd.int(0, 20)),
              amountCents: (90 + 10 * i) * (1_000 + m * 250),
            })),
            importedAt: iso(inYear(0, 330)),
            importedBy: staff[0]!.key,
            source: `releve-${year}-T${q}.xlsx`,
          };
        }),
      );
    }
    for (let d = 0; d < 300; d++) {
      const created = inYear(0, 330);
      const m = rnd.int(0, communes.length - 1);
      const reporter = referents[m]!.key;
      const taken = new Date(created.getTime() + rnd.int(1, 5) * DAY);
      const resolved = new Date(taken.getTime() + rnd.int(2, 30) * DAY);
      const contract = rnd.pick(contracts);
      const dispute: Dispute = {
        id: `${year}${String(d + 1).padStart(4, '0')}`.padEnd(12, '0'),
        ref: `LIT-${year}-${String(d + 1).padStart(4, '0')}`,
        centraleId,
        contractId: contract.id,
        fileId: file.id,
        committeeInstanceId: committee.id,
        reporterKey: reporter,
        memberId: communes[m]!.id,
        category: rnd.pick(CATEGORIES),
        factsDate: dateOnly(new Date(created.getTime() - 2 * DAY)),
        reference: `BC-${year}-${d + 1}`,
        description: 'Livraison incomplète, relances restées sans effet.',
        severity: rnd.pick(SEVERITIES),
        links: [],
        status: 'resolu',
        question: '',
        answer: '',
        actions: [{ at: iso(taken), by: staff[1]!.key, text: 'Fournisseur relancé.' }],
        contradictoryDeadline: null,
        resolution: 'Avoir émis par le titulaire.',
        history: [
          { at: iso(created), by: reporter, status: 'nouveau', detail: 'Signalé' },
          { at: iso(taken), by: staff[1]!.key, status: 'pris-en-charge', detail: 'Pris en charge' },
          { at: iso(resolved), by: staff[1]!.key, status: 'resolu', detail: 'Résolu' },
        ],
        takenAt: iso(taken),
        resolvedAt: iso(resolved),
        escalated: { takeCharge: false, resolve: false },
        createdAt: iso(created),
      };
      await disputes.create(dispute);
    }
    // The reference counter as the reports left it.
    for (let d = 0; d < 300; d++) await disputes.nextRef(centraleId, year);
  }

  const out = Object.fromEntries(CONTAINER_NAMES.map((name) => [name, containers.get(name)!.documents()])) as Record<
    ContainerName,
    SeedDoc[]
  >;
  return {
    ...out,
    stats: {
      centraleId,
      byContainer: Object.fromEntries(CONTAINER_NAMES.map((name) => [name, out[name].length])) as Record<
        ContainerName,
        number
      >,
      people: [...demoKeys, ...people.map((p) => p.key)],
      communes: communes.map((c) => c.id),
    },
  };
}

const handleOf = (target: CosmosHandle | Store): CosmosHandle => ('cosmos' in target ? target.cosmos : target);

/** Writes the seeded years through the SDK, `concurrency` requests at a time (upserts: idempotent). */
export async function seedYears(target: CosmosHandle | Store, options: SeedOptions): Promise<SeedStats> {
  const started = Date.now();
  const docs = await seededDocuments(options);
  const cosmos = handleOf(target);
  const server = options.server !== undefined ? options.server : 'cosmos' in target ? target.embedded : null;
  if (server) {
    let count = 0;
    for (const name of CONTAINER_NAMES) count += server.load(cosmos.database.id, name, docs[name]);
    return { ...docs.stats, docs: count, ms: Date.now() - started };
  }
  const queue: Array<[ContainerName, SeedDoc]> = CONTAINER_NAMES.flatMap((name) =>
    docs[name].map((d) => [name, d] as [ContainerName, SeedDoc]),
  );
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const [name, doc] = queue[next++]!;
      await cosmos.container(name).items.upsert(doc);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker));
  return { ...docs.stats, docs: queue.length, ms: Date.now() - started };
}

/**
 * Writes the seeded years as a snapshot file in the format src/store/snapshot.ts loads at start
 * (an embedded store with `snapshotFile: file` then holds them). Replaces the file.
 */
export async function writeSeedSnapshot(file: string, options: SeedOptions): Promise<SeedStats> {
  const started = Date.now();
  const docs = await seededDocuments(options);
  const containers = Object.fromEntries(CONTAINER_NAMES.map((name) => [name, docs[name]]));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify({ version: 1, savedAt: new Date().toISOString(), containers }));
  const count = CONTAINER_NAMES.reduce((n, name) => n + docs[name].length, 0);
  return { ...docs.stats, docs: count, ms: Date.now() - started };
}
