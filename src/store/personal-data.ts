import { AdminAuditEntry, PersonIdentifiers, PersonalDataStore } from '../app/privacy/ports';
import { CONTAINER_NAMES, ContainerName } from './containers';
import { CosmosHandle } from './cosmos-client';
import { safeId } from './directory-repository';
import { ReferenceCache } from './reference-cache';

type Doc = { id: string; pk: string; type: string; data: unknown; _etag?: string };
type Located = Doc & { container: ContainerName };
const strip = ({ id, pk, type, data }: Doc) => ({ id, pk, type, data });

/** What the erasure writes in place of each identifier. */
const ERASED_NAME = 'Membre supprimé';
const ERASED_EMAIL = 'adresse supprimée';

/** Every string of a JSON value (object keys included) with `replace` applied. */
function mapStrings(value: unknown, replace: (s: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, replace));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [replace(k), mapStrings(v, replace)]));
  return value;
}

/**
 * The personal data of one person in one centrale, across containers. Rare and administrative:
 * each container is scanned once (the stores are small), so it finds what any feature stored.
 *
 * A document belongs to a centrale when its partition does: a partition holding a document whose
 * `data.centraleId` is that centrale (a sitting and its answers, a ballot and its votes, a notice
 * and its delivery records…), the centrale's own partition, or a partition named after it
 * (`audit:<centrale>`, `registre:<centrale>`). What serves the person wherever they are (their
 * 1:1 conversation reference, the person → centrales index, the bot's turn state) is theirs, not
 * a centrale's: it is exported, and erased with their last centrale.
 */
export class CosmosPersonalData implements PersonalDataStore {
  constructor(
    private readonly cosmos: CosmosHandle,
    /** The reference data this process keeps: an erasure rewrites people and lookups behind it. */
    private readonly cache = new ReferenceCache(),
  ) {}

  private async everything(): Promise<Located[]> {
    const all: Located[] = [];
    for (const name of CONTAINER_NAMES) {
      const { resources } = await this.cosmos.container(name).items.query<Doc>('SELECT * FROM c').fetchAll();
      for (const d of resources) all.push({ ...d, container: name });
    }
    return all;
  }

  /** The identifiers to look for: the person's, and the ids of their 1:1 conversations. */
  private identifiers(who: PersonIdentifiers, docs: Located[]): string[] {
    const personal = docs.find((d) => d.container === 'conversations' && d.id === `user:${who.key}`);
    const reference = (personal?.data as { reference?: { conversation?: { id?: unknown } } } | undefined)?.reference;
    const conversationId = typeof reference?.conversation?.id === 'string' ? reference.conversation.id : null;
    return [who.key, who.aadObjectId, who.teamsUserId, who.email, who.displayName, conversationId].filter(
      (s): s is string => typeof s === 'string' && s.length >= 3,
    );
  }

  private classify(centraleId: string, who: PersonIdentifiers, docs: Located[]) {
    const ids = this.identifiers(who, docs);
    const names = (d: Located) => {
      // A homonym's own record is theirs: only the person's ids, never a shared name, select it.
      if (d.type === 'person' && (d.data as { key?: unknown }).key !== who.key) return false;
      // A document of record's bytes (base64) are kept frozen, never searched nor rewritten: its
      // record (who generated it) is, and the archive itself stays as filed (PRIVACY.md).
      if (d.type === 'document-content') return false;
      const text = JSON.stringify(strip(d));
      return ids.some((i) => text.includes(i));
    };
    const owned = new Set<string>([centraleId]);
    for (const d of docs)
      if ((d.data as { centraleId?: unknown } | null)?.centraleId === centraleId && d.container !== 'directory')
        owned.add(d.pk);
    const bound = new Map<string, string>();
    for (const d of docs)
      if (d.container === 'directory' && d.type === 'conversation-index')
        bound.set(d.id, (d.data as { centraleId: string }).centraleId);
    const personalConversation = ids.find((i) =>
      docs.some((d) => d.container === 'conversations' && d.id === `conv:${safeId(i)}`),
    );
    const isPersonal = (d: Located) =>
      (d.container === 'conversations' &&
        (d.id === `user:${who.key}` || (!!personalConversation && d.id === `conv:${safeId(personalConversation)}`))) ||
      (d.container === 'directory' && d.id === `person:${who.key}`) ||
      d.container === 'turnstate';
    const isCentrales = (d: Located) => {
      if (d.container === 'conversations') {
        const binding = bound.get(d.id);
        return binding === undefined || binding === centraleId;
      }
      return owned.has(d.pk) || d.pk.endsWith(`:${centraleId}`);
    };
    const naming = docs.filter(names);
    return {
      ids,
      personal: naming.filter(isPersonal),
      centrale: naming.filter((d) => !isPersonal(d) && isCentrales(d)),
    };
  }

