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
import { commaList } from '../form-fields';
import { deName } from '../../domain/french-format';
import { DELIVERY_CHOICES } from '../../domain/email';
import { DELIVERY_PREFERENCES } from '../../domain/governance';

const roleList = multiSelect.refine((r) => r.every(isRole), 'Un des rôles choisis n’existe pas.');
const saveData = z.object({
  personKey: z.string({ error: 'Choisissez une personne.' }).min(1, 'Choisissez une personne.').max(300),
  roles: roleList,
  memberId: z.string().max(200).optional(),
  /** What the form showed ticked and selected (absent from forms sent before it carried them). */
  shownRoles: z.string().max(2000).optional(),
  shownMemberId: z.string().max(200).optional(),
  /** The address as typed (checked by the domain); absent from forms sent before it carried one. */
  email: z.string().max(400).optional(),
  delivery: z.enum(DELIVERY_PREFERENCES).optional(),
  shownEmail: z.string().max(400).optional(),
  shownDelivery: z.enum(DELIVERY_PREFERENCES).optional(),
});
type SaveData = z.infer<typeof saveData>;
const personData = z.object({ personKey: z.string().max(300).optional().default('') });

/**
 * The roles form. Without a person chosen, a picker; with one, their roles ticked and their commune
 * selected as stored (or as sent back with a refusal), and what the form showed carried in the
 * button's data, so that saving changes only what the administrator changed.
 */
async function rolesForm(turn: Turn, values: Partial<SaveData> & { error?: string } = {}): Promise<CardJson> {
  const { people, members } = await rolesFormData(turn.deps, turn.actor);
  const selected = values.personKey ? people.find((p) => p.key === values.personKey) : undefined;
  const unknown = !!values.personKey && !selected;
  const shownRoles = values.shownRoles ?? selected?.roles.join(',') ?? '';
  const shownMemberId = values.shownMemberId ?? selected?.memberId ?? '';
  const shownEmail = values.shownEmail ?? selected?.email ?? '';
  const shownDelivery = values.shownDelivery ?? selected?.delivery ?? 'teams';
  return renderCard('roles.form', {
    chosen: !!selected,
    heading: selected ? `Rôles ${deName(cardText(selected.displayName))}` : 'Rôles dans la centrale',
    intro: selected
      ? 'Cochez ou décochez les rôles, choisissez la commune d’un référent : ce que vous ne changez pas est gardé.'
      : 'Choisissez une personne : la carte affiche alors ses rôles et sa commune, à compléter ou corriger.',
    personKey: selected?.key ?? '',
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    people: people.map((p) => ({
      title: p.roles.length ? `${p.displayName} — ${p.roles.map((r) => ROLE_LABELS[r]).join(', ')}` : p.displayName,
      value: p.key,
    })),
    roleValues: (values.roles ?? selected?.roles ?? []).join(','),
    roles: ROLES.map((r) => ({ title: ROLE_LABELS[r], value: r })),
    memberId: values.memberId ?? selected?.memberId ?? '',
    members: members.map((m) => ({ title: m.name, value: m.id })),
    shownRoles,
    shownMemberId,
    email: values.email ?? selected?.email ?? '',
    delivery: values.delivery ?? selected?.delivery ?? 'teams',
    deliveries: DELIVERY_PREFERENCES.map((d) => ({ title: DELIVERY_CHOICES[d], value: d })),
    shownEmail,
    shownDelivery,
    error: unknown
      ? 'Cette personne n’est pas enregistrée dans la centrale : choisissez-en une dans la liste.'
      : cardText(values.error ?? ''),
  });
}

async function save(turn: Turn, data: SaveData): Promise<CardJson> {
  try {
    const saved = await assignRoles(turn.deps, turn.actor, {
      personKey: data.personKey,
      roles: data.roles.filter(isRole),
      memberId: data.memberId || null,
      ...(data.email === undefined ? {} : { email: data.email }),
      ...(data.delivery === undefined ? {} : { delivery: data.delivery }),
      ...(data.shownRoles === undefined
        ? {}
        : {
            shown: {
              roles: commaList(data.shownRoles).filter(isRole),
              memberId: data.shownMemberId || null,
              ...(data.shownEmail === undefined ? {} : { email: data.shownEmail.trim() || null }),
              ...(data.shownDelivery === undefined ? {} : { delivery: data.shownDelivery }),
            },
          }),
    });
    const card = messageCard({
      title: 'Rôles enregistrés',
      text:
        `${cardText(saved.displayName)} : ${saved.roles.length ? saved.roles.map((r) => ROLE_LABELS[r]).join(', ') : 'aucun rôle'}.` +
        `\n\nAdresse e-mail : ${saved.email ? cardText(saved.email) : 'aucune'}. Envoi des convocations : ${DELIVERY_CHOICES[saved.delivery ?? 'teams']}.`,
      tone: 'good',
    });
    // The way on: the roles of someone else (the form, no one chosen).
    const other = { type: 'Action.Execute', title: 'Rôles d’une autre personne', verb: 'roles.person' };
    return { ...card, actions: [{ ...other, data: { personKey: '' } }] };
  } catch (e) {
    if (!isDomainError(e) || e.code === ErrorCode.Forbidden || e.code === ErrorCode.NotRegistered) throw e;
    return rolesForm(turn, { ...data, error: e.userMessage });
  }
}

export function registerRoles(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('roles', (turn) => rolesForm(turn));
  verbs.add('roles.person', personData, async (turn, d) => rolesForm(turn, { personKey: d.personKey }));
  verbs.add('roles.save', saveData, save);
}
