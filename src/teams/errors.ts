import { randomUUID } from 'crypto';
import { isDomainError } from '../domain/errors';
import { CardJson } from './card-renderer';
import { messageCard } from './replies';
import { Logger } from './turn';

/**
 * The one place that turns a failure into what the person sees: a domain rule's French
 * message, or a generic answer with a reference that support can find in the logs.
 */
export function errorCard(e: unknown, log: Logger): CardJson {
  if (isDomainError(e)) {
    return messageCard({
      title: e.code === 'invalid-data' ? 'Données invalides' : 'Action impossible',
      text: e.userMessage,
      hint: 'Rien n’a été modifié.',
      tone: 'attention',
    });
  }
  const reference = randomUUID().slice(0, 8);
  log.error('unexpected error in a turn', { reference, error: e instanceof Error ? e.stack : String(e) });
  return messageCard({
    title: 'Un problème est survenu',
    text: 'L’action n’a pas pu aboutir. Réessayez dans un instant ; si le problème persiste, transmettez cette référence à l’administrateur.',
    facts: [{ title: 'Référence', value: reference }],
    tone: 'attention',
  });
}
