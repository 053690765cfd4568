import { ErrorCode } from '../../domain/error-codes';
import { isDomainError } from '../../domain/errors';
import { Person } from '../../domain/governance';
import { Answer, AttendanceChoice, isAttendanceChoice } from '../../domain/meetings/attendance';
import { assertMinutesOpen } from '../../domain/meetings/minutes';
import { Sitting } from '../../domain/meetings/sitting';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { assertOrganiser, sittingOfCentrale } from './organised-sitting';
import { MeetingPresenters } from './ports';
import { recordSittingMinutes } from './record-sitting-minutes';

/** What the relevé form shows: one line per member (with their answer), one decision per item. */
export interface MinutesFormData {
  sitting: Sitting;
  people: Person[];
  answers: Answer[];
}

const isChoice = isAttendanceChoice;

/** Organisers only, once the sitting has begun (and never for a cancelled one). */
async function formOf(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  person: Person,
  sitting: Sitting,
): Promise<MinutesFormData> {
  await assertOrganiser(deps, person, sitting);
  assertMinutesOpen(sitting, deps.clock.now());
  const people = await deps.governance.listPeople(sitting.centraleId);
  return { sitting, people, answers: await deps.meetings.answersOf(sitting.id) };
}

/** « Relevé de décisions »: the form's data. */
export async function minutesForm(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  sittingId: string,
): Promise<MinutesFormData> {
  const person = requirePerson(actor);
  return formOf(deps, person, await sittingOfCentrale(deps, person, sittingId));
}

export type MinutesOutcome =
  { ok: true; sitting: Sitting; channelName: string | null } | { ok: false; error: string; form: MinutesFormData };

/**
 * The relevé as the form sends it: attendance and decisions by position (member n, item n). A
 * mistake the organiser can fix comes back with the form; not finding the sitting or not being
 * its organiser stays a refusal.
 */
export async function recordMinutesFromForm(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> & MeetingPresenters,
  actor: Actor,
  input: {
    sittingId: string;
    attendance: Record<number, string>;
    decisions: Record<number, string>;
    serviceUrl: string | null;
  },
): Promise<MinutesOutcome> {
  const person = requirePerson(actor);
  const s = await sittingOfCentrale(deps, person, input.sittingId);
  const attendance: Record<string, AttendanceChoice> = {};
  for (const [n, key] of s.memberKeys.entries()) {
    const value = input.attendance[n] ?? 'absent';
    if (!isChoice(value))
      return { ok: false, error: 'Présence inconnue : choisissez dans la liste.', form: await formOf(deps, person, s) };
    attendance[key] = value;
  }
  try {
    const minutes = { attendance, decisions: s.agenda.map((_, n) => input.decisions[n] ?? '') };
    return {
      ok: true,
      ...(await recordSittingMinutes(deps, actor, { sittingId: s.id, minutes, serviceUrl: input.serviceUrl })),
    };
  } catch (e) {
    if (isDomainError(e) && ![ErrorCode.UnknownSitting, ErrorCode.Forbidden].includes(e.code))
      return { ok: false, error: e.userMessage, form: await formOf(deps, person, s) };
    throw e;
  }
}
