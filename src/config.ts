import { existsSync } from 'fs';
import path from 'path';
import { z } from 'zod';
import { RETENTION_SYNTAX, retentionOf } from './domain/retention';

/**
 * Configuration from the environment, checked at start. A bad value stops the start with a
 * message naming the variable. Local mode (no Bot Framework authentication, embedded database)
 * must be asked for with BOT_MODE=local: it is never the default.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
);
const adminId = z.string().regex(/^[a-z0-9-]+=[^:\s=]+:[^:\s=]+$/, 'expected centraleId=tenantId:objectId');

/** Offsets before an event, e.g. "2d,2h" (d = days, h = hours, m = minutes), in ms. */
const offsets = (fallback: string) =>
  z
    .string()
    .regex(/^\s*\d+[dhm](\s*,\s*\d+[dhm])*\s*$/, 'expected offsets like 2d,2h (d = days, h = hours, m = minutes)')
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map(
          (o) =>
            Number(o.trim().slice(0, -1)) *
            { d: 86_400_000, h: 3_600_000, m: 60_000 }[o.trim().slice(-1) as 'd' | 'h' | 'm'],
        ),
    );

/** Sending limits per mailbox, e.g. "30/1m,10000/1d" (s, m, h, d): at most 30 a minute and 10,000 a day. */
const MAIL_LIMITS_SYNTAX = /^\s*[1-9]\d*\/\d+[smhd](\s*,\s*[1-9]\d*\/\d+[smhd])*\s*$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const mailLimits = z
  .string()
  .regex(MAIL_LIMITS_SYNTAX, 'expected e.g. 30/1m,10000/1d (messages/window; s, m, h, d)')
  .default('30/1m,10000/1d')
  .transform((s) =>
    s.split(',').map((part) => {
      const [count, window] = part.trim().split('/') as [string, string];
      return { count: Number(count), windowMs: Number(window.slice(0, -1)) * UNIT_MS[window.slice(-1) as 's'] };
    }),
  )
  .refine((limits) => limits.every((l) => l.windowMs > 0), 'a window lasts at least 1s');