  async find(centraleId: string, who: PersonIdentifiers) {
    const { personal, centrale } = this.classify(centraleId, who, await this.everything());
    return [...centrale, ...personal.filter((d) => d.container !== 'directory')].map((d) => ({
      container: d.container,
      partition: d.pk,
      id: d.id,
      type: d.type,
      data: d.data,
    }));
  }

  pseudonymise(centraleId: string, who: PersonIdentifiers, alias: string, elsewhere: boolean): Promise<number> {
    return this.cache.writing(() => this.scrubAll(centraleId, who, alias, elsewhere));
  }

  private async scrubAll(centraleId: string, who: PersonIdentifiers, alias: string, elsewhere: boolean) {
    const docs = await this.everything();
    const { ids, personal, centrale } = this.classify(centraleId, who, docs);
    const replacement = (i: string) => (i === who.displayName ? ERASED_NAME : i === who.email ? ERASED_EMAIL : alias);
    // Longest first: the person key contains the Entra object id.
    const order = [...ids].sort((a, b) => b.length - a.length);
    const scrub = (s: string) => order.reduce((acc, i) => acc.split(i).join(replacement(i)), s);
    let changed = 0;
    for (const d of centrale) {
      const container = this.cosmos.container(d.container);
      const toThem =
        d.container === 'outbox' &&
        JSON.stringify((d.data as { recipient?: unknown }).recipient ?? '').includes(who.key);
      if (!toThem) {
        const next = mapStrings(strip(d), scrub) as Doc;
        if (next.id === d.id && next.pk === d.pk) await container.item(d.id, d.pk).replace(next);
        else await container.items.upsert(next);
      }
      if (toThem || scrub(d.id) !== d.id || scrub(d.pk) !== d.pk)
        await container
          .item(d.id, d.pk)
          .delete()
          .catch(() => undefined);
      changed++;
    }
    for (const d of personal) {
      const container = this.cosmos.container(d.container);
      if (d.container === 'directory') {
        const rest = ((d.data as { centraleIds: string[] }).centraleIds ?? []).filter((c) => c !== centraleId);
        if (rest.length) await container.item(d.id, d.pk).replace({ ...strip(d), data: { centraleIds: rest } });
        else await container.item(d.id, d.pk).delete();
      } else if (!elsewhere || d.container !== 'conversations' || d.id !== `user:${who.key}`) {
        // Turn state is rebuilt at the next message; the 1:1 reference goes with the last centrale.
        await container
          .item(d.id, d.pk)
          .delete()
          .catch(() => undefined);
      }
      changed++;
    }
    return changed;
  }
}

/** Container `directory`, partition `audit:<centrale>`: administrative actions, one document each. */
export class CosmosAdminAudit {
  constructor(private readonly cosmos: CosmosHandle) {}

  async record(centraleId: string, entry: AdminAuditEntry) {
    await this.cosmos.container('directory').items.create({
      id: `audit:${entry.at}:${Math.random().toString(36).slice(2, 10)}`,
      pk: `audit:${centraleId}`,
      type: 'admin-audit',
      data: entry,
    });
  }

  async list(centraleId: string) {
    const { resources } = await this.cosmos
      .container('directory')
      .items.query<Doc>({
        query: 'SELECT * FROM c WHERE c.pk = @pk AND c.type = @t',
        parameters: [
          { name: '@pk', value: `audit:${centraleId}` },
          { name: '@t', value: 'admin-audit' },
        ],
      })
      .fetchAll();
    return resources.map((d) => d.data as AdminAuditEntry).sort((a, b) => a.at.localeCompare(b.at));
  }
}
