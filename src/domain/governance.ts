import { HolidayCalendar } from './working-days';
import { ErrorCode } from './error-codes';
import { DomainError } from './errors';
import { InstanceRules } from './rules';
import { Role } from './roles';

/** A centrale d'achat: the unit of data isolation (not a Microsoft 365 tenant). */
export interface Centrale {
  id: string;
  name: string;
  /** The network's label as the centrale writes it ("RReT"): configurable text, never expanded. */
  networkLabel: string;
  timeZone: string;
  /** Its public holidays: those of metropolitan France, or Alsace-Moselle's (Good Friday, 26 December) too. */
  holidayCalendar?: HolidayCalendar;
  /** What a new Comité Opérationnel (one per purchasing file) starts with. */
  operationalCommittee: OperationalCommitteeTemplate;
  /** Surveys: fewer answers than this, no detail shown (domain/surveys: default 3, from 2 to 20). */
  surveyAnonymityThreshold?: number;
}

export interface OperationalCommitteeTemplate {
  namePrefix: string;
  objectives: string[];
  participants: string[];
  rules: InstanceRules;
}

export type Tier = 'politique' | 'technique' | 'operationnel';
export const TIER_LABELS: Record<Tier, string> = {
  politique: 'Gouvernance politique',
  technique: 'Gouvernance technique',
  operationnel: 'Gouvernance opérationnelle',
};

export interface InstanceMember {
  personKey: string;
  /** May convene the instance, open its ballots. */
  organiser: boolean;
}

/** Where the instance's notices are posted: a Teams channel or chat, known by its id. */
export interface ChannelLink {
  conversationId: string;
  name: string;
  linkedBy: string;
  linkedAt: string;
}

export interface Instance {
  id: string;
  centraleId: string;
  name: string;
  tier: Tier;
  objectives: string[];
  /** Participants as the charter names them (roles, services), for the governance map. */
  participants: string[];
  /** Free text ("trimestrielle"); the seed leaves it empty: configuration. */
  frequency: string | null;
  rules: InstanceRules;
  members: InstanceMember[];
  channel: ChannelLink | null;
  /** Set for a Comité Opérationnel: one per purchasing file, variable geometry. */
  purchaseFileId: string | null;
}

/** An adhérent: a member buyer (commune, CCAS, other public buyer). */
export interface Member {
  id: string;
  centraleId: string;
  name: string;
  kind: 'commune' | 'ccas' | 'etablissement' | 'service-etat' | 'autre';
  /** Communes: the population (INSEE, configuration), for the Conférence des Maires' double majority. */
  population?: number | null;
}

export interface Person {
  key: string;
  centraleId: string;
  tenantId: string;
  aadObjectId: string;
  teamsUserId: string | null;
  displayName: string;
  email: string | null;
  /**
   * How notices reach this person: 'teams' (absent means it too) is Teams first, and e-mail when
   * Teams cannot deliver; 'email' is e-mail always, for someone who asked for it (and for people
   * with no Teams account at all).
   */
  delivery?: DeliveryPreference;
  roles: Role[];
  /** The adhérent this person speaks for, for référents. */
  memberId: string | null;
}

export type DeliveryPreference = 'teams' | 'email';
export const DELIVERY_PREFERENCES: readonly DeliveryPreference[] = ['teams', 'email'];

/**
 * People by key, looked up in constant time: a card names hundreds of members (a sitting's
 * 500, a ballot's 2,000), and a search of the list for each one made a turn quadratic. Build
 * it once per card, not per name.
 */
export function personByKey(people: readonly Person[]): (key: string | null | undefined) => Person | undefined {
  const index = new Map(people.map((p) => [p.key, p]));
  return (key) => (key == null ? undefined : index.get(key));
}

/**
 * The adhérent a person speaks for: a référent's commune. Being attached to a commune is not
 * enough (an élu may be); removing the référent role revokes it.
 */
export const referentMemberOf = (p: Pick<Person, 'roles' | 'memberId'>): string | null =>
  p.roles.includes('referent') && p.memberId ? p.memberId : null;

export const isOrganiser = (instance: Instance, personKey: string): boolean =>
  instance.members.some((m) => m.personKey === personKey && m.organiser);

/** Replaces the member list. Organisers must be members; nobody twice. */
export function withMembers(instance: Instance, memberKeys: string[], organiserKeys: string[]): Instance {
  const members = [...new Set(memberKeys)];
  const strayOrganiser = organiserKeys.find((k) => !members.includes(k));
  if (strayOrganiser) {
    throw new DomainError(
      ErrorCode.OrganiserNotMember,
      'Un organisateur doit aussi être membre de l’instance : cochez-le dans la liste des membres.',
    );
  }
  return {
    ...instance,
    members: members.map((personKey) => ({ personKey, organiser: organiserKeys.includes(personKey) })),
  };
}

export function withChannel(instance: Instance, link: ChannelLink | null): Instance {
  return { ...instance, channel: link };
}

/** Finds an instance by id or by a name typed by a person (accents and case ignored). */
export function findInstance(instances: Instance[], query: string): Instance | undefined {
  const wanted = normalise(query);
  return (
    instances.find((i) => i.id === query) ??
    instances.find((i) => normalise(i.name) === wanted) ??
    instances.find((i) => normalise(i.name).includes(wanted) && wanted.length >= 3)
  );
}

export const normalise = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** A purchasing file's Comité Opérationnel: same template for all, members chosen per file. */
export function newOperationalCommittee(
  centrale: Centrale,
  file: { id: string; title: string },
  members: InstanceMember[] = [],
): Instance {
  const t = centrale.operationalCommittee;
  return {
    id: `comite-operationnel-${file.id}`,
    centraleId: centrale.id,
    name: `${t.namePrefix} — ${file.title}`,
    tier: 'operationnel',
    objectives: [...t.objectives],
    participants: [...t.participants],
    frequency: null,
    rules: structuredClone(t.rules),
    members,
    channel: null,
    purchaseFileId: file.id,
  };
}
