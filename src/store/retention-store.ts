import { RetentionKind } from '../domain/retention';
import { RetentionStore } from '../app/privacy/retention-purge';
import { CosmosHandle } from './cosmos-client';
import { ContainerName } from './containers';

/** Where each kind of record lives: container and document types. */
const WHERE: Record<RetentionKind, { container: ContainerName; types: string[] }> = {
  etat: { container: 'turnstate', types: ['turn-state'] },
  envois: { container: 'deliveries', types: ['notice', 'delivery'] },
  enquetes: { container: 'surveys', types: ['response'] },
  journal: { container: 'directory', types: ['admin-audit'] },
};

/**
 * Deletes by the time Cosmos last wrote each document (`_ts`, seconds): TTL would do it in
 * Azure, but the embedded server has none, so the purge job does it in code everywhere.
 */
export class CosmosRetentionStore implements RetentionStore {
  constructor(private readonly cosmos: CosmosHandle) {}

  async purge(kind: RetentionKind, before: Date): Promise<number> {
    const { container: name, types } = WHERE[kind];
    const container = this.cosmos.container(name);
    let deleted = 0;
    for (const type of types) {
      const { resources } = await container.items
        .query<{ id: string; pk: string }>({
          query: 'SELECT c.id, c.pk FROM c WHERE c.type = @type AND c._ts < @ts',
          parameters: [
            { name: '@type', value: type },
            { name: '@ts', value: Math.floor(before.getTime() / 1000) },
          ],
        })
        .fetchAll();
      for (const doc of resources) {
        try {
          await container.item(doc.id, doc.pk).delete();
          deleted++;
        } catch (e) {
          if ((e as { code?: number }).code !== 404) throw e;
        }
      }
    }
    return deleted;
  }
}
