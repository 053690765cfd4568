import { ChildProcess, spawn } from 'child_process';
import path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The real bot (dist/src/main.js) as its own process in local mode, on the embedded Cosmos
 * server the benchmark holds. BENCH_PROFILE=<dir> writes a CPU profile of the bot there.
 */
export function startBotProcess(
  cosmos: { endpoint: string; key: string },
  port: number,
  env: Record<string, string> = {},
): ChildProcess {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : [];
  return spawn(process.execPath, [...profile, path.join(ROOT, 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      BOT_MODE: 'local',
      PORT: String(port),
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_EMULATOR: 'true',
      COSMOS_DATABASE: 'bench',
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bot did not become healthy');
}
