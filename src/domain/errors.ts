/**
 * A rule of the domain was broken. `userMessage` is the French sentence shown to the person;
 * `code` is stable for tests and logs.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
