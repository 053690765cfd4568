import { ChildProcess, spawn } from 'child_process';
import net from 'net';
import path from 'path';

/**
 * Starts the bot in local mode with the demo data and the Microsoft 365 Agents Playground, both
 * on loopback, then waits. Ctrl+C stops both (by process id).
 */
const ROOT = path.join(__dirname, '..', '..');
const BOT_PORT = process.env.PORT ?? '3978';
const PLAYGROUND_PORT = process.env.PLAYGROUND_PORT ?? '56150';

const children: ChildProcess[] = [];
function run(cmd: string, args: string[], env: Record<string, string>, cwd = ROOT) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`${path.basename(cmd)} exited (${code}); stopping.\n`);
      stop();
    }
  });
  return child;
}

let stopping = false;
function stop() {
  stopping = true;
  for (const c of children) if (c.pid && c.exitCode === null) process.kill(c.pid, 'SIGTERM');
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The Playground silently moves to a random port when its own is taken; say so instead. */
async function ensureFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(new Error(`Port ${port} is in use (another Playground?). Stop it, or set PLAYGROUND_PORT.`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function main() {
  await ensureFree(Number(PLAYGROUND_PORT));
  await ensureFree(Number(BOT_PORT));
  run(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
    BOT_MODE: 'local',
    DEMO_DATA: 'true',
    DEMO_SERVICE_URL: `http://127.0.0.1:${PLAYGROUND_PORT}/_connector`,
    PORT: BOT_PORT,
  });
  await waitForHealth(`http://127.0.0.1:${BOT_PORT}/healthz`, 20_000);
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [ROOT] });
  run(
    process.execPath,
    [
      '-r',
      path.join(ROOT, 'scripts', 'loopback-only.js'),
      cli,
      '-e',
      `http://127.0.0.1:${BOT_PORT}/api/messages`,
      '-c',
      'msteams',
      '-p',
      PLAYGROUND_PORT,
      '--service-url',
      `http://127.0.0.1:${PLAYGROUND_PORT}/_connector`,
      '--disable-telemetry',
    ],
    { TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
    path.join(ROOT, 'playground'),
  );
  process.stdout.write(
    `\nAgents Playground: http://127.0.0.1:${PLAYGROUND_PORT} (Ctrl+C stops the bot and the Playground)\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${String(e)}\n`);
  stop();
});
