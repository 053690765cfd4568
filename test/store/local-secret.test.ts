import { mkdtempSync, statSync } from 'fs';
import os from 'os';
import path from 'path';
import { localSecret } from '../../src/store/local-secret';

describe('the local data folder’s secret', () => {
  it('is random per folder, the same at each start, and readable by its owner only', () => {
    const a = mkdtempSync(path.join(os.tmpdir(), 'secret-a-'));
    const b = mkdtempSync(path.join(os.tmpdir(), 'secret-b-'));
    const first = localSecret(a, 'link-secret');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(localSecret(a, 'link-secret')).toBe(first);
    expect(localSecret(b, 'link-secret')).not.toBe(first);
    expect(statSync(path.join(a, 'link-secret')).mode & 0o077).toBe(0);
  });
});
