import { ErrorCode } from '../../domain/error-codes';
import { instanceForCommand } from '../governance/queries';
import { DomainError } from '../../domain/errors';
import { Instance } from '../../domain/governance';
import { Sitting, earliestSecondSitting, mayReconvene, revisionBlocker } from '../../domain/meetings/sitting';
import {
  LocalDate,
  addDays,
  daysBetween,
  formatLocalDate,
  localDateOf,
  parseLocalDate,
} from '../../domain/meetings/zoned-time';
import { can } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { assertOrganiser, sittingOfCentrale } from './organised-sitting';

/** What the convocation form offers: the instances one may convene, the one shown, its default date. */
export interface SittingFormChoices {
  /** The instances the actor organises (only the sitting's own when changing it). */
  instances: Instance[];
  instance: Instance;
  /** YYYY-MM-DD: by default the first day the instance's notice allows, so the date works as it is. */
  defaultDate: string;
}

/** Saturdays and Sundays count as jours francs, but a default sitting date falls on a weekday. */
function firstWorkingDayFrom(d: LocalDate): LocalDate {
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return weekday === 6 ? addDays(d, 2) : weekday === 0 ? addDays(d, 1) : d;
}

/** The form's choices; « not-organiser » when the actor organises no instance (none to convene). */
export async function sittingFormChoices(
  deps: Pick<AppDeps, 'governance' | 'clock'>,
  actor: Actor,
  target: { instanceId?: string; editing: boolean },
  listed?: Instance[],
): Promise<SittingFormChoices> {
  const person = requirePerson(actor);
  const instances = (listed ?? (await deps.governance.listInstances(person.centraleId)))
    .filter((instance) => can(person, 'meeting.convene', { instance }))
    .filter((instance) => !target.editing || instance.id === target.instanceId);
  if (instances.length === 0) {
    throw new DomainError(
      ErrorCode.NotOrganiser,
      'Vous n’organisez aucune instance : seuls les organisateurs d’une instance la convoquent.',
    );
  }
  const instance = instances.find((i) => i.id === target.instanceId) ?? instances[0]!;
  const today = localDateOf(deps.clock.now(), zoneOf(actor));
  return {
    instances,
    instance,
    defaultDate: formatLocalDate(firstWorkingDayFrom(addDays(today, instance.rules.noticeDays + 1))),
  };
}

/**
 * « convoquer [instance] »: the form for the instance named after the command, else the one
 * this conversation is linked to, else the first the actor organises.
 */
export async function conveneForm(
  deps: Pick<AppDeps, 'governance' | 'directory' | 'clock'>,
  actor: Actor,
  input: { instanceId?: string; conversationId: string },
): Promise<SittingFormChoices> {
  const target = await instanceForCommand(deps, actor, input);
  return sittingFormChoices(deps, actor, { instanceId: target?.id, editing: false });
}

/** « Modifier la séance »: the sitting as it stands, for its organisers, before it starts. */
export async function sittingEditForm(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  sittingId: string,
): Promise<{ sitting: Sitting; choices: SittingFormChoices }> {
  const person = requirePerson(actor);
  const sitting = await sittingOfCentrale(deps, person, sittingId);
  await assertOrganiser(deps, person, sitting);
  const blocked = revisionBlocker(sitting, deps.clock.now());
  if (blocked) throw new DomainError(blocked.code, blocked.message);
  return { sitting, choices: await sittingFormChoices(deps, actor, { instanceId: sitting.instanceId, editing: true }) };
}

/**
 * « Convoquer à nouveau, sans quorum » (CGCT L2121-17): after a sitting whose relevé shows the
 * quorum missed, its organisers get the form of the second convocation: same instance, same
 * agenda, the first date both the three-day interval and the notice allow.
 */
export async function reconveneForm(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  sittingId: string,
): Promise<{ first: Sitting; choices: SittingFormChoices }> {
  const person = requirePerson(actor);
  const first = await sittingOfCentrale(deps, person, sittingId);
  await assertOrganiser(deps, person, first);
  if (!mayReconvene(first)) throw new DomainError(ErrorCode.NoSecondConvocation);
  const choices = await sittingFormChoices(deps, actor, { instanceId: first.instanceId, editing: true });
  const byNotice = parseLocalDate(choices.defaultDate)!;
  const byInterval = earliestSecondSitting(first);
  const date = daysBetween(byNotice, byInterval) > 0 ? firstWorkingDayFrom(byInterval) : byNotice;
  return { first, choices: { ...choices, defaultDate: formatLocalDate(date) } };
}
