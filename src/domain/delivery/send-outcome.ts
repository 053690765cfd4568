/**
 * What to do after one attempt to post to Teams, from the HTTP status (docs/stack.md): retry 429
 * after Retry-After, retry 412/5xx with exponential backoff and jitter, never retry 403 (the
 * person blocked the bot, left the roster, or the admin disabled it) nor 413 (too big).
 */
import { backoff, nextDelay } from '../work/lease';

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed' | 'unreachable';

export type Outcome =
  | { kind: 'sent' }
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'final'; state: 'failed' | 'unreachable'; reason: string };

export const MAX_ATTEMPTS = 8;

/** The backoff every queued work shares (outbox entries, timers). */
export { backoff };

/** French reasons shown in the delivery report. */
export const REASONS = {
  blocked: 'La personne a bloqué l’application, a quitté l’équipe ou l’administrateur a désactivé l’application (403).',
  tooBig: 'Message trop volumineux pour Teams (413).',
  notFound: 'Conversation introuvable dans Teams (404).',
  badRequest: 'Teams a refusé le message (400).',
  gaveUp: 'Teams n’a pas accepté le message après plusieurs essais.',
  noConversation: 'Aucune conversation avec cette personne : elle doit d’abord installer l’application dans Teams.',
  throttled: 'Teams limite le débit : nouvel essai programmé.',
  transient: 'Erreur passagère de Teams : nouvel essai programmé.',
} as const;

export function classify(status: number, attempts: number, retryAfterMs: number | null, random: () => number): Outcome {
  if (status >= 200 && status < 300) return { kind: 'sent' };
  if (status === 403) return { kind: 'final', state: 'unreachable', reason: REASONS.blocked };
  if (status === 404) return { kind: 'final', state: 'unreachable', reason: REASONS.notFound };
  if (status === 413) return { kind: 'final', state: 'failed', reason: REASONS.tooBig };
  const retriable = status === 429 || status === 412 || status === 0 || status >= 500;
  if (!retriable)
    return { kind: 'final', state: 'failed', reason: `${REASONS.badRequest.replace('400', String(status))}` };
  const delayMs = nextDelay(attempts, { maxAttempts: MAX_ATTEMPTS, random }, status === 429 ? retryAfterMs : null);
  if (delayMs === null) return { kind: 'final', state: 'failed', reason: REASONS.gaveUp };
  return { kind: 'retry', delayMs, reason: status === 429 ? REASONS.throttled : REASONS.transient };
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
