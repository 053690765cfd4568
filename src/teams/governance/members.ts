import { auditAdmin } from '../../app/privacy/personal-data';
import { z } from 'zod';
import { setInstanceMembers } from '../../app/set-instance-members';
import { requirePerson } from '../../app/identify-actor';
import { DomainError, isDomainError } from '../../domain/errors';
import { Instance, Person } from '../../domain/governance';
import { authorize, can } from '../../domain/permissions';
import { keyOf } from '../../domain/identity';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { messageCard } from '../replies';
import { candidatesFor } from '../roster';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { instanceForCommand } from './instance-target';

/** A multi-select ChoiceSet sends its values as one comma-separated string. */
export const multiSelect = z
  .string()
  .max(20_000)
  .optional()
  .transform((s) => (s ? s.split(',').map((v) => v.trim()).filter(Boolean) : []));

const editData = z.object({ instanceId: z.string({ error: 'Choisissez une instance.' }).min(1, 'Choisissez une instance.') });
const saveData = editData.extend({ members: multiSelect, organisers: multiSelect });

async function instanceFor(turn: Turn, instanceId: string): Promise<Instance> {
  const person = requirePerson(turn.actor);
  const instance = await turn.deps.governance.getInstance(person.centraleId, instanceId);
  if (!instance) throw new DomainError('unknown-instance', 'Cette instance n’existe pas dans votre centrale.');
  authorize(person, 'instance.members.set', { instance });
  return instance;
}

/**
 * Who is offered besides the conversation's roster: the current members, and for those allowed
 * to see the directory (and only in a personal chat, where nobody else reads the card), the
 * people of the centrale who hold a role.
 */
async function knownPeople(turn: Turn, instance: Instance): Promise<Person[]> {
  const people = await turn.deps.governance.listPeople(instance.centraleId);
  const current = new Set(instance.members.map((m) => m.personKey));
  const directory = turn.scope === 'personal' && can(turn.actor.person, 'people.view');
  return people.filter((p) => current.has(p.key) || (directory && p.roles.length > 0));
}

async function membersForm(
  turn: Turn,
  instance: Instance,
  values?: { members: string[]; organisers: string[]; error: string },
): Promise<CardJson> {
  const candidates = await candidatesFor(turn, await knownPeople(turn, instance));
  return renderCard('members.form', {
    instanceId: instance.id,
    instanceName: instance.name,
    choices: candidates.map((c) => ({ title: c.email ? `${c.displayName} (${c.email})` : c.displayName, value: keyOf(c) })),
    memberValues: (values?.members ?? instance.members.map((m) => m.personKey)).join(','),
    organiserValues: (values?.organisers ?? instance.members.filter((m) => m.organiser).map((m) => m.personKey)).join(','),
    error: values?.error ?? '',
  });
}

async function chooseInstance(turn: Turn): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const instances = (await turn.deps.governance.listInstances(person.centraleId)).filter((instance) =>
    can(person, 'instance.members.set', { instance }),
  );
  if (instances.length === 0) authorize(person, 'instance.members.set');
  return renderCard('instance.choose', {
    title: 'Membres d’une instance',
    text: 'Quelle instance voulez-vous composer ?',
    verb: 'members.edit',
    choices: instances.map((i) => ({ title: i.name, value: i.id })),
  });
}

async function save(turn: Turn, data: z.infer<typeof saveData>): Promise<CardJson> {
  const instance = await instanceFor(turn, data.instanceId);
  try {
    const candidates = await candidatesFor(turn, await knownPeople(turn, instance));
    const saved = await setInstanceMembers(turn.deps, turn.actor, {
      instanceId: instance.id,
      candidates,
      memberKeys: data.members,
      organiserKeys: data.organisers,
    });
    const names = new Map(candidates.map((c) => [keyOf(c), c.displayName]));
    await auditAdmin(turn.deps, turn.actor, 'membres', `« ${saved.name} » : ${saved.members.length} membres, dont ${saved.members.filter((m) => m.organiser).length} organisateurs`);
    return messageCard({
      title: 'Membres enregistrés',
      text: `« ${cardText(saved.name)} » compte ${saved.members.length} membre${saved.members.length > 1 ? 's' : ''}.`,
      facts: saved.members.map((m) => ({ title: cardText(names.get(m.personKey) ?? m.personKey), value: m.organiser ? 'organisateur' : 'membre' })),
      tone: 'good',
    });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    // Keep what was ticked: the form comes back with the message.
    return membersForm(turn, instance, { members: data.members, organisers: data.organisers, error: e.userMessage });
  }
}

export function registerMembers(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['membres', 'membre', 'composition'], async (turn, args) => {
    const target = await instanceForCommand(turn, args);
    const card = target ? await membersForm(turn, await instanceFor(turn, target.id)) : await chooseInstance(turn);
    await turn.reply(card);
  });
  verbs.add('members.edit', editData, async (turn, data) => membersForm(turn, await instanceFor(turn, data.instanceId)));
  verbs.add('members.save', saveData, save);
}