const raw = z.object({
  BOT_MODE: z.enum(['local', 'production']).default('production'),
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  MICROSOFT_APP_ID: z.string().optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant']).default('MultiTenant'),
  MICROSOFT_APP_TENANT_ID: z.string().optional(),
  COSMOS_ENDPOINT: z.url().optional(),
  COSMOS_KEY: z.string().optional(),
  COSMOS_USE_ENTRA: bool.default(false),
  /** Local mode only: COSMOS_ENDPOINT is an emulator on this machine with a self-signed certificate. */
  COSMOS_EMULATOR: bool.default(false),
  COSMOS_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,255}$/)
    .default('centrale'),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PERSIST: bool.default(true),
  SEED_CENTRALES: csv.default(['metropole-de-lyon']),
  ADMIN_IDS: csv.pipe(z.array(adminId)).default([]),
  DEMO_DATA: bool.default(false),
  /** With DEMO_DATA: the Agents Playground's connector, so that demo channels can be posted to. */
  DEMO_SERVICE_URL: z.url().optional(),
  /** Reminders to voters who have not voted, before a ballot closes (default H-24). */
  BALLOT_REMINDERS: offsets('24h'),
  /** Reminders to members who have not answered a needs campaign, before its deadline (default J-3). */
  NEEDS_REMINDERS: offsets('3d'),
  /**
   * Time to take charge / to resolve a dispute, per severity, overriding the defaults:
   * e.g. "critique=4h/2d,haute=1d/7d" (severities: faible, moyenne, haute, critique).
   */
  DISPUTE_DELAYS: z
    .string()
    .regex(
      /^\s*(faible|moyenne|haute|critique)=\d+[dh]\/\d+[dh](\s*,\s*(faible|moyenne|haute|critique)=\d+[dh]\/\d+[dh])*\s*$/,
      'expected e.g. critique=4h/2d,haute=1d/7d',
    )
    .optional()
    .transform((s) => {
      const hours = (v: string) => Number(v.slice(0, -1)) * (v.endsWith('d') ? 24 : 1);
      return Object.fromEntries(
        (s ?? '')
          .split(',')
          .filter((x) => x.trim())
          .map((x) => {
            const [sev, spec] = x.trim().split('=');
            const [take, resolve] = spec!.split('/');
            return [sev!, { takeCharge: hours(take!), resolve: hours(resolve!) }];
          }),
      ) as Record<string, { takeCharge: number; resolve: number }>;
    }),
  /** The bot's public address (https://…), for the links its cards open (calendar, exports). Local default: its own address. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Signs those links; shared by every bot instance. Defaults to one derived from the app password. */
  LINK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'error', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Names this process among the bot instances sharing the database (default: random). */
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .optional(),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(32),
  DELIVERY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** A message Teams has not accepted within this time is tried again later. */
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** A claimed outbox entry whose instance has not renewed its lease within this time is claimed again (it died). */
  DELIVERY_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  SCHEDULER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /**
   * An idle outbox or timer queue (its scan found nothing) scans half as often at each idle pass,
   * down to once per this long; it wakes at once for work queued in this process, and for the
   * next timer or retry its last scan saw coming.
   */
  QUEUE_IDLE_MAX_MS: z.coerce.number().int().min(10).max(120_000).default(20_000),
  /**
   * A shared card (a channel's tally, a convocation's counts) is rebuilt this long after the
   * first change asking for it, with every change made meanwhile: never inside the turn.
   */
  CARD_REFRESH_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  /**
   * How long records are kept after their last change, per kind, overriding the defaults
   * (domain/retention.ts): e.g. "etat=90d,envois=365d". Kinds: etat, envois, enquetes, journal.
   */
  RETENTION: z
    .string()
    .regex(RETENTION_SYNTAX, 'expected e.g. etat=90d,envois=1095d (kinds: etat, envois, enquetes, journal)')
    .optional()
    .transform((s) => retentionOf(s)),
  /** While the database cannot be reached at start, how often to try again. */
  STORAGE_RETRY_MS: z.coerce.number().int().min(10).max(300_000).default(5_000),
  /** Reminders to members who have not answered, before the sitting: e.g. "2d,2h" (J-2, H-2). */
  MEETING_REMINDERS: offsets('2d,2h'),
  /**
   * How e-mail is sent to those Teams cannot reach: smtp (a relay), graph (Microsoft Graph
   * sendMail) or fichiers (.eml files in DATA_DIR/courriels; local mode only). Local default:
   * fichiers; production default: none (no e-mail fallback).
   */
  MAIL_TRANSPORT: z.enum(['smtp', 'graph', 'fichiers']).optional(),
  MAIL_FROM: z.email('expected an e-mail address').optional(),
  MAIL_FROM_NAME: z.string().min(1).max(200).default('Centrale d’achat'),
  /** smtp://user:pass@host:587 (STARTTLS required) or smtps://user:pass@host:465 (TLS). */
  SMTP_URL: z
    .url()
    .refine(
      (u) => /^smtps?:\/\/[^/]/.test(u),
      'expected smtp://user:password@host:587 (STARTTLS) or smtps://…:465 (TLS)',
    )
    .optional(),
  /** A PEM file: the authority of a relay's own certificate. */
  SMTP_CA_FILE: z.string().min(1).optional(),
  GRAPH_MAILBOX: z.email('expected the mailbox address').optional(),
  GRAPH_TENANT_ID: z.string().min(1).optional(),
  GRAPH_CLIENT_ID: z.string().min(1).optional(),
  GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
  /** Tests, or a national cloud: Graph's and Entra's addresses. */
  GRAPH_BASE_URL: z.url().optional(),
  GRAPH_AUTHORITY_HOST: z.url().optional(),
  MAIL_LIMITS: mailLimits,
  /**
   * The optional language model (README « Modèle de langage (facultatif) »), asked about the
   * sentences the grammar does not understand: Azure OpenAI (the three AZURE_OPENAI_* variables)
   * or an OpenAI-compatible endpoint (the three LANGUAGE_MODEL_*). None set: no model.
   */
  AZURE_OPENAI_ENDPOINT: z.url().optional(),
  AZURE_OPENAI_API_KEY: z.string().min(1).optional(),
  AZURE_OPENAI_DEPLOYMENT: z.string().min(1).max(200).optional(),
  AZURE_OPENAI_API_VERSION: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'expected e.g. 2024-10-21')
    .optional(),
  LANGUAGE_MODEL_ENDPOINT: z.url().optional(),
  LANGUAGE_MODEL_API_KEY: z.string().min(1).optional(),
  LANGUAGE_MODEL_NAME: z.string().min(1).max(200).optional(),
  /** How long a sentence waits for the model before the grammar's answer is given. */
  LANGUAGE_MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(4_000),
});

