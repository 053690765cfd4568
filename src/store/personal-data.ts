import { AdminAuditEntry, PersonalDataStore } from '../app/privacy/ports';
import { CONTAINER_NAMES, ContainerName } from './containers';
import { CosmosHandle } from './cosmos-client';

type Doc = { id: string; pk: string; type: string; data: unknown; _etag?: string };
const strip = ({ id, pk, type, data }: Doc) => ({ id, pk, type, data });

/** The directory's person → centrales index (the only document listing a person's centrales). */
const PERSON_INDEX = 'person-index';

/**
 * The personal data of one person, within one centrale. Rare and administrative: a scan of each
 * container is acceptable (the stores are small), and it finds what any feature stored.
 *
 * A document belongs to a centrale when it says so (`data.centraleId`) or when it sits in the
 * partition of a record that does (a vote in its ballot's, an answer in its sitting's, a
 * delivery in its notice's, a circuit's audit lines in the circuit's). What belongs to no
 * centrale only serves to reach the person (conversation references, turn state) or lists
 * their centrales (the index). A person may belong to several centrales: one centrale's
 * administrators never see nor change what another centrale holds about them.
 */
export class CosmosPersonalData implements PersonalDataStore {
  constructor(private readonly cosmos: CosmosHandle) {}

  private async all(): Promise<Array<{ name: ContainerName; docs: Doc[] }>> {
    const out = [];
    for (const name of CONTAINER_NAMES) {
      const { resources } = await this.cosmos.container(name).items.query<Doc>('SELECT * FROM c').fetchAll();
      out.push({ name, docs: resources });
    }
    return out;
  }

  /** The person's documents, each with the centrale it belongs to (null: none). */
  private async scan(personKey: string) {
    const containers = await this.all();
    const owners = new Map<string, Set<string>>();
    for (const { docs } of containers)
      for (const d of docs) {
        const c = centraleOf(d);
        if (c) owners.set(d.pk, (owners.get(d.pk) ?? new Set()).add(c));
      }
    const ownerOf = (d: Doc): string | null => {
      const own = centraleOf(d);
      if (own) return own;
      const byPartition = owners.get(d.pk);
      if (byPartition?.size === 1) return [...byPartition][0]!;
      // A partition two centrales share (files of the same title) holds only documents that say whose they are.
      return byPartition ? AMBIGUOUS : null;
    };
    return containers.map(({ name, docs }) => ({
      name,
      docs: docs.filter((d) => JSON.stringify(d).includes(personKey)).map((d) => ({ doc: d, centrale: ownerOf(d) })),
    }));
  }

  async find(personKey: string, centraleId: string) {
    const found = [];
    for (const { name, docs } of await this.scan(personKey)) {
      if (name === 'outbox' || name === 'jobs') continue; // in flight, not kept
      for (const { doc: d, centrale } of docs) {
        if (centrale !== null && centrale !== centraleId) continue;
        // The index says which centrales the person belongs to: only this one is theirs to see.
        const data =
          d.type === PERSON_INDEX ? { ...(d.data as object), centraleIds: [centraleId] } : (d.data as unknown);
        found.push({ container: name, id: d.id, type: d.type, data });
      }
    }
    return found;
  }

  async pseudonymise(personKey: string, alias: string, centraleId: string): Promise<number> {
    const scanned = await this.scan(personKey);
    const index = scanned
      .flatMap((c) => c.docs)
      .find(({ doc }) => doc.type === PERSON_INDEX && doc.id === `person:${personKey}`)?.doc;
    const elsewhere = ((index?.data as { centraleIds?: string[] } | undefined)?.centraleIds ?? []).filter(
      (c) => c !== centraleId,
    );
    let changed = 0;
    for (const { name, docs } of scanned) {
      const container = this.cosmos.container(name);
      for (const { doc: d, centrale } of docs) {
        if (centrale !== null && centrale !== centraleId) continue;
        if (centrale === null && elsewhere.length) {
          // Still a member elsewhere: the way to reach them stays; the index forgets this centrale.
          if (d === index) {
            await container.item(d.id, d.pk).replace({ ...strip(d), data: { centraleIds: elsewhere } });
            changed++;
          }
          continue;
        }
        const drop =
          name === 'turnstate' || name === 'conversations' || (name === 'directory' && d.id.includes(personKey));
        if (!drop) {
          const next = JSON.parse(JSON.stringify(strip(d)).split(personKey).join(alias)) as Doc;
          if (next.id === d.id && next.pk === d.pk) await container.item(d.id, d.pk).replace(next);
          else await container.items.upsert(next);
        }
        if (drop || JSON.stringify([d.id, d.pk]).includes(personKey))
          await container
            .item(d.id, d.pk)
            .delete()
            .catch(() => undefined);
        changed++;
      }
    }
    return changed;
  }
}

const AMBIGUOUS = '\u0000ambiguous';

/** The centrale a document names, if any (`audit:<centrale>`, `registre:<centrale>` partitions say it too). */
function centraleOf(d: Doc): string | null {
  const own = (d.data as { centraleId?: unknown } | null)?.centraleId;
  if (typeof own === 'string') return own;
  const m = /^(?:audit|registre):(.+)$/.exec(d.pk);
  return m ? m[1]! : null;
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
