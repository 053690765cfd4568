import { ChildProcess, spawn } from 'child_process';
import { mkdirSync, mkdtempSync } from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { Browser, Locator, Page, chromium } from 'playwright-core';
import { loadConfig } from '../src/config';
import { RunningBot, startBot } from '../src/main';
import { quietLogger } from '../test/support/bot-harness';

const ROOT = path.join(__dirname, '..');
export const SHOTS = path.join(ROOT, 'build', 'journeys');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

async function waitFor(url: string, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer`);
}

export interface Session {
  page: Page;
  /** The Playground's Bot Connector address, for activities the test sends as other people. */
  connectorUrl: string;
  bot: RunningBot;
  send(text: string): Promise<void>;
  /** The last rendered card containing `text`. */
  card(text: string): Locator;
  /**
   * Does `act` (a click, a message) and waits for one more card containing `text` than before
   * (a card already in the conversation with that text is not the answer); returns the newest.
   */
  after(text: string, act: () => Promise<unknown>, timeout?: number): Promise<Locator>;
  shot(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The bot (local mode, demo data, its own temporary database) and the Agents Playground, both
 * on 127.0.0.1, and headless Chromium on the Playground's page; every other request is aborted.
 */
export async function openPlayground(options: { configDir?: string; width?: number } = {}): Promise<Session> {
  mkdirSync(SHOTS, { recursive: true });
  const playgroundPort = await freePort();
  const config = loadConfig({
    BOT_MODE: 'local',
    PORT: '0',
    DEMO_DATA: 'true',
    DEMO_SERVICE_URL: `http://127.0.0.1:${playgroundPort}/_connector`,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'journey-')),
    EMBEDDED_PERSIST: 'false',
  });
  const bot = await startBot(config, { log: quietLogger() });
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [ROOT] });
  const playground: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      path.join(ROOT, 'scripts', 'loopback-only.js'),
      cli,
      '-e',
      `http://127.0.0.1:${bot.port}/api/messages`,
      '-c',
      'msteams',
      '-p',
      String(playgroundPort),
      '--service-url',
      `http://127.0.0.1:${playgroundPort}/_connector`,
      '--disable-telemetry',
    ],
    {
      // A folder of playground/, or any folder (another person's identity).
      cwd: path.resolve(ROOT, 'playground', options.configDir ?? ''),
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
      stdio: 'ignore',
    },
  );
  let browser: Browser | null = null;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    if (playground.pid && playground.exitCode === null) process.kill(playground.pid, 'SIGTERM');
    await bot.stop();
  };
  try {
    await waitFor(`http://127.0.0.1:${playgroundPort}`, 60_000);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const ctx = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 1400 }, locale: 'fr-FR' });
    await ctx.route('**/*', (r) => (new URL(r.request().url()).hostname === '127.0.0.1' ? r.continue() : r.abort()));
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${playgroundPort}`);
    await page.getByRole('textbox').first().waitFor({ timeout: 30_000 });
    return {
      page,
      bot,
      connectorUrl: `http://127.0.0.1:${playgroundPort}/_connector`,
      async send(text) {
        // The compose box, not the first text box on the page: cards have text inputs too.
        await page.getByRole('textbox').last().fill(text);
        await page.getByLabel('Send Message').click();
      },
      card: (text) => page.locator('.ac-adaptiveCard').filter({ hasText: text }).last(),
      async after(text, act, timeout = 15_000) {
        const all = page.locator('.ac-adaptiveCard').filter({ hasText: text });
        const before = await all.count();
        await act();
        await all.nth(before).waitFor({ state: 'attached', timeout });
        await all.last().waitFor({ state: 'visible', timeout });
        return all.last();
      },
      shot: (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }).then(() => undefined),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