/** The sender of e-mails, and the sending limits of its mailbox (windows of `windowMs`). */
interface MailCommon {
  from: { name: string; address: string };
  limits: { count: number; windowMs: number }[];
}

/** How e-mail is sent (src/mail/make-transport.ts turns it into a transport); null: not at all. */
export type MailConfig =
  | (MailCommon & { transport: 'fichiers'; folder: string })
  | (MailCommon & { transport: 'smtp'; url: string; caFile?: string })
  | (MailCommon & {
      transport: 'graph';
      mailbox: string;
      tenantId: string;
      clientId: string;
      clientSecret: string;
      baseUrl?: string;
      authorityHost?: string;
    });

/** A first administrator of a centrale, from `ADMIN_IDS` (`centraleId=tenantId:objectId`). */
export interface SeedAdmin {
  centraleId: string;
  tenantId: string;
  aadObjectId: string;
}

/** The optional language model (src/teams/framework/language-model.ts); null: none. */
export type LanguageModelConfig =
  | { kind: 'azure'; endpoint: string; apiKey: string; deployment: string; apiVersion?: string; timeoutMs: number }
  | { kind: 'openai'; endpoint: string; apiKey: string; model: string; timeoutMs: number };

export type Config = z.infer<typeof raw> & {
  host: string;
  local: boolean;
  admins: SeedAdmin[];
  mail: MailConfig | null;
  languageModel: LanguageModelConfig | null;
};

export class ConfigError extends Error {}

