import { randomUUID } from 'crypto';
import { z } from 'zod';
import { CircuitFormView } from '../../app/ballots/circuit-views';
import { StageKind } from '../../domain/ballots/circuit';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { NO_BACK } from '../back';
import { SUBJECT_CHOICES } from '../ballots/forms';
import { optionalText } from '../form-fields';

/** The form offers six stages, each an instance (or none) and a kind. */
const STAGES = [0, 1, 2, 3, 4, 5] as const;
const stageInstance = z.string().max(200).optional().default('');
const stageKind = z.enum(['vote', 'avis', 'information']).optional().default('vote');

export const circuitFormData = z.object({
  circuitId: z.string().max(200).optional().default(''),
  subjectKind: z.enum(['programme', 'objectifs', 'strategie', 'bilan', 'libre']).optional().default('programme'),
  subject: optionalText(200, 'Objet'),
  links: optionalText(2000, 'Documents'),
  voteDays: z.string().max(5).optional().default('7'),
  stage0: stageInstance,
  kind0: stageKind,
  stage1: stageInstance,
  kind1: stageKind,
  stage2: stageInstance,
  kind2: stageKind,
  stage3: stageInstance,
  kind3: stageKind,
  stage4: stageInstance,
  kind4: stageKind,
  stage5: stageInstance,
  kind5: stageKind,
});
export type CircuitFormData = z.infer<typeof circuitFormData>;

/** The stages chosen on the form, in order, the empty ones left out. */
export function stagesOf(data: CircuitFormData): Array<{ instanceId: string; kind: StageKind }> {
  return STAGES.map((i) => ({ instanceId: data[`stage${i}`], kind: data[`kind${i}`] })).filter((s) => s.instanceId);
}

/** The launch form; sent back with what was typed and the refusal. Untouched, it proposes the programme's flow. */
export function circuitFormCard(view: CircuitFormView, values: Partial<CircuitFormData> = {}, error = ''): CardJson {
  const { instances, defaults } = view;
  return renderCard('circuit.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    // A fixed id per form: pressing twice (or Teams retrying) starts one circuit.
    circuitId: values.circuitId || `circuit-${randomUUID()}`,
    subjectKind: values.subjectKind ?? 'programme',
    kinds: SUBJECT_CHOICES,
    subject: values.subject ?? '',
    links: values.links ?? '',
    voteDays: values.voteDays ?? '7',
    instances: [{ title: '— (pas d’étape)', value: '' }, ...instances.map((i) => ({ title: i.name, value: i.id }))],
    stages: STAGES.map((i) => ({
      label: `Étape ${i + 1}`,
      instanceField: `stage${i}`,
      kindField: `kind${i}`,
      instanceId: values[`stage${i}`] ?? (values.subject === undefined ? (defaults[i]?.instanceId ?? '') : ''),
      kind: values[`kind${i}`] ?? defaults[i]?.kind ?? 'vote',
    })),
    error: error ? cardText(error) : '',
  });
}
