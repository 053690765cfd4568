import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import { Circuit, PROGRAMME_CIRCUIT, StageKind } from '../../domain/ballots/circuit';
import { DomainError, isDomainError } from '../../domain/errors';
import { Instance } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { CircuitDeps, CircuitLaunch, startCircuit } from './circuit-flow';

/** A circuit of the actor's centrale (any other is « introuvable », as if it did not exist). */
export async function circuitOf(deps: Pick<AppDeps, 'circuits'>, actor: Actor, circuitId: string): Promise<Circuit> {
  const c = await deps.circuits.get(circuitId);
  if (!c || c.centraleId !== requirePerson(actor).centraleId)
    throw new DomainError(ErrorCode.UnknownCircuit, 'Ce circuit de validation est introuvable dans votre centrale.');
  return c;
}

/** What the launch form offers: the centrale's instances, and the programme's flow as default stages. */
export interface CircuitFormView {
  instances: Instance[];
  defaults: Array<{ instanceId: string; kind: StageKind }>;
}

export async function circuitFormView(deps: Pick<AppDeps, 'governance'>, actor: Actor): Promise<CircuitFormView> {
  const person = requirePerson(actor);
  authorize(person, 'circuit.start');
  const instances = await deps.governance.listInstances(person.centraleId);
  return { instances, defaults: PROGRAMME_CIRCUIT.filter((s) => instances.some((i) => i.id === s.instanceId)) };
}

const CIRCUIT_ID = /^circuit-[A-Za-z0-9-]{1,100}$/;

export type LaunchOutcome = { ok: true; circuit: Circuit } | { ok: false; error: string; form: CircuitFormView };

/**
 * The launch form sent: a form sent again (same id: a double click, Teams retrying) shows the
 * circuit it started (to its owner only); a refusal other than a permission goes back to the form, with its reason.
 */
export async function launchFromForm(deps: CircuitDeps, actor: Actor, input: CircuitLaunch): Promise<LaunchOutcome> {
  const person = requirePerson(actor);
  // A circuit's id also names the partition of its audit lines: a ballot's id (« scrutin-… »)
  // must never be taken for one.
  if (input.id && !CIRCUIT_ID.test(input.id)) throw new DomainError(ErrorCode.InvalidData);
  const existing = input.id ? await deps.circuits.get(input.id) : null;
  if (existing) {
    // Only its owner's form sent again shows it: an id alone opens nobody else's circuit.
    if (existing.centraleId !== person.centraleId || existing.ownerKey !== person.key)
      throw new DomainError(ErrorCode.FormAlreadyUsed);
    return { ok: true, circuit: existing };
  }
  try {
    const circuit = await startCircuit(deps, actor, { ...input, id: input.id || `circuit-${randomUUID()}` });
    return { ok: true, circuit: (await deps.circuits.get(circuit.id)) ?? circuit };
  } catch (e) {
    if (isDomainError(e) && e.code !== ErrorCode.Forbidden && e.code !== ErrorCode.NotRegistered)
      return { ok: false, error: e.userMessage, form: await circuitFormView(deps, actor) };
    throw e;
  }
}
