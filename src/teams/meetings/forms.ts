import { randomUUID } from 'crypto';
import { z } from 'zod';
import { SittingFormChoices, sittingEditForm, sittingFormChoices } from '../../app/meetings/sitting-form';
import { Resend } from '../verb-router';
import { zoneOf } from '../../app/time-zone';
import { AgendaItem, DraftErrors, Sitting, SittingDraft, draftOf } from '../../domain/meetings/sitting';
import { describeRules } from '../../domain/rules';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { Back, NO_BACK, back } from '../back';
import { Turn } from '../turn';
import { draftIdField, optionalText, toggle } from '../form-fields';

/** What every card about one sitting sends. */
export const sittingIdData = z.object({ sittingId: z.string().min(1).max(200) });

/** What the convocation form sends (creation and change alike). */
export const meetingFormData = z.object({
  instanceId: z.string({ error: 'Choisissez une instance.' }).min(1, 'Choisissez une instance.').max(200),
  sittingId: z.string().max(200).optional().default(''),
  draftId: draftIdField,
  date: optionalText(20),
  time: optionalText(10),
  mode: z.enum(['presentiel', 'distanciel', 'mixte']).optional().default('presentiel'),
  place: optionalText(300, 'Lieu'),
  onlineLink: optionalText(1000, 'Lien de la réunion en ligne'),
  agenda: optionalText(4000, 'Ordre du jour'),
  note: optionalText(2000, 'Note'),
  remoteAllowed: toggle,
  proxiesAllowed: toggle,
  urgency: toggle,
  urgencyReason: optionalText(500, 'Raison de l’urgence'),
  /** A second convocation after a missed quorum: the first sitting's id. */
  secondOf: z.string().max(200).optional().default(''),
});
export type MeetingFormData = z.infer<typeof meetingFormData>;

/** "Titre ; rapporteur ; https://lien https://autre", one item per line. */
export function parseAgenda(raw: string): AgendaItem[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [title = '', rapporteur = '', ...rest] = line.split(';').map((p) => p.trim());
      return { title, rapporteur, links: rest.join(' ').split(/\s+/).filter(Boolean) };
    });
}

export const agendaText = (items: AgendaItem[]) =>
  items.map((i) => [i.title, i.rapporteur, i.links.join(' ')].join(' ; ').replace(/( ; )+$/, '')).join('\n');

export function draftFromForm(turn: Turn, data: MeetingFormData): SittingDraft {
  return {
    date: data.date,
    time: data.time,
    timeZone: zoneOf(turn.actor),
    mode: data.mode,
    place: data.place,
    onlineLink: data.onlineLink,
    agenda: parseAgenda(data.agenda),
    note: data.note,
    remoteAllowed: data.remoteAllowed,
    proxiesAllowed: data.proxiesAllowed,
    urgency: data.urgency,
    urgencyReason: data.urgencyReason,
  };
}

/** The form of a stored sitting, to change it. */
export function formValuesOf(s: Sitting): Partial<MeetingFormData> {
  const d = draftOf(s);
  return { ...d, instanceId: s.instanceId, sittingId: s.id, agenda: agendaText(d.agenda) };
}

/** Input.Toggle sends "true" / "false"; absent, the form shows the instance's rule. */
const toggled = (v: string | undefined) => (v === undefined ? undefined : v === 'true');

/**
 * The form again when a text is over its limit, as it was typed: the change of a sitting, or a
 * new convocation of the instance chosen.
 */
export const meetingResend: Resend = {
  fields: ['place', 'onlineLink', 'agenda', 'note', 'urgencyReason'],
  card: async (turn, typed, tooLong) => {
    const choices = typed.sittingId
      ? (await sittingEditForm(turn.deps, turn.actor, typed.sittingId)).choices
      : await sittingFormChoices(turn.deps, turn.actor, { instanceId: typed.instanceId, editing: false });
    const { urgencyReason, ...errors } = tooLong;
    const values = {
      ...typed,
      remoteAllowed: toggled(typed.remoteAllowed),
      proxiesAllowed: toggled(typed.proxiesAllowed),
      urgency: toggled(typed.urgency),
    } as Partial<MeetingFormData>;
    return meetingForm(values, choices, { ...errors, ...(urgencyReason ? { urgency: urgencyReason } : {}) });
  },
};

/** The fields under « Options avancées » that may carry an error. */
const ADVANCED = ['note', 'urgency', 'remoteAllowed', 'proxiesAllowed'] as const;

/** A change, or a second convocation, goes back to the sitting's forecast; a new convocation to nothing. */
function formBack(values: Partial<MeetingFormData>): Back {
  const sittingId = values.sittingId || values.secondOf;
  return sittingId ? back('meeting.forecast', { sittingId }) : NO_BACK;
}

/**
 * The convocation form, filled with what was typed (or sensible defaults) and the errors next
 * to their fields. With a sitting id it changes that sitting (its instance is fixed).
 */
export function meetingForm(
  values: Partial<MeetingFormData>,
  choices: SittingFormChoices,
  errors: DraftErrors & { note?: string } = {},
): CardJson {
  const editing = !!values.sittingId;
  const { instance, instances } = choices;
  const all = [
    'date',
    'time',
    'place',
    'onlineLink',
    'agenda',
    'note',
    'urgency',
    'remoteAllowed',
    'proxiesAllowed',
  ] as const;
  const second = !editing && !!values.secondOf;
  return renderCard('meeting.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: formBack(values),
    heading: editing
      ? 'Modifier la séance'
      : second
        ? 'Deuxième convocation, sans condition de quorum'
        : 'Convoquer une séance',
    secondOf: second ? values.secondOf : '',
    submitTitle: editing ? 'Enregistrer et prévenir les membres' : 'Convoquer',
    submitVerb: editing ? 'meeting.update' : 'meeting.create',
    sittingId: values.sittingId ?? '',
    draftId: values.draftId || randomUUID(),
    rulesText: cardText(
      second
        ? `${instance.name} : le quorum n’a pas été atteint. Cette séance, trois jours au moins après la première et sur le même ordre du jour, délibère sans condition de quorum (CGCT L2121-17).`
        : `${instance.name} : ${describeRules(instance.rules)}.`,
    ),
    instanceId: instance.id,
    choices: instances.map((i) => ({ title: i.name, value: i.id })),
    date: values.date || choices.defaultDate,
    time: values.time || '09:30',
    mode: values.mode ?? 'presentiel',
    place: values.place ?? '',
    onlineLink: values.onlineLink ?? '',
    agenda: values.agenda ?? '',
    note: values.note ?? '',
    remoteAllowed: String(values.remoteAllowed ?? instance.rules.remoteAllowed),
    proxiesAllowed: String(values.proxiesAllowed ?? instance.rules.proxies.allowed),
    urgency: String(values.urgency ?? false),
    urgencyReason: values.urgencyReason ?? '',
    errors: Object.fromEntries(all.map((k) => [k, errors[k] ? cardText(errors[k]!) : ''])),
    // « Options avancées » open by themselves when one of their fields is refused.
    showAdvanced: ADVANCED.some((k) => !!errors[k]),
  });
}
