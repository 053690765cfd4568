import { z } from 'zod';
import { composeInstance } from '../../app/governance/admin-actions';
import { instanceToCompose, instancesToCompose, memberCandidates } from '../../app/governance/queries';
import { isDomainError } from '../../domain/errors';
import { Instance } from '../../domain/governance';
import { keyOf } from '../../domain/identity';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { NO_BACK, TO_GOVERNANCE } from '../back';
import { CommandRouter } from '../command-router';
import { messageCard } from '../replies';
import { rosterCandidates } from '../roster';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { instanceForCommand } from './instance-target';
import { count } from '../../domain/french-text';

/** A multi-select ChoiceSet sends its values as one comma-separated string. */
export const multiSelect = z
  .string()
  .max(20_000)
  .optional()
  .transform((s) =>
    s
      ? s
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
      : [],
  );

const editData = z.object({
  instanceId: z.string({ error: 'Choisissez une instance.' }).min(1, 'Choisissez une instance.'),
});
const saveData = editData.extend({ members: multiSelect, organisers: multiSelect });

async function membersForm(
  turn: Turn,
  instance: Instance,
  values?: { members: string[]; organisers: string[]; error: string },
): Promise<CardJson> {
  const candidates = await memberCandidates(turn.deps, turn.actor, {
    instance,
    scope: turn.scope,
    roster: await rosterCandidates(turn),
  });
  return renderCard('members.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    instanceId: instance.id,
    instanceName: instance.name,
    choices: candidates.map((c) => ({
      title: c.email ? `${c.displayName} (${c.email})` : c.displayName,
      value: keyOf(c),
    })),
    memberValues: (values?.members ?? instance.members.map((m) => m.personKey)).join(','),
    organiserValues: (values?.organisers ?? instance.members.filter((m) => m.organiser).map((m) => m.personKey)).join(
      ',',
    ),
    error: values?.error ?? '',
  });
}

async function chooseInstance(turn: Turn): Promise<CardJson> {
  const instances = await instancesToCompose(turn.deps, turn.actor);
  return renderCard('instance.choose', {
    title: 'Membres d’une instance',
    text: 'Quelle instance voulez-vous composer ?',
    verb: 'members.edit',
    choices: instances.map((i) => ({ title: i.name, value: i.id })),
  });
}

async function save(turn: Turn, data: z.infer<typeof saveData>): Promise<CardJson> {
  const instance = await instanceToCompose(turn.deps, turn.actor, data.instanceId);
  try {
    const { saved, names } = await composeInstance(turn.deps, turn.actor, {
      instance,
      scope: turn.scope,
      roster: await rosterCandidates(turn),
      memberKeys: data.members,
      organiserKeys: data.organisers,
    });
    const card = messageCard({
      title: 'Membres enregistrés',
      text: `« ${cardText(saved.name)} » compte ${count(saved.members.length, 'membre', 'membres')}.`,
      facts: saved.members.map((m) => ({
        title: cardText(names.get(m.personKey) ?? m.personKey),
        value: m.organiser ? 'organisateur·rice' : 'membre',
      })),
      tone: 'good',
    });
    return { ...card, actions: [TO_GOVERNANCE] };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    // Keep what was ticked: the form comes back with the message.
    return membersForm(turn, instance, { members: data.members, organisers: data.organisers, error: e.userMessage });
  }
}

export function registerMembers(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('instance.members', async (turn, request) => {
    const target = await instanceForCommand(turn, request);
    return target ? membersForm(turn, await instanceToCompose(turn.deps, turn.actor, target.id)) : chooseInstance(turn);
  });
  verbs.add('members.edit', editData, async (turn, data) =>
    membersForm(turn, await instanceToCompose(turn.deps, turn.actor, data.instanceId)),
  );
  verbs.add('members.save', saveData, save);
}
