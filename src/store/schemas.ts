import { HOLIDAY_CALENDARS } from '../domain/working-days';
import { z } from 'zod';
import { Centrale, DELIVERY_PREFERENCES, Instance, Member, Person } from '../domain/governance';
import { ROLES } from '../domain/roles';

/** Shapes of stored documents. `satisfies` keeps them in step with the domain types. */
const quorum = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('aucun') }),
  z.object({
    kind: z.literal('majorite-des-membres'),
    countsRepresented: z.boolean(),
    countsRemote: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('moitie-des-membres'),
    countsRepresented: z.boolean(),
    countsRemote: z.boolean().optional(),
  }),
]);

export const quorumSchema = quorum;

export const rulesSchema = z.object({
  noticeDays: z.number().int().min(0).max(60),
  urgencyNoticeDays: z.number().int().min(0).max(60),
  quorum,
  proxies: z.object({
    allowed: z.boolean(),
    maxPerHolder: z.number().int().min(0).max(10),
    maxConsecutiveSittings: z.number().int().min(0).max(100),
  }),
  remoteAllowed: z.boolean(),
  remoteVotesNamed: z.boolean().optional(),
});

export const centraleSchema = z.object({
  id: z.string(),
  name: z.string(),
  networkLabel: z.string(),
  timeZone: z.string(),
  holidayCalendar: z.enum(HOLIDAY_CALENDARS).optional(),
  surveyAnonymityThreshold: z.number().int().optional(),
  operationalCommittee: z.object({
    namePrefix: z.string(),
    objectives: z.array(z.string()),
    participants: z.array(z.string()),
    rules: rulesSchema,
  }),
}) satisfies z.ZodType<Centrale>;

export const instanceSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  name: z.string(),
  tier: z.enum(['politique', 'technique', 'operationnel']),
  objectives: z.array(z.string()),
  participants: z.array(z.string()),
  frequency: z.string().nullable(),
  rules: rulesSchema,
  members: z.array(z.object({ personKey: z.string(), organiser: z.boolean() })),
  channel: z
    .object({ conversationId: z.string(), name: z.string(), linkedBy: z.string(), linkedAt: z.string() })
    .nullable(),
  purchaseFileId: z.string().nullable(),
}) satisfies z.ZodType<Instance>;

export const memberSchema = z.object({
  id: z.string(),
  centraleId: z.string(),
  name: z.string(),
  kind: z.enum(['commune', 'ccas', 'etablissement', 'service-etat', 'autre']),
  population: z.number().int().positive().nullable().optional(),
}) satisfies z.ZodType<Member>;

export const personSchema = z.object({
  key: z.string(),
  centraleId: z.string(),
  tenantId: z.string(),
  aadObjectId: z.string(),
  teamsUserId: z.string().nullable(),
  displayName: z.string(),
  email: z.string().nullable(),
  delivery: z.enum(DELIVERY_PREFERENCES).optional(),
  roles: z.array(z.enum(ROLES)),
  memberId: z.string().nullable(),
}) satisfies z.ZodType<Person>;
