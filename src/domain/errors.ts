import { ERROR_MESSAGES, ErrorCode } from './error-codes';

export { ErrorCode } from './error-codes';

/**
 * A rule of the domain was broken. `code` is stable for tests and logs (one per reason, see
 * `ErrorCode`); `userMessage` is the French sentence shown to the person: the refusal's own,
 * more precise one, or the code's default.
 */
export class DomainError extends Error {
  readonly userMessage: string;

  constructor(
    readonly code: ErrorCode,
    userMessage?: string,
    readonly details?: Record<string, unknown>,
  ) {
    const message = userMessage ?? ERROR_MESSAGES[code];
    super(`${code}: ${message}`);
    this.userMessage = message;
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
