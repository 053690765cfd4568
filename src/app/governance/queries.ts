import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Centrale, Instance, Member, Person, findInstance } from '../../domain/governance';
import { keyOf } from '../../domain/identity';
import { Action, authorize, can } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { Candidate } from './set-instance-members';

type Deps = Pick<AppDeps, 'governance' | 'directory'>;
/** Where a turn happens, as far as the rules care. */
export type ConversationScope = 'personal' | 'channel' | 'groupChat';

/**
 * The instance a request is about: the one the sentence named (« membres du copil »), if it is of
 * the person's centrale, else the one this conversation is linked to, else none (the card asks).
 */
export async function instanceForCommand(
  deps: Deps,
  actor: Actor,
  input: { conversationId: string; instanceId?: string },
): Promise<Instance | undefined> {
  const person = requirePerson(actor);
  const instances = await deps.governance.listInstances(person.centraleId);
  if (input.instanceId) return instances.find((i) => i.id === input.instanceId);
  const linked = await deps.directory.instanceOfConversation(input.conversationId);
  return instances.find((i) => linked && i.centraleId === linked.centraleId && i.id === linked.instanceId);
}

/** The governance map: the centrale and its instances. */
export async function governanceMap(deps: Deps, actor: Actor): Promise<{ centrale: Centrale; instances: Instance[] }> {
  authorize(actor.person, 'governance.view');
  const centrale = actor.centrale!;
  return { centrale, instances: await deps.governance.listInstances(centrale.id) };
}

export interface CommandRule {
  action: Action;
  /** The permission depends on the instance: granted if it is for at least one. */
  perInstance?: boolean;
  onlyIn?: ConversationScope[];
  /** A condition on the person besides the permission (a référent's commune…). */
  only?: (person: Person) => boolean;
  /** A condition that reads the centrale's instances too (organises one, sits on a committee…). */
  where?: (person: Person, instances: Instance[]) => boolean;
}

/** Which of `rules` this person may use here (the help shows only those). */
export async function allowedCommands<T extends CommandRule>(
  deps: Deps,
  actor: Actor,
  scope: ConversationScope,
  rules: T[],
): Promise<T[]> {
  const person = actor.person;
  if (!person) return [];
  let instances: Instance[] | null = null;
  const allowed: T[] = [];
  for (const c of rules) {
    if (c.onlyIn && !c.onlyIn.includes(scope)) continue;
    if (c.only && !c.only(person)) continue;
    if (c.where) {
      instances ??= await deps.governance.listInstances(person.centraleId);
      if (!c.where(person, instances)) continue;
    }
    if (can(person, c.action)) allowed.push(c);
    else if (c.perInstance) {
      instances ??= await deps.governance.listInstances(person.centraleId);
      if (instances.some((instance) => can(person, c.action, { instance }))) allowed.push(c);
    }
  }
  return allowed;
}

/** The instances this person may write to (announce), none when they organise none. */
export async function announceableInstances(deps: Deps, actor: Actor): Promise<Instance[]> {
  const person = requirePerson(actor);
  return (await deps.governance.listInstances(person.centraleId)).filter((instance) =>
    can(person, 'instance.announce', { instance }),
  );
}

/** The link form: the instances, and the one this conversation is linked to. */
export async function linkFormData(
  deps: Deps,
  actor: Actor,
  input: { scope: ConversationScope; conversationId: string },
) {
  authorize(actor.person, 'channel.link');
  requireSharedConversation(input.scope);
  const instances = await deps.governance.listInstances(actor.person.centraleId);
  return { instances, current: instances.find((i) => i.channel?.conversationId === input.conversationId) };
}

/** The instance named after « lier », if there is one. */
export async function instanceToLink(deps: Deps, actor: Actor, name: string): Promise<Instance | undefined> {
  authorize(actor.person, 'channel.link');
  return findInstance(await deps.governance.listInstances(actor.person.centraleId), name);
}

export function requireSharedConversation(scope: ConversationScope): void {
  if (scope === 'personal') {
    throw new DomainError(
      ErrorCode.LinkInPersonalChat,
      'On lie une instance à un canal d’équipe ou à une conversation de groupe : tapez « lier » dans le canal voulu, en me mentionnant.',
    );
  }
}

