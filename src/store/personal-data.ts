import { AdminAuditEntry, PersonalDataStore } from '../app/privacy/ports';
import { CONTAINER_NAMES, ContainerName } from './containers';
import { CosmosHandle } from './cosmos-client';

type Doc = { id: string; pk: string; type: string; data: unknown; _etag?: string };
const strip = ({ id, pk, type, data }: Doc) => ({ id, pk, type, data });

/**
 * The personal data of one person across containers. Rare and administrative: a scan of each
 * container is acceptable (the stores are small), and it finds what any feature stored.
 */
export class CosmosPersonalData implements PersonalDataStore {
  constructor(private readonly cosmos: CosmosHandle) {}

  private async scan(name: ContainerName, personKey: string): Promise<Doc[]> {
    const { resources } = await this.cosmos.container(name).items.query<Doc>('SELECT * FROM c').fetchAll();
    return resources.filter((d) => JSON.stringify(d).includes(personKey));
  }

  async find(personKey: string) {
    const found = [];
    for (const name of CONTAINER_NAMES) {
      if (name === 'outbox' || name === 'jobs') continue; // in flight, not kept
      for (const d of await this.scan(name, personKey))
        found.push({ container: name, id: d.id, type: d.type, data: d.data });
    }
    return found;
  }

  async pseudonymise(personKey: string, alias: string): Promise<number> {
    let changed = 0;
    for (const name of CONTAINER_NAMES) {
      const container = this.cosmos.container(name);
      for (const d of await this.scan(name, personKey)) {
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
