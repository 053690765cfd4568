/**
 * What to do after one attempt to hand an e-mail to the relay (or to Microsoft Graph): a
 * temporary refusal (SMTP 4xx, a connection that failed, Graph 429/5xx) is tried again after
 * the wait asked for or a backoff; a permanent one (SMTP 5xx, an invalid address, Graph 4xx) is
 * never tried again, and the sender is told.
 */
import { nextDelay } from '../work/lease';

/** An SMTP relay greylists for minutes: an e-mail is tried for longer than a Teams message (about ten minutes). */
export const MAIL_MAX_ATTEMPTS = 14;

export const MAIL_REASONS = {
  gaveUp: 'Le serveur de messagerie n’a pas accepté l’e-mail après plusieurs essais.',
  retrying: 'Le serveur de messagerie a différé l’e-mail : nouvel essai programmé.',
  noContent: 'Contenu de l’e-mail introuvable.',
} as const;

export type MailAnswer =
  | { kind: 'accepted' }
  | { kind: 'temporary'; reason: string; retryAfterMs: number | null }
  | { kind: 'permanent'; reason: string };

export type MailOutcome =
  { kind: 'sent' } | { kind: 'retry'; delayMs: number; reason: string } | { kind: 'failed'; reason: string };

export function classifyMail(answer: MailAnswer, attempts: number, random: () => number): MailOutcome {
  if (answer.kind === 'accepted') return { kind: 'sent' };
  if (answer.kind === 'permanent') return { kind: 'failed', reason: answer.reason };
  const delayMs = nextDelay(attempts, { maxAttempts: MAIL_MAX_ATTEMPTS, random }, answer.retryAfterMs);
  if (delayMs === null) return { kind: 'failed', reason: `${MAIL_REASONS.gaveUp} Dernière réponse : ${answer.reason}` };
  return { kind: 'retry', delayMs, reason: `${MAIL_REASONS.retrying} (${answer.reason})` };
}
