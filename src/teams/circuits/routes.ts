import { z } from 'zod';
import { circuitFormView, circuitOf, launchFromForm } from '../../app/ballots/circuit-views';
import { relaunchCircuitStage, stopCircuitByOwner } from '../../app/ballots/circuit-flow';
import { StageView, actOnStage } from '../../app/ballots/stage-actions';
import { Circuit } from '../../domain/ballots/circuit';
import { CardJson } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { lines, optionalText } from '../form-fields';
import { Turn } from '../turn';
import { VerbRouter, backTo } from '../verb-router';
import { auditLink } from '../ballots/views';
import { CircuitFormData, circuitFormCard, circuitFormData, stagesOf } from './forms';
import { circuitStatusCard, stageCard } from './views';
import { ownFiles } from '../doc-links';
import { centraleCircuits } from '../../app/ballots/circuit-list';
import { noRunningCircuitCard, runningCircuitsCard } from './where-circuit';

// The owner's link to the audit trail lasts a day (the card gives a new one each time).
const statusCard = (turn: Turn, c: Circuit): CardJson =>
  circuitStatusCard(c, auditLink(turn.deps, c.id, 1), ownFiles(turn.deps));
const stageViewCard = (turn: Turn, v: StageView): CardJson =>
  stageCard(v.circuit, v.index, v.people, v.error, ownFiles(turn.deps));

const stageRef = z.object({ circuitId: z.string().min(1).max(200), index: z.coerce.number().int().min(0).max(20) });
const commentData = stageRef.extend({
  text: optionalText(2000, 'Votre commentaire'),
});
const relaunchData = stageRef.extend({ attempt: z.coerce.number().int().min(2).max(50) });
const closeData = stageRef.extend({
  favourable: z.enum(['true', 'false']).optional().default('true'),
  reason: optionalText(1000, 'Motif ou synthèse'),
});

/** A refusal on a stage's card leads to the circuit's card. */
const toCircuit = backTo('Voir où en est le circuit', 'circuit.status', 'circuitId');

export function registerCircuits(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('circuit.start', async (turn) => circuitFormCard(await circuitFormView(turn.deps, turn.actor)));
  verbs.add(
    'circuit.start',
    circuitFormData,
    async (turn, data) => {
      const launched = await launchFromForm(turn.deps, turn.actor, {
        id: data.circuitId,
        subjectKind: data.subjectKind,
        subject: data.subject,
        links: lines(data.links),
        voteDays: Number(data.voteDays),
        stages: stagesOf(data),
        serviceUrl: turn.serviceUrl,
      });
      return launched.ok ? statusCard(turn, launched.circuit) : circuitFormCard(launched.form, data, launched.error);
    },
    undefined,
    {
      fields: ['subject', 'links'],
      card: async (turn, typed, tooLong) =>
        circuitFormCard(
          await circuitFormView(turn.deps, turn.actor),
          typed as Partial<CircuitFormData>,
          Object.values(tooLong).join(' '),
        ),
    },
  );
  // « où en est le circuit ? »: the card of the one in progress, a list if several, else how the last ended.
  commands.add('circuit.status', async (turn) => {
    const { running, latest } = await centraleCircuits(turn.deps, turn.actor);
    if (running.length === 1) return statusCard(turn, running[0]!);
    return running.length > 1 ? runningCircuitsCard(running) : noRunningCircuitCard(latest);
  });
  verbs.add('circuit.status', z.object({ circuitId: z.string().min(1).max(200) }), async (turn, d) =>
    statusCard(turn, await circuitOf(turn.deps, turn.actor, d.circuitId)),
  );
  // The owner's way forward when a stage ended unfavourably or without quorum.
  verbs.add(
    'circuit.relaunch',
    relaunchData,
    async (turn, d) => statusCard(turn, await relaunchCircuitStage(turn.deps, turn.actor, d)),
    toCircuit,
  );
  verbs.add(
    'circuit.stop',
    z.object({ circuitId: z.string().min(1).max(200) }),
    async (turn, d) => statusCard(turn, await stopCircuitByOwner(turn.deps, turn.actor, d.circuitId)),
    toCircuit,
  );
  verbs.add(
    'circuit.comment',
    commentData,
    async (turn, d) =>
      stageViewCard(turn, await actOnStage(turn.deps, turn.actor, d, { kind: 'comment', text: d.text })),
    toCircuit,
  );
  verbs.add(
    'circuit.ack',
    stageRef,
    async (turn, d) => stageViewCard(turn, await actOnStage(turn.deps, turn.actor, d, { kind: 'ack' })),
    toCircuit,
  );
  verbs.add(
    'circuit.stage.close',
    closeData,
    async (turn, d) =>
      stageViewCard(
        turn,
        await actOnStage(turn.deps, turn.actor, d, {
          kind: 'close',
          favourable: d.favourable === 'true',
          reason: d.reason,
        }),
      ),
    toCircuit,
  );
}
