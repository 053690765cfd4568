import { z } from 'zod';
import { zoneOf } from '../app/time-zone';
import { LocalDate, localDateOf } from '../domain/meetings/zoned-time';
import { Turn } from './turn';

/** What card forms send, parsed the same way everywhere. */
export const optionalText = (max: number) =>
  z.string().max(max, `Ce champ dépasse ${max} caractères.`).optional().default('');

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
