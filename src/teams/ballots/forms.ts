import { randomUUID } from 'crypto';
import { z } from 'zod';
import { BallotFormView } from '../../app/ballots/form-view';
import { BallotDraft, BallotErrors, DEFAULT_CHOICES, SUBJECT_LABELS, SubjectKind } from '../../domain/ballots/ballot';
import { parseLocalDate, zonedInstant, addDays, formatLocalDate, localDateOf } from '../../domain/meetings/zoned-time';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { NO_BACK } from '../back';
import { draftIdField, lines, optionalText, toggle } from '../form-fields';

export const ballotFormData = z.object({
  draftId: draftIdField,
  instanceId: z.string({ error: 'Choisissez une instance.' }).min(1, 'Choisissez une instance.').max(200),
  subjectKind: z.enum(['programme', 'objectifs', 'strategie', 'bilan', 'libre']).optional().default('libre'),
  subject: optionalText(200, 'Objet'),
  question: optionalText(1000, 'Question soumise au vote'),
  links: optionalText(2000, 'Documents'),
  choices: optionalText(300, 'Choix'),
  closeDate: optionalText(20),
  closeTime: optionalText(10),
  openDate: optionalText(20),
  openTime: optionalText(10),
  secret: toggle,
  visibility: z.enum(['live', 'apres-vote', 'apres-cloture']).optional().default('apres-vote'),
  quorum: z.enum(['aucun', 'majorite-des-membres', 'moitie-des-membres']).optional().default('aucun'),
  majority: z.enum(['absolue', 'relative', 'deux-tiers', 'double-maires']).optional().default('absolue'),
  chairKey: optionalText(300),
  reasonForContre: toggle,
  sittingId: optionalText(200),
});
export type BallotFormData = z.infer<typeof ballotFormData>;

export const SUBJECT_CHOICES = (Object.keys(SUBJECT_LABELS) as SubjectKind[]).map((k) => ({
  title: SUBJECT_LABELS[k],
  value: k,
}));

function instant(date: string, time: string, timeZone: string): Date | null | 'invalid' {
  if (!date.trim() && !time.trim()) return null;
  const d = parseLocalDate(date.trim());
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time.trim() || '00:00');
  if (!d || !t) return 'invalid';
  return zonedInstant(d, Number(t[1]), Number(t[2]), timeZone) ?? 'invalid';
}

/** The form's data as the domain's draft; date errors are reported with the others. */
export function ballotDraftOf(data: BallotFormData, timeZone: string): { draft: BallotDraft; errors: BallotErrors } {
  const errors: BallotErrors = {};
  const closes = instant(data.closeDate, data.closeTime, timeZone);
  const opens = instant(data.openDate, data.openTime, timeZone);
  if (closes === 'invalid') errors.closesAt = 'Indiquez une date et une heure de clôture valides.';
  if (opens === 'invalid') errors.opensAt = 'Indiquez une date et une heure d’ouverture valides, ou laissez vide.';
  const quorum = data.quorum === 'aucun' ? { kind: 'aucun' as const } : { kind: data.quorum, countsRepresented: true };
  return {
    errors,
    draft: {
      subjectKind: data.subjectKind,
      subject: data.subject,
      question: data.question,
      links: lines(data.links),
      choices: lines(data.choices).length ? lines(data.choices) : DEFAULT_CHOICES,
      opensAt: opens instanceof Date ? opens : null,
      closesAt: closes instanceof Date ? closes : null,
      secret: data.secret,
      visibility: data.visibility,
      quorum,
      majority: data.majority,
      chairKey: data.chairKey || null,
      reasonForContre: data.reasonForContre,
    },
  };
}

/** What the form sent, as it came (a text over its limit): shown again as typed. */
export const typedBallotForm = (typed: Record<string, string>): Partial<BallotFormData> =>
  ({
    ...typed,
    secret: typed.secret === 'true',
    reasonForContre: typed.reasonForContre === 'true',
  }) as Partial<BallotFormData>;

/** The form, with what was typed kept and errors next to their fields. */
export function ballotFormCard(
  view: BallotFormView,
  values: Partial<BallotFormData>,
  errors: BallotErrors = {},
): CardJson {
  const { instances, instance, people, now, timeZone } = view;
  const sittings = view.sittings.map((s) => ({
    title: `Séance du ${frenchDateTime(new Date(s.startsAt), s.timeZone)}`,
    value: s.id,
  }));
  const all = ['subject', 'question', 'links', 'choices', 'closesAt', 'opensAt'] as const;
  return renderCard('ballot.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    draftId: values.draftId || randomUUID(),
    instanceId: instance.id,
    instances: instances.map((i) => ({ title: i.name, value: i.id })),
    subjectKind: values.subjectKind ?? 'programme',
    kinds: SUBJECT_CHOICES,
    subject: values.subject ?? '',
    question: values.question ?? '',
    links: values.links ?? '',
    choices: values.choices || DEFAULT_CHOICES.join('\n'),
    closeDate: values.closeDate || formatLocalDate(addDays(localDateOf(now, timeZone), 7)),
    closeTime: values.closeTime || '18:00',
    openDate: values.openDate ?? '',
    openTime: values.openTime ?? '',
    secret: String(values.secret ?? false),
    visibility: values.visibility ?? 'apres-vote',
    quorum: values.quorum ?? instance.rules.quorum.kind,
    majority: values.majority ?? 'absolue',
    chairKey: values.chairKey || (instance.members.find((m) => m.organiser)?.personKey ?? ''),
    members: instance.members.map((m) => ({
      title: cardText(people.find((p) => p.key === m.personKey)?.displayName ?? m.personKey),
      value: m.personKey,
    })),
    reasonForContre: String(values.reasonForContre ?? false),
    sittings: sittings.length ? [{ title: 'aucune (pas de pouvoirs)', value: '' }, ...sittings] : [],
    sittingId: values.sittingId ?? '',
    errors: Object.fromEntries(all.map((k) => [k, errors[k] ? cardText(errors[k]!) : ''])),
    // « Options avancées » open by themselves when one of their fields is refused.
    showAdvanced: !!(errors.choices || errors.opensAt),
  });
}
