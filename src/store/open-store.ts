import { count } from '../domain/french-text';
import { CosmosConversationRepository } from './conversation-repository';
import {
  CosmosHandle,
  CosmosTarget,
  createCosmosClient,
  handleOf,
  pingDatabase,
  prepareDatabase,
} from './cosmos-client';
import { CosmosDirectoryRepository } from './directory-repository';
import { EmbeddedCosmos, startEmbeddedCosmos } from './embedded-cosmos';
import { CosmosGovernanceRepository } from './governance-repository';
import { CosmosJobStore } from './job-repository';
import { CosmosMeetingRepository } from './meeting-repository';
import { CosmosBallotRepository, CosmosCircuitRepository } from './ballot-repository';
import { CosmosNeedsRepository } from './needs-repository';
import { CosmosDisputesRepository } from './disputes-repository';
import { CosmosDocumentStore } from './document-repository';
import { CosmosSurveyRepository } from './survey-repository';
import { CosmosConsumptionRepository } from './consumption-repository';
import { CosmosAdminAudit, CosmosPersonalData } from './personal-data';
import { CosmosOutboxStore } from './outbox-repository';
import { CosmosRetentionStore } from './retention-store';
import { ReferenceCache } from './reference-cache';
import { EmbeddedSnapshot } from './snapshot';
import { CosmosTurnStateStorage } from './turn-state-storage';

export type StoreOptions =
  /** A real account, or (local mode) an emulator on this machine: `target.kind` 'embedded'. */
  (
    | { kind: 'cosmos'; target: CosmosTarget; databaseId: string }
    /** `snapshotFile` null: in memory only (tests). */
    | { kind: 'embedded'; databaseId: string; snapshotFile: string | null }
  ) & {
    /** Tests only: the clock (ms) by which kept reference data ages (reference-cache.ts). */
    referenceClock?: () => number;
  };

export interface Store {
  cosmos: CosmosHandle;
  governance: CosmosGovernanceRepository;
  directory: CosmosDirectoryRepository;
  conversations: CosmosConversationRepository;
  turnState: CosmosTurnStateStorage;
  outbox: CosmosOutboxStore;
  jobs: CosmosJobStore;
  meetings: CosmosMeetingRepository;
  ballots: CosmosBallotRepository;
  circuits: CosmosCircuitRepository;
  needs: CosmosNeedsRepository;
  disputes: CosmosDisputesRepository;
  surveys: CosmosSurveyRepository;
  documents: CosmosDocumentStore;
  consumption: CosmosConsumptionRepository;
  personalData: CosmosPersonalData;
  adminAudit: CosmosAdminAudit;
  retention: CosmosRetentionStore;
  /**
   * The reference data this process keeps between turns (reference-cache.ts). A test that writes
   * it behind the repositories' back, as another process would, calls `forget()` instead of
   * waiting out the staleness bound.
   */
  referenceCache: ReferenceCache;
  description: string;
  ping(): Promise<void>;
  /** Creates the database and containers if absent and reloads the embedded snapshot. */
  prepare(): Promise<void>;
  /** Saves what must survive (the embedded snapshot); then releases the database. */
  close(): Promise<void>;
  /** Only for the embedded database: the in-process server (tests stop and restart it). */
  embedded: EmbeddedCosmos | null;
}

/**
 * The store over one database. With `prepare: false` nothing is asked of the database yet, so
 * that the bot can start while it is unreachable; call `prepare()` until it succeeds.
 */
export async function openStore(
  options: StoreOptions,
  log: (msg: string) => void = () => {},
  {
    prepare = true,
    now = () => new Date(),
  }: {
    prepare?: boolean;
    /** The bot's clock: the indexes are pruned by it, the one-time indexing dated by it. */
    now?: () => Date;
  } = {},
): Promise<Store> {
  const referenceCache = new ReferenceCache(options.referenceClock);
  let embedded: EmbeddedCosmos | null = null;
  let target: CosmosTarget;
  if (options.kind === 'embedded') {
    embedded = await startEmbeddedCosmos();
    target = { kind: 'embedded', endpoint: embedded.endpoint, key: embedded.key };
  } else {
    target = options.target;
  }
  const client = createCosmosClient(target);
  const cosmos = handleOf(client, options.databaseId);

  let snapshot: EmbeddedSnapshot | null = null;
  let description = `Cosmos DB ${target.endpoint}, base « ${options.databaseId} »`;
  if (options.kind === 'embedded') description = `Cosmos DB embarqué (${target.endpoint}), en mémoire`;
  const snapshotFile = options.kind === 'embedded' ? options.snapshotFile : null;
  let prepared = false;
  const prepareOnce = async () => {
    if (prepared) return;
    await prepareDatabase(cosmos);
    if (snapshotFile) {
      // Loaded straight into the server's memory; then each change is journaled (snapshot.ts).
      snapshot = new EmbeddedSnapshot(embedded!, options.databaseId, snapshotFile, {
        onError: (e) => log(`snapshot failed: ${String(e)}`),
      });
      const restored = await snapshot.restore();
      description += `, sauvegardé dans ${snapshotFile} (${count(restored.documents, 'document rechargé', 'documents rechargés')})`;
    }
    // Data stored before the per-person index of convocations: indexed once (no-op after).
    await new CosmosMeetingRepository(cosmos, now).buildUpcomingIndex(now());
    await new CosmosBallotRepository(cosmos, now).buildPersonIndex(now());
    await new CosmosNeedsRepository(cosmos, now).buildCampaignLists(now());
    await new CosmosCircuitRepository(cosmos).buildCircuitLists(now());
    // A snapshot restored under reads made before it (a start while the database was down).
    referenceCache.forget();
    prepared = true;
  };
  if (prepare) await prepareOnce();

  const directory = new CosmosDirectoryRepository(cosmos, referenceCache);
  return {
    cosmos,
    directory,
    governance: new CosmosGovernanceRepository(cosmos, directory, referenceCache),
    conversations: new CosmosConversationRepository(cosmos),
    turnState: new CosmosTurnStateStorage(cosmos),
    outbox: new CosmosOutboxStore(cosmos),
    jobs: new CosmosJobStore(cosmos),
    meetings: new CosmosMeetingRepository(cosmos, now),
    ballots: new CosmosBallotRepository(cosmos, now),
    circuits: new CosmosCircuitRepository(cosmos),
    needs: new CosmosNeedsRepository(cosmos, now),
    disputes: new CosmosDisputesRepository(cosmos),
    surveys: new CosmosSurveyRepository(cosmos),
    documents: new CosmosDocumentStore(cosmos),
    consumption: new CosmosConsumptionRepository(cosmos),
    personalData: new CosmosPersonalData(cosmos, referenceCache),
    adminAudit: new CosmosAdminAudit(cosmos),
    retention: new CosmosRetentionStore(cosmos),
    referenceCache,
    get description() {
      return description;
    },
    embedded,
    ping: () => pingDatabase(cosmos),
    prepare: prepareOnce,
    async close() {
      try {
        await (snapshot as EmbeddedSnapshot | null)?.close();
      } finally {
        client.dispose();
        await embedded?.stop();
      }
    },
  };
}
