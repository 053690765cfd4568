import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import path from 'path';

const ROOT = path.join(__dirname, '..', '..');

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** `src/main.ts` in its own process, as `npm start` runs it; resolves once it listens. */
export async function spawnBot(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/api\/messages"/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.stderr.on('data', (d) => (out += d));
      void exited.then((code) => reject(new Error(`exited early with ${code}: ${out.slice(-2000)}`)));
      setTimeout(() => reject(new Error(`no "bot listening" line within 60 s: ${out.slice(-2000)}`)), 60_000).unref();
    });
    return { child, url, exited, kill: (signal) => void child.kill(signal) };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}
