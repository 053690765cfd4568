import { createHash } from 'crypto';
import { ErrorCode } from '../../domain/error-codes';
import { Circuit, acknowledge, addComment } from '../../domain/ballots/circuit';
import { DomainError, isDomainError } from '../../domain/errors';
import { Person } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { CircuitDeps, advanceCircuit } from './circuit-flow';
import { circuitOf } from './circuit-views';
import { count } from '../../domain/french-text';

async function stageFor(
  deps: Pick<AppDeps, 'circuits' | 'governance'>,
  actor: Actor,
  circuitId: string,
  index: number,
) {
  const person = requirePerson(actor);
  const c = await deps.circuits.get(circuitId);
  if (!c || c.centraleId !== person.centraleId)
    throw new DomainError(ErrorCode.UnknownCircuit, 'Ce circuit de validation est introuvable dans votre centrale.');
  const stage = c.stages[index];
  const instance = stage && (await deps.governance.getInstance(c.centraleId, stage.instanceId));
  if (!stage || !instance)
    throw new DomainError(ErrorCode.UnknownStage, 'Cette étape n’existe pas : rouvrez la carte.');
  return { person, c, stage, instance };
}

/** A member of an avis stage posts a comment. */
export async function commentOnStage(
  deps: Pick<AppDeps, 'circuits' | 'governance' | 'ballots' | 'clock'>,
  actor: Actor,
  input: { circuitId: string; index: number; text: string },
) {
  const { person, instance } = await stageFor(deps, actor, input.circuitId, input.index);
  if (!instance.members.some((m) => m.personKey === person.key))
    throw new DomainError(
      ErrorCode.NotMember,
      `Seuls les membres de « ${instance.name} » donnent leur avis à cette étape.`,
    );
  const now = deps.clock.now();
  const c = await deps.circuits.update(input.circuitId, (x) =>
    addComment(x, { index: input.index, by: person.key, text: input.text }, now),
  );
  // A comment is one act per person, stage and text: the same text sent again is the same act.
  const text = input.text.trim();
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 24);
  await deps.ballots.addEvent(
    c.id,
    { at: now.toISOString(), by: person.key, action: 'commentaire', detail: text },
    `commentaire:${input.index}:${person.key}:${digest}`,
  );
  return c;
}

/** A member of an information stage acknowledges receipt; when all have, the stage ends. */
export async function acknowledgeStage(deps: CircuitDeps, actor: Actor, input: { circuitId: string; index: number }) {
  const { person, instance } = await stageFor(deps, actor, input.circuitId, input.index);
  if (!instance.members.some((m) => m.personKey === person.key))
    throw new DomainError(ErrorCode.NotMember, `Cette information s’adresse aux membres de « ${instance.name} ».`);
  const now = deps.clock.now();
  const c = await deps.circuits.update(input.circuitId, (x) => acknowledge(x, input.index, person.key, now));
  await deps.ballots.addEvent(
    c.id,
    {
      at: now.toISOString(),
      by: person.key,
      action: 'accuse',
      detail: `Accusé de réception (étape ${input.index + 1})`,
    },
    `accuse:${input.index}:${person.key}`,
  );
  const stage = c.stages[input.index]!;
  if (
    stage.status === 'en-cours' &&
    instance.members.every((m) => stage.acknowledgedBy.some((a) => a.by === m.personKey))
  ) {
    await advanceCircuit(deps, {
      circuitId: c.id,
      stage: input.index,
      favourable: true,
      outcome: 'Tous les membres ont accusé réception',
      by: person.key,
    });
  }
  return (await deps.circuits.get(c.id))!;
}

/** An organiser of the stage's instance (or the owner) closes an avis or information stage. */
export async function closeStage(
  deps: CircuitDeps,
  actor: Actor,
  input: { circuitId: string; index: number; favourable: boolean; reason: string },
) {
  const { person, c, stage, instance } = await stageFor(deps, actor, input.circuitId, input.index);
  if (c.ownerKey !== person.key) authorize(person, 'ballot.manage', { instance });
  if (stage.kind === 'vote')
    throw new DomainError(ErrorCode.VoteStage, 'Une étape de vote se termine à la clôture de son scrutin.');
  if (!input.favourable && !input.reason.trim())
    throw new DomainError(
      ErrorCode.ReasonRequired,
      'Indiquez pourquoi l’avis est défavorable : le porteur du circuit en sera informé.',
    );
  const outcome = input.favourable
    ? `${stage.kind === 'avis' ? `Avis favorable (${count(stage.comments.length, 'commentaire', 'commentaires')})` : `Information faite (${count(stage.acknowledgedBy.length, 'accusé', 'accusés')} de réception)`}${input.reason.trim() ? ` — ${input.reason.trim()}` : ''}`
    : `Avis défavorable — ${input.reason.trim()}`;
  await advanceCircuit(deps, {
    circuitId: c.id,
    stage: input.index,
    favourable: input.favourable,
    outcome,
    by: person.key,
  });
  return (await deps.circuits.get(c.id))!;
}

export type StageAction =
  { kind: 'comment'; text: string } | { kind: 'ack' } | { kind: 'close'; favourable: boolean; reason: string };

/** What a stage card shows: the stage as it now stands, and the refusal of the action if any. */
export interface StageView {
  circuit: Circuit;
  index: number;
  people: Person[];
  error: string;
}

/**
 * A stage card's button: the action, then the card as it now stands. A refused action (not a
 * member, a reason missing…) is shown on the card; an unknown circuit is an error of its own.
 */
export async function actOnStage(
  deps: CircuitDeps,
  actor: Actor,
  ref: { circuitId: string; index: number },
  action: StageAction,
): Promise<StageView> {
  const at = { circuitId: ref.circuitId, index: ref.index };
  let error = '';
  try {
    if (action.kind === 'comment') await commentOnStage(deps, actor, { ...at, text: action.text });
    else if (action.kind === 'ack') await acknowledgeStage(deps, actor, at);
    else await closeStage(deps, actor, { ...at, favourable: action.favourable, reason: action.reason });
  } catch (e) {
    if (!isDomainError(e) || e.code === ErrorCode.UnknownCircuit) throw e;
    error = e.userMessage;
  }
  const circuit = await circuitOf(deps, actor, at.circuitId);
  return { circuit, index: at.index, people: await deps.governance.listPeople(circuit.centraleId), error };
}