const blank = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = raw.safeParse(blank(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee env.sample for every variable.`);
  }
  const c = parsed.data;
  const local = c.BOT_MODE === 'local';
  const fail = (msg: string): never => {
    throw new ConfigError(msg);
  };
  if (local && (c.MICROSOFT_APP_ID || c.MICROSOFT_APP_PASSWORD)) {
    fail(
      'BOT_MODE=local runs without Bot Framework authentication: unset MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or use BOT_MODE=production.',
    );
  }
  if (!local && (!c.MICROSOFT_APP_ID || !c.MICROSOFT_APP_PASSWORD)) {
    fail(
      'MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are required outside local mode (botbuilder would otherwise accept unauthenticated requests). For a local run set BOT_MODE=local.',
    );
  }
  if (c.MICROSOFT_APP_TYPE === 'SingleTenant' && !local && !c.MICROSOFT_APP_TENANT_ID) {
    fail('MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE=SingleTenant.');
  }
  if (!local && !c.COSMOS_ENDPOINT) {
    fail('COSMOS_ENDPOINT is required outside local mode: the embedded database is for local runs only.');
  }
  if (c.COSMOS_ENDPOINT && !c.COSMOS_KEY && !c.COSMOS_USE_ENTRA && !c.COSMOS_EMULATOR) {
    fail('COSMOS_ENDPOINT needs COSMOS_KEY, or COSMOS_USE_ENTRA=true to sign in with a managed identity.');
  }
  if (!local && !c.PUBLIC_BASE_URL?.startsWith('https://')) {
    fail(
      'PUBLIC_BASE_URL (https://…, the address Teams reaches the bot at) is required outside local mode: the calendar and export links of the cards point there.',
    );
  }
  if (c.DEMO_DATA && !local) fail('DEMO_DATA=true is only allowed with BOT_MODE=local.');
  const host = c.HOST ?? (local ? '127.0.0.1' : '0.0.0.0');
  // Local mode has no authentication: it must never face a network nor hold real data.
  if (local && !isLoopback(host))
    fail(`BOT_MODE=local listens on loopback only: HOST=${host} is not allowed (use 127.0.0.1).`);
  if (local && c.COSMOS_ENDPOINT && !isLoopback(new URL(c.COSMOS_ENDPOINT).hostname)) {
    fail(
      'BOT_MODE=local only uses a database on this machine: COSMOS_ENDPOINT must be a loopback emulator (or unset for the embedded one).',
    );
  }
  if (c.DEMO_SERVICE_URL && !(c.DEMO_DATA && isLoopback(new URL(c.DEMO_SERVICE_URL).hostname))) {
    fail('DEMO_SERVICE_URL goes with DEMO_DATA=true and must be on this machine (the Agents Playground).');
  }
  if (c.COSMOS_EMULATOR && !(local && c.COSMOS_ENDPOINT))
    fail('COSMOS_EMULATOR=true needs BOT_MODE=local and a loopback COSMOS_ENDPOINT.');
  const admins = c.ADMIN_IDS.map((entry) => {
    const [centraleId, ids] = entry.split('=') as [string, string];
    const [tenantId, aadObjectId] = ids.split(':') as [string, string];
    return { centraleId, tenantId, aadObjectId };
  });
  return {
    ...c,
    local,
    host,
    admins,
    mail: mailConfig(c, local, fail),
    languageModel: languageModelConfig(c, fail),
  };
}

/** Azure OpenAI, or an OpenAI-compatible endpoint, each with all it needs; neither: null. */
function languageModelConfig(c: z.infer<typeof raw>, fail: (msg: string) => never): LanguageModelConfig | null {
  const azure = {
    AZURE_OPENAI_ENDPOINT: c.AZURE_OPENAI_ENDPOINT,
    AZURE_OPENAI_API_KEY: c.AZURE_OPENAI_API_KEY,
    AZURE_OPENAI_DEPLOYMENT: c.AZURE_OPENAI_DEPLOYMENT,
  };
  const compatible = {
    LANGUAGE_MODEL_ENDPOINT: c.LANGUAGE_MODEL_ENDPOINT,
    LANGUAGE_MODEL_API_KEY: c.LANGUAGE_MODEL_API_KEY,
    LANGUAGE_MODEL_NAME: c.LANGUAGE_MODEL_NAME,
  };
  const given = (set: Record<string, string | undefined>) => Object.values(set).some((v) => v !== undefined);
  const missing = (set: Record<string, string | undefined>) =>
    Object.entries(set)
      .filter(([, v]) => v === undefined)
      .map(([k]) => k);
  if (given(azure) && given(compatible))
    fail('Choose one language model: the AZURE_OPENAI_* variables or the LANGUAGE_MODEL_* ones, not both.');
  if (c.AZURE_OPENAI_API_VERSION && !given(azure)) fail('AZURE_OPENAI_API_VERSION goes with AZURE_OPENAI_ENDPOINT.');
  if (given(azure)) {
    if (missing(azure).length) fail(`The Azure OpenAI model needs ${missing(azure).join(', ')} too.`);
    if (!c.AZURE_OPENAI_ENDPOINT!.startsWith('https://'))
      fail('AZURE_OPENAI_ENDPOINT must be https://<resource>.openai.azure.com (teams-ai refuses any other).');
    return {
      kind: 'azure',
      endpoint: c.AZURE_OPENAI_ENDPOINT!,
      apiKey: c.AZURE_OPENAI_API_KEY!,
      deployment: c.AZURE_OPENAI_DEPLOYMENT!,
      ...(c.AZURE_OPENAI_API_VERSION ? { apiVersion: c.AZURE_OPENAI_API_VERSION } : {}),
      timeoutMs: c.LANGUAGE_MODEL_TIMEOUT_MS,
    };
  }
  if (given(compatible)) {
    if (missing(compatible).length) fail(`The language model needs ${missing(compatible).join(', ')} too.`);
    const url = new URL(c.LANGUAGE_MODEL_ENDPOINT!);
    // The key travels with every request: never in clear text off this machine.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname)))
      fail('LANGUAGE_MODEL_ENDPOINT must be https:// (http:// only on this machine, 127.0.0.1 or localhost).');
    return {
      kind: 'openai',
      endpoint: c.LANGUAGE_MODEL_ENDPOINT!,
      apiKey: c.LANGUAGE_MODEL_API_KEY!,
      model: c.LANGUAGE_MODEL_NAME!,
      timeoutMs: c.LANGUAGE_MODEL_TIMEOUT_MS,
    };
  }
  return null;
}

/** The e-mail settings, checked together: each transport with what it needs. */
function mailConfig(c: z.infer<typeof raw>, local: boolean, fail: (msg: string) => never): MailConfig | null {
  const transport = c.MAIL_TRANSPORT ?? (local ? 'fichiers' : undefined);
  if (!transport) return null;
  if (transport === 'fichiers' && !local) {
    fail(
      'MAIL_TRANSPORT=fichiers only writes .eml files (nothing is sent): it is for local mode only. Use smtp or graph, or leave MAIL_TRANSPORT unset for no e-mail.',
    );
  }
  if (!c.MAIL_FROM && transport !== 'fichiers') {
    fail(`MAIL_TRANSPORT=${transport} needs MAIL_FROM, the address e-mails are sent from.`);
  }
  const common: MailCommon = {
    from: { name: c.MAIL_FROM_NAME, address: c.MAIL_FROM ?? 'centrale@localhost.invalid' },
    limits: c.MAIL_LIMITS,
  };
  if (transport === 'fichiers') return { ...common, transport, folder: path.join(c.DATA_DIR, 'courriels') };
  if (transport === 'smtp') {
    if (!c.SMTP_URL) fail('MAIL_TRANSPORT=smtp needs SMTP_URL (smtp://user:password@host:587, STARTTLS).');
    if (local && !isLoopback(new URL(c.SMTP_URL!).hostname)) {
      fail(
        'BOT_MODE=local only sends e-mail on this machine: SMTP_URL must be a loopback relay (or unset MAIL_TRANSPORT for .eml files).',
      );
    }
    if (c.SMTP_CA_FILE && !existsSync(c.SMTP_CA_FILE)) fail(`SMTP_CA_FILE: no such file ${c.SMTP_CA_FILE}`);
    return { ...common, transport, url: c.SMTP_URL!, ...(c.SMTP_CA_FILE ? { caFile: c.SMTP_CA_FILE } : {}) };
  }
  const tenantId = c.GRAPH_TENANT_ID ?? c.MICROSOFT_APP_TENANT_ID;
  const clientId = c.GRAPH_CLIENT_ID ?? c.MICROSOFT_APP_ID;
  const clientSecret = c.GRAPH_CLIENT_SECRET ?? c.MICROSOFT_APP_PASSWORD;
  if (!tenantId) fail('MAIL_TRANSPORT=graph needs GRAPH_TENANT_ID, the tenant of the sending mailbox.');
  if (!clientId || !clientSecret) {
    fail(
      'MAIL_TRANSPORT=graph needs GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (default: the bot’s MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD).',
    );
  }
  if (
    local &&
    ![c.GRAPH_BASE_URL, c.GRAPH_AUTHORITY_HOST].every((u) => u !== undefined && isLoopback(new URL(u).hostname))
  ) {
    fail(
      'BOT_MODE=local only sends e-mail on this machine: GRAPH_BASE_URL and GRAPH_AUTHORITY_HOST must be loopback fakes.',
    );
  }
  return {
    ...common,
    transport,
    mailbox: c.GRAPH_MAILBOX ?? common.from.address,
    tenantId: tenantId!,
    clientId: clientId!,
    clientSecret: clientSecret!,
    ...(c.GRAPH_BASE_URL ? { baseUrl: c.GRAPH_BASE_URL } : {}),
    ...(c.GRAPH_AUTHORITY_HOST ? { authorityHost: c.GRAPH_AUTHORITY_HOST } : {}),
  };
}

const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
