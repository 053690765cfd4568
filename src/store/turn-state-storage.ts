import { z } from 'zod';
import { CosmosHandle } from './cosmos-client';
import { DocTable, statusOf } from './doc-table';
import { safeId } from './directory-repository';

type StoreItems = Record<string, Record<string, unknown> & { eTag?: string }>;
const stateDoc = z.object({ key: z.string(), state: z.record(z.string(), z.unknown()) });

/**
 * teams-ai / botbuilder `Storage` over Cosmos (container `turnstate`), implemented by shape so
 * that this folder does not import botbuilder. Follows botbuilder's eTag convention: an item
 * with an eTag other than '*' is written only if it still matches.
 */
export class CosmosTurnStateStorage {
  private readonly table: DocTable<z.infer<typeof stateDoc>>;

  constructor(private readonly cosmos: CosmosHandle) {
    this.table = new DocTable(cosmos.container('turnstate'), 'turn-state', stateDoc);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const id = safeId(key);
        const found = await this.table.read(id, id);
        if (found) items[key] = { ...found.value.state, eTag: found.etag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const id = safeId(key);
        const { eTag, ...state } = item;
        const doc = { id, pk: id, type: 'turn-state', data: { key, state } };
        const container = this.cosmos.container('turnstate');
        if (!eTag || eTag === '*') {
          await container.items.upsert(doc);
          return;
        }
        try {
          await container.item(id, id).replace(doc, { accessCondition: { type: 'IfMatch', condition: eTag } });
        } catch (e) {
          if (statusOf(e) !== 404) throw e;
          await container.items.create(doc);
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.table.delete(safeId(key), safeId(key))));
  }
}
