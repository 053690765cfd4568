import { Circuit, CircuitStatus } from './circuit';

/** A circuit not finished: a stage running, or suspended awaiting its owner's decision. */
export const inProgress = (c: Pick<Circuit, 'status'>): boolean => c.status === 'en-cours' || c.status === 'suspendu';

/** How a finished circuit ended, in words for a sentence (« … s’est terminé : validé »). */
export const CIRCUIT_OUTCOME: Record<CircuitStatus, string> = {
  'en-cours': 'en cours',
  suspendu: 'suspendu',
  valide: 'validé',
  rejete: 'rejeté',
  arrete: 'arrêté après un quorum manqué',
  annule: 'annulé',
};

/** The circuits of a centrale (most recent first): those in progress, and the latest one. */
export function circuitsInProgress(recentFirst: Circuit[]): { running: Circuit[]; latest: Circuit | null } {
  return { running: recentFirst.filter(inProgress), latest: recentFirst[0] ?? null };
}
