import { ErrorCode } from '../../domain/error-codes';
import { z } from 'zod';
import { assignRoles } from '../../app/governance/admin-actions';
import { rolesFormData } from '../../app/governance/queries';
import { isDomainError } from '../../domain/errors';
import { ROLES, ROLE_LABELS, isRole } from '../../domain/roles';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { NO_BACK } from '../back';
import { CommandRouter } from '../command-router';
import { messageCard } from '../replies';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { multiSelect } from './members';

const saveData = z.object({
  personKey: z.string({ error: 'Choisissez une personne.' }).min(1, 'Choisissez une personne.').max(300),
  roles: multiSelect.refine((r) => r.every(isRole), 'Un des rôles choisis n’existe pas.'),
  memberId: z.string().max(200).optional(),
});
type SaveData = z.infer<typeof saveData>;

async function rolesForm(turn: Turn, values?: Partial<SaveData> & { error?: string }): Promise<CardJson> {
  const { people, members } = await rolesFormData(turn.deps, turn.actor);
  const selected = values?.personKey ? people.find((p) => p.key === values.personKey) : undefined;
  return renderCard('roles.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    personKey: values?.personKey ?? '',
    people: people.map((p) => ({
      title: p.roles.length ? `${p.displayName} — ${p.roles.map((r) => ROLE_LABELS[r]).join(', ')}` : p.displayName,
      value: p.key,
    })),
    roleValues: (values?.roles ?? selected?.roles ?? []).join(','),
    roles: ROLES.map((r) => ({ title: ROLE_LABELS[r], value: r })),
    memberId: values?.memberId ?? selected?.memberId ?? '',
    members: members.map((m) => ({ title: m.name, value: m.id })),
    error: values?.error ?? '',
  });
}

async function save(turn: Turn, data: SaveData): Promise<CardJson> {
  try {
    const saved = await assignRoles(turn.deps, turn.actor, {
      personKey: data.personKey,
      roles: data.roles.filter(isRole),
      memberId: data.memberId || null,
    });
    return messageCard({
      title: 'Rôles enregistrés',
      text: `${cardText(saved.displayName)} : ${saved.roles.length ? saved.roles.map((r) => ROLE_LABELS[r]).join(', ') : 'aucun rôle'}.`,
      tone: 'good',
    });
  } catch (e) {
    if (!isDomainError(e) || e.code === ErrorCode.Forbidden || e.code === ErrorCode.NotRegistered) throw e;
    return rolesForm(turn, { ...data, error: e.userMessage });
  }
}

export function registerRoles(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['rôles', 'roles', 'rôle', 'role'], async (turn) => turn.reply(await rolesForm(turn)));
  verbs.add('roles.save', saveData, save);
}
