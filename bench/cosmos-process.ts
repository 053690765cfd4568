import { spawn } from 'child_process';
import { createInterface } from 'readline';
import { startEmbeddedCosmos } from '../src/store/embedded-cosmos';

/**
 * The embedded Cosmos server in a process of its own, as a real account is a server apart: a
 * benchmark that also serves the loopback connector then stamps each call as it arrives, not
 * when the database's work in the same event loop lets it (tens of milliseconds under load,
 * which Teams' limits in the connector would count as calls arriving together).
 */
export async function startCosmosProcess(): Promise<{ endpoint: string; key: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [__filename, '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`embedded Cosmos process exited (${code})`)));
  });
  const { endpoint, key } = JSON.parse(line) as { endpoint: string; key: string };
  return {
    endpoint,
    key,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv.includes('--serve')) {
  void startEmbeddedCosmos().then((cosmos) => {
    process.stdout.write(`${JSON.stringify({ endpoint: cosmos.endpoint, key: cosmos.key })}\n`);
    process.once('SIGTERM', () => void cosmos.stop().then(() => process.exit(0)));
  });
}
