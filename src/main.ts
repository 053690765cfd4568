import { createChartRenderer } from './documents/chart';
import { createHash, randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
import os from 'os';
import { Dispatcher } from './app/delivery/dispatcher';
import { Scheduler } from './app/scheduler';
import { PURGE_JOB, nextPurge, purgeExpired } from './app/privacy/retention-purge';
import { ConnectorSender } from './teams/framework/connector-sender';
import { givenUpAlert } from './app/delivery/given-up-alert';
import { MailDispatcher } from './app/delivery/mail-dispatcher';
import { fallbackEntry } from './app/delivery/mail-entries';
import { NoticeHeader, OutboxEntry } from './app/delivery/ports';
import { listMessages } from './mail/eml-folder-transport';
import { makeTransport } from './mail/make-transport';
import { mailboxPage } from './web/mailbox-page';
import { DEFAULT_TIME_ZONE } from './domain/local-date';
import { mailPresenter } from './mail/presenter';
import path from 'path';
import { governanceSeedSchema } from './app/governance/governance-seed';
import { loadDemo, demoSchema } from './app/governance/load-demo';
import { loadGovernance } from './app/governance/load-governance';
import { systemClock, Clock } from './app/ports';
import { Config, ConfigError, loadConfig } from './config';
import { startHttpServer } from './http/server';
import { SignedLinks } from './app/files/signed-links';
import { RespondentTokens } from './app/surveys/surveys';
import { serveFile } from './app/files/serve-file';
import { answerFromLink, openSittingLink } from './app/meetings/answer-link';
import { openBallotLink, voteFromLink } from './app/ballots/vote-link';
import { actOnNeedsLink, openNeedsLink } from './app/needs/needs-link';
import { importFromConsumptionLink, openConsumptionLink } from './app/bilan/consumption-link';
import { consumptionPageHtml } from './web/consumption-page';
import { answerPageHtml } from './web/answer-page';
import { ballotPageHtml } from './web/ballot-page';
import { needsPageHtml } from './web/needs-page';
import { CardRefresher } from './teams/card-refresher';
import { createLogger, Logger } from './logger';
import { projectRoot } from './project-root';
import { defaultSnapshotPath } from './store/embedded-cosmos';
import { localSecret } from './store/local-secret';
import { Store, StoreOptions, openStore } from './store/open-store';
import { createBot } from './teams/framework/bot';
import { createPresenters } from './teams/presenters';
import { createDocumentRenderer, createWorkbooks } from './documents/renderer';
import { BotDeps } from './teams/turn';
import { createSentenceInterpreter } from './teams/framework/language-model';
import { allJobs } from './app/jobs';

/** The bot's id in local mode (the Agents Playground and tests use it too). */
export const LOCAL_BOT_ID = '28:centrale-bot';

export interface RunningBot {
  port: number;
  store: Store;
  dispatcher: Dispatcher;
  /** The e-mail channel's sender; null when no e-mail transport is configured. */
  mailDispatcher: MailDispatcher | null;
  scheduler: Scheduler;
  instanceId: string;
  /** The bot's signed links (files, and the pages behind the e-mail's links). */
  links: SignedLinks;
  stop(): Promise<void>;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function storeOptions(config: Config): StoreOptions {
  if (!config.COSMOS_ENDPOINT) {
    return {
      kind: 'embedded',
      databaseId: config.COSMOS_DATABASE,
      snapshotFile: config.EMBEDDED_PERSIST ? defaultSnapshotPath(config.DATA_DIR) : null,
    };
  }
  if (config.COSMOS_EMULATOR) {
    return {
      kind: 'cosmos',
      databaseId: config.COSMOS_DATABASE,
      // An embedded server started by another process (benchmarks) gives its random key here.
      target: { kind: 'embedded', endpoint: config.COSMOS_ENDPOINT, key: config.COSMOS_KEY },
    };
  }
  return {
    kind: 'cosmos',
    databaseId: config.COSMOS_DATABASE,
    target: config.COSMOS_USE_ENTRA
      ? { kind: 'entra', endpoint: config.COSMOS_ENDPOINT }
      : { kind: 'account', endpoint: config.COSMOS_ENDPOINT, key: config.COSMOS_KEY! },
  };
}

/** The composition root: wires the store, the domain use cases, Teams and HTTP together. */
export interface StartOptions {
  log?: Logger;
  clock?: Clock;
  /** Tests only: another database than the configuration's (an embedded one in production mode). */
  store?: StoreOptions;
  /** Tests only: where the signing keys of incoming Bot Framework tokens are published. */
  openIdMetadataUrl?: string;
  /** Tests only: the certificate of a loopback Entra token service (Graph transport). */
  mailAuthorityCa?: string;
}

export async function startBot(config: Config, opts: StartOptions = {}): Promise<RunningBot> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  const store = await openStore(opts.store ?? storeOptions(config), (m) => log.error(m), {
    prepare: false,
    now: () => clock.now(),
  });
  let storageReady = false;
  const instanceId = config.INSTANCE_ID ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  let dispatcher: Dispatcher | null = null;
  let mailDispatcher: MailDispatcher | null = null;
  const transport = makeTransport(config.mail, log, { authorityCa: opts.mailAuthorityCa });
  const scheduler = new Scheduler(store.jobs, clock, log, {
    instanceId,
    pollMs: config.SCHEDULER_POLL_MS,
    idleMaxMs: config.QUEUE_IDLE_MAX_MS,
  });
  const secret = linkSecret(config);
  const links = new SignedLinks(secret, config.PUBLIC_BASE_URL ?? null);
  const refresher = new CardRefresher(
    1_000,
    (cardId, e) => log.error('card refresh failed', { cardId, error: String(e) }),
    config.CARD_REFRESH_DELAY_MS,
  );
  const base = {
    links,
    respondents: new RespondentTokens(secret),
    refresher,
    governance: store.governance,
    directory: store.directory,
    conversations: store.conversations,
    outbox: store.outbox,
    meetings: store.meetings,
    ballots: store.ballots,
    circuits: store.circuits,
    needs: store.needs,
    disputes: store.disputes,
    surveys: store.surveys,
    personalData: store.personalData,
    adminAudit: store.adminAudit,
    documents: store.documents,
    documentRenderer: createDocumentRenderer(),
    consumption: store.consumption,
    charts: createChartRenderer(),
    workbooks: createWorkbooks(),
    clock,
    log,
    wake: () => {
      dispatcher?.wake();
      mailDispatcher?.wake();
    },
    timers: scheduler,
    reminderOffsetsMs: config.MEETING_REMINDERS,
    ballotReminderOffsetsMs: config.BALLOT_REMINDERS,
    needsReminderOffsetsMs: config.NEEDS_REMINDERS,
    disputeDelaysH: config.DISPUTE_DELAYS,
    storageReady: () => storageReady,
  };
  const deps: BotDeps = {
    ...base,
    presenters: {
      ...createPresenters(base),
      ...(transport
        ? { mail: mailPresenter(config.MICROSOFT_APP_ID ? `28:${config.MICROSOFT_APP_ID}` : LOCAL_BOT_ID) }
        : {}),
    },
    // Off unless configured: the sentences the grammar does not understand, and only they.
    ...(config.languageModel ? { interpreter: createSentenceInterpreter(config.languageModel, log) } : {}),
  };
  if (config.languageModel)
    log.info('language model on, for the sentences the grammar does not understand', {
      kind: config.languageModel.kind,
      host: new URL(config.languageModel.endpoint).host,
    });
  const purgeDeps = { retention: store.retention, retentionDays: config.RETENTION, clock, log };
  scheduler.register(PURGE_JOB, async () => {
    await purgeExpired(purgeDeps);
    await scheduler.schedule({ ...nextPurge(clock.now()), type: PURGE_JOB });
  });
  for (const [type, handler] of Object.entries(allJobs(deps))) scheduler.register(type, handler);

  const credentials = config.local
    ? null
    : {
        appId: config.MICROSOFT_APP_ID!,
        appPassword: config.MICROSOFT_APP_PASSWORD!,
        appType: config.MICROSOFT_APP_TYPE,
        tenantId: config.MICROSOFT_APP_TENANT_ID,
      };
  const bot = createBot(deps, credentials, opts.openIdMetadataUrl);
  const sender = new ConnectorSender({
    credentials,
    botId: credentials ? `28:${credentials.appId}` : LOCAL_BOT_ID,
    timeoutMs: config.DELIVERY_TIMEOUT_MS,
  });
  const onGivenUp = givenUpAlert(deps);
  const fallBackToEmail = transport
    ? async (notice: NoticeHeader, entry: OutboxEntry, reason: string) => {
        const mail = fallbackEntry(notice, entry, reason, clock.now());
        if (!mail) return false;
        await store.outbox.enqueueMail(mail);
        mailDispatcher?.wake();
        return true;
      }
    : undefined;
  dispatcher = new Dispatcher(
    { outbox: store.outbox, sender, conversations: store.conversations, clock, log, onGivenUp, fallBackToEmail },
    {
      instanceId,
      concurrency: config.DELIVERY_CONCURRENCY,
      pollMs: config.DELIVERY_POLL_MS,
      idleMaxMs: config.QUEUE_IDLE_MAX_MS,
      leaseMs: config.DELIVERY_LEASE_MS,
    },
  );

  if (transport && config.mail) {
    mailDispatcher = new MailDispatcher(
      {
        outbox: store.outbox,
        transport,
        composition: {
          from: config.mail.from,
          linkFor: (kind, id, expiresAt) => links.pageUrl(kind, id, expiresAt),
          document: async (ownerId, documentId) => {
            const kept = await store.documents.get(ownerId, documentId);
            return kept
              ? { filename: kept.record.filename, contentType: kept.record.contentType, content: kept.content }
              : null;
          },
        },
        clock,
        log,
        onGivenUp,
      },
      {
        instanceId,
        limits: config.mail.limits.map((w) => ({ limit: w.count, ms: w.windowMs })),
        idleMaxMs: config.QUEUE_IDLE_MAX_MS,
        leaseMs: config.DELIVERY_LEASE_MS,
      },
    );
  }

  let healthProblem: string | null = null;
  const http = await startHttpServer(
    {
      log,
      processActivity: (req, res) => bot.adapter.process(req, res, (context) => bot.run(context)),
      file: (request) => serveFile(deps, links, request),
      // The pages behind the e-mail's links: a sitting's answer, a named ballot's vote, a référent's needs.
      page: async (request) =>
        request.kind === 'scrutin'
          ? rendered(await openBallotLink(deps, links, request), ballotPageHtml, request.action)
          : request.kind === 'besoins'
            ? rendered(await openNeedsLink(deps, links, request), needsPageHtml, request.action)
            : request.kind === 'consommation'
              ? rendered(await openConsumptionLink(deps, links, request), consumptionPageHtml, request.action)
              : rendered(
                  await openSittingLink(deps, links, request, { activated: request.activated }),
                  answerPageHtml,
                  request.action,
                ),
      answerPage: async (request, form, upload) =>
        request.kind === 'scrutin'
          ? rendered(await voteFromLink(deps, links, request, form), ballotPageHtml, request.action)
          : request.kind === 'besoins'
            ? rendered(await actOnNeedsLink(deps, links, request, form, upload), needsPageHtml, request.action)
            : request.kind === 'consommation'
              ? rendered(
                  await importFromConsumptionLink(deps, links, request, upload),
                  consumptionPageHtml,
                  request.action,
                )
              : rendered(await answerFromLink(deps, links, request, form), answerPageHtml, request.action),
      ...(config.mail?.transport === 'fichiers'
        ? { mailbox: localMailbox(config.mail.folder, DEFAULT_TIME_ZONE) }
        : {}),
      // Strangers learn only whether the bot serves; what is wrong goes to the log, once per change.
      async health() {
        if (!storageReady) return { ok: false, body: { status: 'starting' } };
        try {
          await withTimeout(store.ping(), 3000);
          if (healthProblem !== null) log.info('health: storage reachable again');
          healthProblem = null;
          return { ok: true, body: { status: 'ok' } };
        } catch (e) {
          if (healthProblem !== String(e)) log.error('health: storage unreachable', { error: String(e) });
          healthProblem = String(e);
          return { ok: false, body: { status: 'degraded' } };
        }
      },
    },
    config.host,
    config.PORT,
    { localOnly: config.local, publicOrigin: config.PUBLIC_BASE_URL ? new URL(config.PUBLIC_BASE_URL).origin : null },
  );
  links.setBase(`http://${config.host}:${http.port}`);

  /** Reaches the database, loads the governance (and demo) data, then starts sending and timers. */
  const prepareStorage = async () => {
    await store.prepare();
    const admins = config.admins;
    for (const name of config.SEED_CENTRALES) {
      const seed = governanceSeedSchema.parse(readJson(path.join(projectRoot, 'data', 'governance', `${name}.json`)));
      const loaded = await loadGovernance(
        deps,
        seed,
        admins.filter((a) => a.centraleId === seed.centrale.id),
      );
      log.info('governance loaded', loaded);
    }
    if (config.DEMO_DATA) {
      await loadDemo(
        deps,
        demoSchema.parse(readJson(path.join(projectRoot, 'data', 'demo', 'demo.json'))),
        config.DEMO_SERVICE_URL ?? null,
        LOCAL_BOT_ID,
      );
      log.info('demo data loaded');
    }
    await scheduler.schedule({ ...nextPurge(clock.now()), type: PURGE_JOB });
    storageReady = true;
    log.info('storage ready', { storage: store.description });
    // Late messages and timers go out at once: the first ticks run now.
    dispatcher!.start();
    mailDispatcher?.start();
    scheduler.start();
  };
  let startupError: string | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  let failedAttempts = 0;
  const tryPrepare = async (): Promise<void> => {
    try {
      await prepareStorage();
      if (startupError) log.info('database reached: the bot is ready', { storage: store.description });
      startupError = null;
    } catch (e) {
      if (store.embedded) {
        // In this process: not a reachability problem, a broken start.
        await http.close(0);
        await store.close().catch(() => undefined);
        throw e;
      }
      if (stopped) return;
      startupError = String(e);
      // The first failure is an error; then one line a minute, not one per attempt.
      if (failedAttempts++ % Math.max(1, Math.round(60_000 / config.STORAGE_RETRY_MS)) === 0) {
        log.error('database unreachable at start: the bot answers « réessayez » until it can reach it', {
          error: startupError,
          attempts: failedAttempts,
          retryMs: config.STORAGE_RETRY_MS,
        });
      }
      retry = setTimeout(() => void tryPrepare(), config.STORAGE_RETRY_MS);
    }
  };
  await tryPrepare();
  log.info('bot listening', {
    url: `http://${config.host}:${http.port}/api/messages`,
    mode: config.BOT_MODE,
    instanceId,
  });

  return {
    port: http.port,
    store,
    dispatcher,
    mailDispatcher,
    scheduler,
    instanceId,
    links,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await http.close(config.SHUTDOWN_GRACE_MS);
      await scheduler.stop();
      await refresher.idle();
      await dispatcher!.stop();
      await mailDispatcher?.stop();
      await transport?.close?.();
      await store.close();
      log.info('bot stopped');
    },
  };
}

/** Local mode's .eml files, for the loopback page /courriels: a name this folder holds, nothing else. */
function localMailbox(folder: string, timeZone: string) {
  return {
    page: async () => mailboxPage(await listMessages(folder), folder, timeZone),
    async read(file: string) {
      if (file !== path.basename(file) || !file.endsWith('.eml') || file.startsWith('.')) return null;
      return readFile(path.join(folder, file)).catch(() => null);
    },
  };
}

/** A page rendered by the web layer, with the status its view carries. */
const rendered = <P extends { status: number }>(page: P, render: (p: P, action: string) => string, action: string) => ({
  status: page.status,
  html: render(page, action),
});

/** Every instance must sign links alike: the configured secret, else one derived from the app password. */
function linkSecret(config: Config): string {
  if (config.LINK_SECRET) return config.LINK_SECRET;
  // Local mode: a random secret kept in the data folder, never a constant anyone could sign with.
  if (config.local) return localSecret(config.DATA_DIR, 'link-secret');
  return createHash('sha256').update(`centrale-gouvernance/links\n${config.MICROSOFT_APP_PASSWORD!}`).digest('hex');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const running = await startBot(config);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, stopping…\n`);
    running.stop().then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`shutdown failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
