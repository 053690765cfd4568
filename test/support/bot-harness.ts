import { mkdtempSync } from 'fs';
import os from 'os';
import path from 'path';
import { loadConfig } from '../../src/config';
import { Logger } from '../../src/logger';
import { RunningBot, startBot } from '../../src/main';
import { StoreOptions } from '../../src/store/open-store';
import { FakeConnector } from './fake-connector';
import { TEAM } from './activities';

export interface Harness {
  bot: RunningBot;
  connector: FakeConnector;
  url: string;
  errors: string[];
  post(activity: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

/** A logger that keeps errors for assertions and prints nothing. */
export function quietLogger(errors: string[] = []): Logger {
  return { info: () => {}, error: (msg, f) => errors.push(`${msg} ${JSON.stringify(f ?? {})}`) };
}

/**
 * The real server (restify + teams-ai + embedded Cosmos) on a random loopback port, in local
 * mode with the demo data, next to a fake Bot Connector.
 */
export async function startHarness(
  env: Record<string, string> = {},
  opts: { clock?: { now(): Date }; store?: StoreOptions; mailAuthorityCa?: string } = {},
): Promise<Harness> {
  const connector = await new FakeConnector().start();
  connector.teams = [TEAM];
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'centrale-test-'));
  const config = loadConfig({
    BOT_MODE: 'local',
    PORT: '0',
    DEMO_DATA: 'true',
    DATA_DIR: dataDir,
    SHUTDOWN_GRACE_MS: '2000',
    ...env,
  });
  const errors: string[] = [];
  const bot = await startBot(config, {
    log: quietLogger(errors),
    clock: opts.clock,
    store: opts.store,
    mailAuthorityCa: opts.mailAuthorityCa,
  });
  const url = `http://127.0.0.1:${bot.port}`;
  return {
    bot,
    connector,
    url,
    errors,
    async post(activity) {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async stop() {
      await bot.stop();
      await connector.stop();
    },
  };
}

/** The Adaptive Card of a posted message. */
export const cardOf = (activity: any) => activity?.attachments?.[0]?.content;

/** All visible text of a card, flattened, for assertions on what a person reads. */
export function textOf(card: any): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const key of ['text', 'title', 'value', 'label', 'placeholder']) {
      if (typeof node[key] === 'string') out.push(node[key]);
    }
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

/** A production-mode configuration (credentials set, database given by the test), on a random loopback port. */
export function productionConfig(appId = '11111111-2222-3333-4444-555555555555') {
  return loadConfig({
    BOT_MODE: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    MICROSOFT_APP_ID: appId,
    MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    COSMOS_ENDPOINT: 'https://unused.documents.azure.com:443/',
    COSMOS_KEY: 'unused',
    PUBLIC_BASE_URL: 'https://centrale-bot.example.org',
  });
}
