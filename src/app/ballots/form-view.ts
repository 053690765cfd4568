import { ErrorCode } from '../../domain/error-codes';
import { Ballot, BallotDraft, BallotErrors } from '../../domain/ballots/ballot';
import { DomainError } from '../../domain/errors';
import { Instance, Person } from '../../domain/governance';
import { Sitting } from '../../domain/meetings/sitting';
import { can } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { ManageView, manageView } from './manage-view';
import { openBallot } from './open-ballot';
import { BallotPresenters } from './ports';
import { BALLOT_FORM_SITTINGS_FROM_MS } from '../../domain/listing-windows';

/** What the form offers: the instances the actor organises, its members, the sittings whose proxies may vote. */
export interface BallotFormView {
  instances: Instance[];
  /** The one chosen (or the first). */
  instance: Instance;
  people: Person[];
  /** Upcoming sittings of that instance, not cancelled, with proxies. */
  sittings: Sitting[];
  now: Date;
  /** The centrale's, for the default closing date. */
  timeZone: string;
}

export async function ballotFormView(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  instanceId?: string,
): Promise<BallotFormView> {
  const person = requirePerson(actor);
  const instances = (await deps.governance.listInstances(person.centraleId)).filter((instance) =>
    can(person, 'ballot.manage', { instance }),
  );
  if (instances.length === 0)
    throw new DomainError(
      ErrorCode.NotOrganiser,
      'Vous n’organisez aucune instance : seuls ses organisateurs ouvrent un scrutin.',
    );
  const instance = instances.find((i) => i.id === instanceId) ?? instances[0]!;
  const people = await deps.governance.listPeople(person.centraleId);
  const now = deps.clock.now();
  const sittings = (
    await deps.meetings.upcomingFor(
      person.centraleId,
      person.key,
      new Date(now.getTime() - BALLOT_FORM_SITTINGS_FROM_MS),
    )
  ).filter((s) => s.instanceId === instance.id && s.status !== 'annulee' && s.proxiesAllowed);
  return { instances, instance, people, sittings, now, timeZone: zoneOf(actor) };
}

export type FormOutcome =
  { ok: false; form: BallotFormView; errors: BallotErrors } | { ok: true; ballot: Ballot; manage: ManageView };

/**
 * The form sent: errors (the form's own, such as an unreadable date, then the domain's) send
 * it back with what was typed; else the ballot opens and the organiser gets its follow-up.
 */
export async function openFromForm(
  deps: Parameters<typeof openBallot>[0] & Pick<AppDeps, 'meetings' | 'circuits'> & BallotPresenters,
  actor: Actor,
  input: {
    instanceId: string;
    draftId?: string;
    draft: BallotDraft;
    formErrors: BallotErrors;
    sittingId: string | null;
    serviceUrl: string | null;
  },
): Promise<FormOutcome> {
  const { formErrors, ...request } = input;
  if (Object.keys(formErrors).length)
    return { ok: false, form: await ballotFormView(deps, actor, input.instanceId), errors: formErrors };
  const result = await openBallot(deps, actor, request);
  if (!result.ok)
    return { ok: false, form: await ballotFormView(deps, actor, input.instanceId), errors: result.errors };
  return { ok: true, ballot: result.ballot, manage: await manageView(deps, actor, result.ballot) };
}
