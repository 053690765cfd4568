import { HOLIDAY_CALENDARS } from '../../domain/working-days';
import { z } from 'zod';
import { Centrale, Instance } from '../../domain/governance';
import { RULE_PRESET_NAMES, RulePreset, rulesFromPreset } from '../../domain/rules';
import { MAX_ANONYMITY_THRESHOLD, MIN_ANONYMITY_THRESHOLD } from '../../domain/surveys/survey';

/** The shape of `data/governance/*.json`: a centrale and its standing instances. */
const slug = z.string().regex(/^[a-z0-9-]+$/, 'identifiant en minuscules, chiffres et tirets');
const preset = z.enum(RULE_PRESET_NAMES as [RulePreset, ...RulePreset[]]);

export const governanceSeedSchema = z.object({
  centrale: z.object({
    id: slug,
    name: z.string().min(1),
    networkLabel: z.string().min(1),
    timeZone: z.string(),
    /** « alsace-moselle » adds Good Friday and 26 December to the public holidays. */
    holidayCalendar: z.enum(HOLIDAY_CALENDARS).optional(),
    /** Surveys show no detail under this many answers (default 3, see domain/surveys). */
    surveyAnonymityThreshold: z.number().int().min(MIN_ANONYMITY_THRESHOLD).max(MAX_ANONYMITY_THRESHOLD).optional(),
  }),
  instances: z.array(
    z.object({
      id: slug,
      name: z.string().min(1),
      tier: z.enum(['politique', 'technique', 'operationnel']),
      objectives: z.array(z.string()).min(1),
      participants: z.array(z.string()).min(1),
      frequency: z.string().optional(),
      rules: preset,
    }),
  ),
  operationalCommittee: z.object({
    namePrefix: z.string(),
    tier: z.literal('operationnel'),
    objectives: z.array(z.string()),
    participants: z.array(z.string()),
    rules: preset,
  }),
});

export type GovernanceSeed = z.infer<typeof governanceSeedSchema>;

/** Turns a seed into domain objects; `{réseau}` becomes the centrale's network label. */
export function fromSeed(seed: GovernanceSeed): { centrale: Centrale; instances: Instance[] } {
  const label = (text: string) => text.replaceAll('{réseau}', seed.centrale.networkLabel);
  const oc = seed.operationalCommittee;
  const centrale: Centrale = {
    ...seed.centrale,
    operationalCommittee: {
      namePrefix: label(oc.namePrefix),
      objectives: oc.objectives.map(label),
      participants: oc.participants.map(label),
      rules: rulesFromPreset(oc.rules),
    },
  };
  const instances = seed.instances.map((i): Instance => ({
    id: i.id,
    centraleId: centrale.id,
    name: label(i.name),
    tier: i.tier,
    objectives: i.objectives.map(label),
    participants: i.participants.map(label),
    frequency: i.frequency ? label(i.frequency) : null,
    rules: rulesFromPreset(i.rules),
    members: [],
    channel: null,
    purchaseFileId: null,
  }));
  return { centrale, instances };
}
