import { randomUUID } from 'crypto';
import { z } from 'zod';
import { acknowledgeStage, closeStage, commentOnStage, startCircuit } from '../../app/ballots/circuit-flow';
import { requirePerson } from '../../app/identify-actor';
import { PROGRAMME_CIRCUIT, StageKind } from '../../domain/ballots/circuit';
import { Circuit } from '../../domain/ballots/circuit';
import { DomainError, isDomainError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { SUBJECT_CHOICES } from '../ballots/forms';
import { lines } from '../form-fields';
import { ballotPresenter, circuitStatusCard, stageCard } from '../ballots/views';

const MAX_STAGES = 6;
const stageFields = Object.fromEntries(
  Array.from({ length: MAX_STAGES }, (_, i) => [
    [`stage${i}`, z.string().max(200).optional().default('')],
    [`kind${i}`, z.enum(['vote', 'avis', 'information']).optional().default('vote')],
  ]).flat(),
) as Record<string, z.ZodType>;

const formData = z
  .object({
    circuitId: z.string().max(200).optional().default(''),
    subjectKind: z.enum(['programme', 'objectifs', 'strategie', 'bilan', 'libre']).optional().default('programme'),
    subject: z.string().max(200, 'L’objet dépasse 200 caractères.').optional().default(''),
    links: z.string().max(2000).optional().default(''),
    voteDays: z.string().max(5).optional().default('7'),
  })
  .extend(stageFields);
type FormData = Record<string, string> & { circuitId: string; subjectKind: string; subject: string; links: string; voteDays: string };

async function circuitForm(turn: Turn, values: Partial<FormData> = {}, error = ''): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  authorize(person, 'circuit.start');
  const instances = await turn.deps.governance.listInstances(person.centraleId);
  const defaults = PROGRAMME_CIRCUIT.filter((s) => instances.some((i) => i.id === s.instanceId));
  return renderCard('circuit.form', {
    // A fixed id per form: pressing twice (or Teams retrying) starts one circuit.
    circuitId: values.circuitId || `circuit-${randomUUID()}`,
    subjectKind: values.subjectKind ?? 'programme',
    kinds: SUBJECT_CHOICES,
    subject: values.subject ?? '',
    links: values.links ?? '',
    voteDays: values.voteDays ?? '7',
    instances: [{ title: '— (pas d’étape)', value: '' }, ...instances.map((i) => ({ title: i.name, value: i.id }))],
    stages: Array.from({ length: MAX_STAGES }, (_, i) => ({
      label: `Étape ${i + 1}`,
      instanceField: `stage${i}`,
      kindField: `kind${i}`,
      instanceId: values[`stage${i}`] ?? (values.subject === undefined ? defaults[i]?.instanceId ?? '' : ''),
      kind: values[`kind${i}`] ?? defaults[i]?.kind ?? 'vote',
    })),
    error: error ? cardText(error) : '',
  });
}

async function start(turn: Turn, raw: Record<string, unknown>): Promise<CardJson> {
  const data = raw as FormData;
  const stages = Array.from({ length: MAX_STAGES }, (_, i) => ({ instanceId: data[`stage${i}`] ?? '', kind: (data[`kind${i}`] ?? 'vote') as StageKind })).filter((s) => s.instanceId);
  const existing = await turn.deps.circuits.get(data.circuitId);
  if (existing) return statusOf(turn, existing);
  try {
    const circuit = await startCircuit(turn.deps, turn.actor, {
      id: data.circuitId || `circuit-${randomUUID()}`,
      subjectKind: data.subjectKind,
      subject: data.subject,
      links: lines(data.links),
      voteDays: Number(data.voteDays),
      stages,
      presenter: ballotPresenter(turn.deps),
      serviceUrl: turn.serviceUrl,
    });
    return statusOf(turn, (await turn.deps.circuits.get(circuit.id)) ?? circuit);
  } catch (e) {
    if (isDomainError(e) && e.code !== 'forbidden' && e.code !== 'not-registered') return circuitForm(turn, data, e.userMessage);
    throw e;
  }
}

async function circuitOf(turn: Turn, circuitId: string): Promise<Circuit> {
  const c = await turn.deps.circuits.get(circuitId);
  if (!c || c.centraleId !== requirePerson(turn.actor).centraleId) throw new DomainError('unknown-circuit', 'Ce circuit de validation est introuvable dans votre centrale.');
  return c;
}

function statusOf(turn: Turn, c: Circuit): CardJson {
  return circuitStatusCard(c, turn.deps.links.url('journal', c.id, new Date(turn.deps.clock.now().getTime() + 86_400_000)));
}

const stageRef = z.object({ circuitId: z.string().min(1).max(200), index: z.coerce.number().int().min(0).max(20) });

/** Stage actions answer with the stage card as it now stands, or with the error on it. */
async function onStage(turn: Turn, ref: z.infer<typeof stageRef>, act: () => Promise<unknown>): Promise<CardJson> {
  let error = '';
  try {
    await act();
  } catch (e) {
    if (!isDomainError(e) || e.code === 'unknown-circuit') throw e;
    error = e.userMessage;
  }
  const c = await circuitOf(turn, ref.circuitId);
  return stageCard(c, ref.index, await turn.deps.governance.listPeople(c.centraleId), error);
}

export function registerCircuits(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['circuit', 'validation'], async (turn) => turn.reply(await circuitForm(turn)));
  verbs.add('circuit.start', formData, start);
  verbs.add('circuit.status', z.object({ circuitId: z.string().min(1).max(200) }), async (turn, d) => statusOf(turn, await circuitOf(turn, d.circuitId)));
  verbs.add('circuit.comment', stageRef.extend({ text: z.string().max(2000, 'Le commentaire dépasse 2 000 caractères : raccourcissez-le.').optional().default('') }), (turn, d) =>
    onStage(turn, d, () => commentOnStage(turn.deps, turn.actor, { circuitId: d.circuitId, index: d.index, text: d.text })),
  );
  verbs.add('circuit.ack', stageRef, (turn, d) => onStage(turn, d, () => acknowledgeStage(turn.deps, turn.actor, d, ballotPresenter(turn.deps))));
  verbs.add('circuit.stage.close', stageRef.extend({ favourable: z.enum(['true', 'false']).optional().default('true'), reason: z.string().max(1000).optional().default('') }), (turn, d) =>
    onStage(turn, d, () => closeStage(turn.deps, turn.actor, { circuitId: d.circuitId, index: d.index, favourable: d.favourable === 'true', reason: d.reason }, ballotPresenter(turn.deps))),
  );
}
