import { ErrorCode } from './error-codes';
import { DomainError } from './errors';
import { DeliveryPreference } from './governance';

/** The longest address SMTP carries (RFC 5321: 64 for the local part, 254 in all). */
const MAX_LENGTH = 254;
const MAX_LOCAL = 64;
/**
 * A plain mailbox, `nom@domaine.tld`: no display name, no spaces, no comments, a domain of dotted
 * labels with a letter-only top level — what an administrator types or a roster gives, and what
 * every relay accepts. Quoted local parts and IP literals are refused on purpose.
 */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isValidEmail(value: string): boolean {
  if (value.length > MAX_LENGTH) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at !== value.indexOf('@')) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (local.length > MAX_LOCAL || !LOCAL.test(local)) return false;
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  return /^[A-Za-z]{2,63}$/.test(labels.at(-1)!);
}

/**
 * The address as stored: trimmed, the domain in lower case (domains are case-insensitive; the
 * local part is kept as typed, as RFC 5321 asks). Empty means no address (null).
 */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const value = (raw ?? '').trim();
  if (!value) return null;
  if (!isValidEmail(value)) {
    throw new DomainError(
      ErrorCode.InvalidEmail,
      `Adresse e-mail invalide : « ${value.slice(0, 80)} ». Écrivez-la comme nom@commune.fr.`,
    );
  }
  const at = value.indexOf('@');
  return value.slice(0, at) + '@' + value.slice(at + 1).toLowerCase();
}

/** Whether two addresses are the same mailbox, as people are matched (case-insensitive). */
export const sameEmail = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** How the roles form names each delivery preference (the choice the administrator makes). */
export const DELIVERY_CHOICES: Record<DeliveryPreference, string> = {
  teams: 'Teams d’abord, e-mail si Teams ne peut pas remettre',
  email: 'Toujours par e-mail',
};
