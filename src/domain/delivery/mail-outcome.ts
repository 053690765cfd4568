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

/**
 * Per-mailbox sending limits, e.g. `30/1m,10000/1d` (Exchange Online's: 30 messages a minute,
 * 10,000 a day). Null when the text does not read as such, for the configuration to say so.
 */
export function parseMailLimits(text: string): Array<{ limit: number; ms: number }> | null {
  const unit: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const windows = text
    .split(',')
    .map((part) => /^\s*(\d+)\s*\/\s*(\d*)\s*([smhd])\s*$/.exec(part))
    .map((m) => (m ? { limit: Number(m[1]), ms: Number(m[2] || 1) * unit[m[3]!]! } : null));
  if (windows.length === 0 || windows.some((w) => !w || w.limit < 1 || w.ms < 1)) return null;
  return windows as Array<{ limit: number; ms: number }>;
}

export const DEFAULT_MAIL_LIMITS = '30/1m,10000/1d';
