import { When } from '../../domain/language/when';
import { formatLocalDate } from '../../domain/meetings/zoned-time';
import { CardJson, cardText } from '../card-renderer';
import { CommandRequest } from '../command-router';

const pad = (n: number) => String(n).padStart(2, '0');

/** A form's date field (Input.Date: YYYY-MM-DD) from the date the sentence said, if any. */
export const dateField = (when: When | null): string | undefined => (when ? formatLocalDate(when.date) : undefined);

/** A form's time field (Input.Time: HH:MM) from the time the sentence said, if any. */
export const timeField = (when: When | null): string | undefined =>
  when?.time ? `${pad(when.time.hour)}:${pad(when.time.minute)}` : undefined;

/** The one contract the sentence named, if it named exactly one. */
export const namedContractId = (request: CommandRequest): string | undefined =>
  request.understood.contractIds.length === 1 ? request.understood.contractIds[0] : undefined;

/**
 * What the person wrote, kept for a free-text field (a dispute's description) when the sentence
 * says more than the command's words: nothing typed is lost.
 */
export const saidMore = (request: CommandRequest): string | undefined =>
  request.text.trim().split(/\s+/).length >= 4 ? request.text.trim().slice(0, 2000) : undefined;

/** The card with a line of its own at its top (« J’ai compris … », a warning about the date). */
export function withLead(card: CardJson, line: string | null | undefined): CardJson {
  if (!line) return card;
  const body = Array.isArray(card.body) ? card.body : [];
  return {
    ...card,
    body: [{ type: 'TextBlock', text: cardText(line), wrap: true, weight: 'Bolder', spacing: 'None' }, ...body],
  };
}
