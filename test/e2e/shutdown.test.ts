import { spawn } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { personKey } from '../../src/domain/identity';
import { DEMO_TENANT, USERS, cardAction } from '../support/activities';

const ROOT = path.join(__dirname, '..', '..');

describe('the bot process', () => {
  it('stops on SIGTERM with exit code 0, after saving what the last turn wrote', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'centrale-sigterm-'));
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, BOT_MODE: 'local', DEMO_DATA: 'true', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/api\/messages"/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
        setTimeout(() => reject(new Error('no "bot listening" line within 30 s')), 30_000).unref();
      });
      const amina = personKey(DEMO_TENANT, USERS.amina.aadObjectId);
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cardAction('http://127.0.0.1:9/', USERS.claire, 'roles.save', { personKey: amina, roles: 'referent,coordinateur', memberId: 'villeurbanne' })),
      });
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const snapshot = readFileSync(path.join(dataDir, 'cosmos-snapshot.json'), 'utf8');
      const saved = JSON.parse(snapshot).containers.centrales.find((d: any) => d.id === `person:${amina}`);
      expect(saved.data.roles).toEqual(['referent', 'coordinateur']);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 40_000);
});
