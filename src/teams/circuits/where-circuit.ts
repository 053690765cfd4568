import { Circuit, currentStage } from '../../domain/ballots/circuit';
import { CIRCUIT_OUTCOME } from '../../domain/ballots/circuit-progress';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText } from '../card-renderer';
import { mineList } from '../mine-list';
import { messageCard } from '../replies';

const where = (c: Circuit): string => {
  if (c.status === 'suspendu') return 'Suspendu : le porteur du circuit décide de la suite.';
  const i = currentStage(c);
  return i < 0 ? '' : `Étape ${i + 1} sur ${c.stages.length} — ${c.stages[i]!.instanceName}.`;
};

/** Several circuits in progress: one line each, its button to its card. */
export const runningCircuitsCard = (running: Circuit[]): CardJson =>
  mineList(
    'Circuits de validation en cours',
    '',
    running.map((c) => ({
      title: cardText(c.subject),
      subtitle: `Lancé le ${frenchDateTime(new Date(c.createdAt), c.timeZone)}`,
      detail: [where(c)],
      button: 'Où en est-il ?',
      verb: 'circuit.status',
      data: { circuitId: c.id },
    })),
  );

/** No circuit in progress: how the latest ended, or that none was ever launched; « circuit » launches one. */
export const noRunningCircuitCard = (latest: Circuit | null): CardJson =>
  messageCard({
    title: 'Aucun circuit en cours',
    text: latest
      ? `Le dernier circuit de validation, « ${cardText(latest.subject)} », lancé le ${frenchDateTime(
          new Date(latest.createdAt),
          latest.timeZone,
        )}, s’est terminé : ${CIRCUIT_OUTCOME[latest.status]}. « circuit » en lance un nouveau.`
      : 'Aucun circuit de validation n’a été lancé dans votre centrale. « circuit » en lance un.',
  });
