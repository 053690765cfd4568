import { readFileSync } from 'fs';
import { execSync } from 'child_process';
import { ERROR_MESSAGES, ErrorCode } from '../../src/domain/error-codes';
import { DomainError } from '../../src/domain/errors';

describe('error codes', () => {
  it('give every code a French sentence that ends like one', () => {
    for (const code of Object.values(ErrorCode)) {
      const message = ERROR_MESSAGES[code];
      expect(message.length).toBeGreaterThan(15);
      expect(message).toMatch(/[.?!»]$/);
      expect(message).not.toMatch(/\$\{/);
    }
  });

  it('use the code’s sentence when a refusal gives none, and the refusal’s own when it does', () => {
    expect(new DomainError(ErrorCode.Forbidden).userMessage).toBe(ERROR_MESSAGES[ErrorCode.Forbidden]);
    expect(new DomainError(ErrorCode.Forbidden, 'Seul un administrateur lie un canal.').userMessage).toBe(
      'Seul un administrateur lie un canal.',
    );
    expect(new DomainError(ErrorCode.UnknownInstance).code).toBe('unknown-instance');
  });

  it('are the only codes thrown: no refusal in src/ names its code as a bare string', () => {
    const files = execSync("git ls-files 'src/*.ts' 'src/**/*.ts'", { encoding: 'utf8' }).trim().split('\n');
    const bare = files.filter((f) => /new DomainError\(\s*['"`]/.test(readFileSync(f, 'utf8')));
    expect(bare).toEqual([]);
  });
});
