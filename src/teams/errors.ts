import { ErrorCode } from '../domain/error-codes';
import { randomUUID } from 'crypto';
import { isDomainError } from '../domain/errors';
import { CardJson } from './card-renderer';
import { messageCard } from './replies';
import { Logger } from './turn';

/** A short id for one turn, in the logs and in what the person sees (« Référence … »). */
export const newCorrelationId = () => randomUUID().slice(0, 8);

/** The database has not been reached since the start: nothing can be read or written yet. */
export class StorageNotReady extends Error {
  constructor() {
    super('storage not ready');
    this.name = 'StorageNotReady';
  }
}

/**
 * What the person sees of a failure. A broken rule gets its French message on a card. Anything
 * else (database or network fault) gets « réessayez » with a reference support can find in the
 * logs; after a card action it comes as `notice`, a message Teams shows above the card while
 * leaving the card, and whatever was typed in it, in place.
 */
export interface Failure {
  card: CardJson;
  notice: string | null;
}

/** What the logs say of a failed turn, so that support finds it from the reference the person sees. */
export interface TurnTrace {
  /** The card verb or the command word the person used. */
  verb: string;
  /** tenant:object of the person acting, or « anonyme ». */
  actorKey: string;
  conversationId: string;
  /** Shown to the person as « Référence … ». */
  correlationId: string;
}

export function failureOf(e: unknown, log: Logger, trace: TurnTrace): Failure {
  if (isDomainError(e)) {
    log.info('turn refused', { ...trace, code: e.code });
    return {
      card: messageCard({
        title: e.code === ErrorCode.InvalidData ? 'Données invalides' : 'Action impossible',
        text: e.userMessage,
        hint: 'Rien n’a été modifié.',
        tone: 'attention',
      }),
      notice: null,
    };
  }
  const reference = trace.correlationId;
  const starting = e instanceof StorageNotReady;
  if (starting) log.info('turn refused: storage not ready', { ...trace });
  else log.error('unexpected error in a turn', { ...trace, error: e instanceof Error ? e.stack : String(e) });
  const cause = starting
    ? 'Le service redémarre et n’a pas encore accès à ses données.'
    : 'L’action n’a pas pu aboutir : le service est momentanément indisponible.';
  return {
    card: messageCard({
      title: 'Un problème est survenu',
      text: `${cause} Réessayez dans un instant ; si le problème persiste, transmettez cette référence à l’administrateur.`,
      facts: [{ title: 'Référence', value: reference }],
      tone: 'attention',
    }),
    notice: `${cause} La carte reste telle quelle, avec ce que vous y avez saisi : réessayez dans un instant. (Référence ${reference})`,
  };
}
