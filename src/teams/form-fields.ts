import { z } from 'zod';
import { zoneOf } from '../app/time-zone';
import { frenchNumber } from '../domain/french-format';
import { LocalDate, localDateOf } from '../domain/meetings/zoned-time';
import { Turn } from './turn';

/**
 * What is too long, and by how much: « « Description » : 5 000 caractères pour 4 000 au plus ;
 * retirez-en 1 000. » Nothing is ever cut: text over its limit is refused with this.
 */
export const tooLongMessage = (label: string, length: number, max: number): string =>
  `« ${label} » : ${frenchNumber(length)} caractères pour ${frenchNumber(max)} au plus ; retirez-en ${frenchNumber(length - max)}.`;

/** A text field of a card, refused (never cut) beyond `max` characters, the field named by its label. */
export const limitedText = (max: number, label = 'Un champ') =>
  z.string().max(max, {
    error: (issue) => tooLongMessage(label, typeof issue.input === 'string' ? issue.input.length : max + 1, max),
  });

/** What card forms send, parsed the same way everywhere. */
export const optionalText = (max: number, label?: string) => limitedText(max, label).optional().default('');

/**
 * Names what a creating form creates, so that the same form sent again (after a fault, or a
 * double click) finishes that record instead of making a second one.
 */
export const draftIdField = z.uuid('Formulaire périmé : rouvrez-le depuis la commande.').optional();

/** Input.Toggle sends "true" / "false" (nothing when untouched). */
export const toggle = z
  .enum(['true', 'false'])
  .optional()
  .default('false')
  .transform((v) => v === 'true');

/** A multiline input, one value per line (links, segments, questions…). */
export const lines = (raw: string) =>
  raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A multi-select ChoiceSet's value: comma-separated. */
export const commaList = (raw: string) =>
  raw
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Today in the centrale's time zone. */
export const todayOf = (turn: Pick<Turn, 'deps' | 'actor'>): LocalDate =>
  localDateOf(turn.deps.clock.now(), zoneOf(turn.actor));