/** An instance whose members this person may set (else the refusal says why). */
export async function instanceToCompose(deps: Deps, actor: Actor, instanceId: string): Promise<Instance> {
  const person = requirePerson(actor);
  const instance = await deps.governance.getInstance(person.centraleId, instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownInstance, 'Cette instance n’existe pas dans votre centrale.');
  authorize(person, 'instance.members.set', { instance });
  return instance;
}

/** The instances this person may compose; refused if none. */
export async function instancesToCompose(deps: Deps, actor: Actor): Promise<Instance[]> {
  const person = requirePerson(actor);
  const instances = (await deps.governance.listInstances(person.centraleId)).filter((instance) =>
    can(person, 'instance.members.set', { instance }),
  );
  if (instances.length === 0) authorize(person, 'instance.members.set');
  return instances;
}

/**
 * Who is offered besides the conversation's roster: the current members, and for those allowed
 * to see the directory (and only in a personal chat, where nobody else reads the card), the
 * people of the centrale who hold a role.
 */
async function knownPeople(deps: Deps, actor: Actor, instance: Instance, scope: ConversationScope): Promise<Person[]> {
  const people = await deps.governance.listPeople(instance.centraleId);
  const current = new Set(instance.members.map((m) => m.personKey));
  const directory = scope === 'personal' && can(actor.person, 'people.view');
  return people.filter((p) => current.has(p.key) || (directory && p.roles.length > 0));
}

/**
 * People one can pick for an instance: the known people (above) and the conversation's roster,
 * keyed by tenant + Entra object id; a roster entry completes a known person.
 */
export async function memberCandidates(
  deps: Deps,
  actor: Actor,
  input: { instance: Instance; scope: ConversationScope; roster: Candidate[] },
): Promise<Candidate[]> {
  const byKey = new Map<string, Candidate>();
  for (const p of await knownPeople(deps, actor, input.instance, input.scope)) {
    byKey.set(p.key, {
      tenantId: p.tenantId,
      aadObjectId: p.aadObjectId,
      teamsUserId: p.teamsUserId ?? undefined,
      displayName: p.displayName,
      email: p.email ?? undefined,
    });
  }
  for (const m of input.roster) {
    const known = byKey.get(keyOf(m));
    byKey.set(keyOf(m), {
      ...m,
      displayName: m.displayName || known?.displayName || 'Sans nom',
      email: m.email ?? known?.email,
    });
  }
  return [...byKey.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
}

/** The roles form: the people and the adhérents of the centrale. */
export async function rolesFormData(deps: Deps, actor: Actor): Promise<{ people: Person[]; members: Member[] }> {
  const person = requirePerson(actor);
  authorize(person, 'person.roles.set');
  const [people, members] = await Promise.all([
    deps.governance.listPeople(person.centraleId),
    deps.governance.listMembers(person.centraleId),
  ]);
  return { people, members };
}

export interface WhomToAsk {
  centraleName: string;
  administrators: Array<{ name: string; email: string | null }>;
}

/**
 * For someone not registered: the administrators of the centrale this conversation is linked
 * to, else of the centrales that have people from their tenant. Names and e-mail addresses
 * only; empty when no centrale can be told.
 */
export async function whomToAsk(deps: Deps, actor: Actor, conversationId: string): Promise<WhomToAsk[]> {
  const binding = await deps.directory.instanceOfConversation(conversationId);
  const centraleIds = binding ? [binding.centraleId] : await deps.directory.centralesOfTenant(actor.identity.tenantId);
  const found = await Promise.all(
    centraleIds.slice(0, 3).map(async (id) => {
      const [centrale, people] = await Promise.all([deps.governance.getCentrale(id), deps.governance.listPeople(id)]);
      if (!centrale) return null;
      const administrators = people
        .filter((p) => p.roles.includes('administrateur'))
        .map((p) => ({ name: p.displayName, email: p.email }));
      return administrators.length ? { centraleName: centrale.name, administrators } : null;
    }),
  );
  return found.filter((w): w is WhomToAsk => w !== null);
}
