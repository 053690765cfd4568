import { ballotMailNotice } from './ballot-mail';
import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import {
  Ballot,
  BallotDraft,
  BallotErrors,
  PopulationWeights,
  populationWeights,
  secretBallotBarred,
  validateBallot,
  visibilityFor,
} from '../../domain/ballots/ballot';
import { DomainError } from '../../domain/errors';
import { Instance } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { channelRecipient, memberRecipients } from '../meetings/recipients';
import { BallotPresenters } from './ports';
import { count } from '../../domain/french-text';
import { frenchDateTime } from '../../domain/meetings/zoned-time';

export const BALLOT_OPEN_JOB = 'ballot.open';
export const BALLOT_CLOSE_JOB = 'ballot.close';
export const BALLOT_REMINDER_JOB = 'ballot.reminder';
export const DEFAULT_BALLOT_REMINDERS_MS = [24 * 3_600_000];

type Deps = Pick<AppDeps, 'governance' | 'ballots' | 'outbox' | 'clock' | 'wake' | 'timers'> &
  BallotPresenters & { ballotReminderOffsetsMs?: number[] };

export type OpenResult = { ok: false; errors: BallotErrors } | { ok: true; ballot: Ballot };

/** The ballot as it will be stored: voters are the instance's members, frozen now. */
export function ballotFor(input: {
  instance: Instance;
  draft: BallotDraft;
  openedBy: string;
  sittingId: string | null;
  circuitId: string | null;
  id?: string;
  serviceUrl: string | null;
  /** The centrale's. */
  timeZone: string;
  now: Date;
}): Ballot {
  const { instance, draft, openedBy, now, ...extra } = input;
  const opensAt = draft.opensAt && draft.opensAt.getTime() > now.getTime() ? draft.opensAt : now;
  return {
    id: extra.id ?? `scrutin-${randomUUID()}`,
    centraleId: instance.centraleId,
    instanceId: instance.id,
    instanceName: instance.name,
    subjectKind: draft.subjectKind,
    subject: draft.subject.trim(),
    question: draft.question.trim(),
    links: draft.links,
    choices: draft.choices.map((c) => c.trim()).filter(Boolean),
    opensAt: opensAt.toISOString(),
    closesAt: draft.closesAt!.toISOString(),
    secret: draft.secret,
    visibility: visibilityFor(draft.secret, draft.visibility),
    quorum: draft.quorum,
    majority: draft.majority,
    chairKey: draft.chairKey && instance.members.some((m) => m.personKey === draft.chairKey) ? draft.chairKey : null,
    reasonRequiredFor: draft.reasonForContre ? draft.choices.filter((c) => /^contre$/i.test(c.trim())) : [],
    voterKeys: instance.members.map((m) => m.personKey),
    organiserKeys: instance.members.filter((m) => m.organiser).map((m) => m.personKey),
    openedBy,
    sittingId: extra.sittingId,
    circuitId: extra.circuitId,
    status: opensAt.getTime() > now.getTime() ? 'programme' : 'ouvert',
    result: null,
    cancelReason: null,
    serviceUrl: extra.serviceUrl,
    timeZone: extra.timeZone,
    createdAt: now.toISOString(),
  };
}

/** An organiser opens a ballot (now, or at its opening time). */
export async function openBallot(
  deps: Deps & Pick<AppDeps, 'meetings'>,
  actor: Actor,
  input: {
    instanceId: string;
    draftId?: string;
    draft: BallotDraft;
    sittingId: string | null;
    serviceUrl: string | null;
  },
): Promise<OpenResult> {
  const person = requirePerson(actor);
  const instance = await deps.governance.getInstance(person.centraleId, input.instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownInstance, 'Cette instance n’existe pas dans votre centrale.');
  authorize(person, 'ballot.manage', { instance });
  if (instance.members.length === 0)
    throw new DomainError(
      ErrorCode.NoMembers,
      'Cette instance n’a pas encore de membres : tapez « membres » pour la composer.',
    );
  // The sitting whose pouvoirs vote, and the chair, are this instance's: never another's.
  if (input.sittingId) {
    const sitting = await deps.meetings.get(input.sittingId);
    if (!sitting || sitting.centraleId !== person.centraleId || sitting.instanceId !== instance.id)
      throw new DomainError(
        ErrorCode.UnknownSitting,
        'Cette séance n’est pas une séance de l’instance : choisissez une séance de l’instance, ou aucune.',
      );
    // CGCT L5211-11-1: with members taking part remotely, votes are public; a secret ballot asked
    // for sends the item to an in-person sitting.
    if (
      input.draft.secret &&
      instance.rules.remoteVotesNamed &&
      secretBallotBarred(instance.rules, sitting, await deps.meetings.answersOf(sitting.id))
    )
      throw new DomainError(
        ErrorCode.RemoteVoteIsPublic,
        'Des membres participent à distance à cette séance : le vote y est public et son résultat nomme les votants (CGCT L5211-11-1). Un scrutin secret demandé reporte le point à une séance en présentiel : convoquez-la, ou ouvrez un scrutin nominatif.',
      );
  }
  let population: PopulationWeights | null = null;
  if (input.draft.majority === 'double-maires') {
    const [people, members] = await Promise.all([
      deps.governance.listPeople(person.centraleId),
      deps.governance.listMembers(person.centraleId),
    ]);
    const weights = populationWeights(
      instance.members.map((m) => {
        const p = people.find((x) => x.key === m.personKey);
        return { key: m.personKey, name: p?.displayName ?? m.personKey, memberId: p?.memberId ?? null };
      }),
      members
        .filter((m) => m.kind === 'commune')
        .map((m) => ({ id: m.id, name: m.name, population: m.population ?? null })),
    );
    if (!weights.ok) throw new DomainError(ErrorCode.PopulationsUnknown, weights.message);
    population = weights.weights;
  }
  if (input.draft.chairKey && !instance.members.some((m) => m.personKey === input.draft.chairKey))
    throw new DomainError(
      ErrorCode.NotAMember,
      'Le président choisi ne siège pas dans l’instance : choisissez un de ses membres.',
    );
  const now = deps.clock.now();
  const checked = validateBallot(input.draft, now);
  if (!checked.ok) return checked;
  const ballot = ballotFor({
    instance,
    draft: input.draft,
    openedBy: person.key,
    sittingId: input.sittingId,
    circuitId: null,
    serviceUrl: input.serviceUrl,
    id: input.draftId && `scrutin-${input.draftId}`,
    timeZone: zoneOf(actor),
    now,
  });
  if (population) ballot.population = population;
  const earlier = input.draftId ? await deps.ballots.get(ballot.id) : null;
  if (earlier && (earlier.centraleId !== person.centraleId || earlier.openedBy !== person.key))
    throw new DomainError(
      ErrorCode.AlreadyOpened,
      'Ce formulaire a déjà servi : tapez « scrutin » pour un nouveau vote.',
    );
  return { ok: true, ballot: await startBallot(deps, ballot, instance) };
}

/**
 * Stores the ballot, plans its opening, closing and reminders, and publishes it if open. Started
 * again with the same id (a retried circuit step, a form sent again after a fault), it finishes
 * what the first start left undone: the timers and the notice have fixed ids.
 */
export async function startBallot(deps: Deps, draft: Ballot, instance: Instance): Promise<Ballot> {
  const created = await deps.ballots.create(draft);
  const ballot = created ? draft : await deps.ballots.get(draft.id);
  if (!ballot) return draft;
  // Written again by a retried start, the opening stays one line (a fixed act id).
  await deps.ballots.addEvent(
    ballot.id,
    {
      at: ballot.createdAt,
      by: ballot.openedBy,
      action: 'ouverture',
      detail: `${ballot.secret ? 'Scrutin secret' : 'Scrutin nominatif'} « ${ballot.subject} », ${count(ballot.voterKeys.length, 'votant', 'votants')}, clôture ${frenchDateTime(new Date(ballot.closesAt), ballot.timeZone)}${ballot.status === 'programme' ? `, ouverture prévue ${frenchDateTime(new Date(ballot.opensAt), ballot.timeZone)}` : ''}`,
    },
    'ouverture',
  );
  if (deps.timers) {
    if (ballot.status === 'programme')
      await deps.timers.schedule({
        id: `ouverture-${ballot.id}`,
        type: BALLOT_OPEN_JOB,
        dueAt: new Date(ballot.opensAt),
        payload: { ballotId: ballot.id },
      });
    await deps.timers.schedule({
      id: `cloture-${ballot.id}`,
      type: BALLOT_CLOSE_JOB,
      dueAt: new Date(ballot.closesAt),
      payload: { ballotId: ballot.id },
    });
    for (const offset of deps.ballotReminderOffsetsMs ?? DEFAULT_BALLOT_REMINDERS_MS) {
      const dueAt = new Date(Date.parse(ballot.closesAt) - offset);
      if (dueAt.getTime() > Math.max(Date.parse(ballot.opensAt), deps.clock.now().getTime())) {
        await deps.timers.schedule({
          id: `rappel-vote-${ballot.id}-${offset}`,
          type: BALLOT_REMINDER_JOB,
          dueAt,
          payload: { ballotId: ballot.id, offset },
        });
      }
    }
  }
  if (ballot.status === 'ouvert') await publishBallot(deps, ballot, instance);
  return ballot;
}

/** One card per voter (personal chat) and the shared card in the instance's channel. */
export async function publishBallot(deps: Deps, ballot: Ballot, instance: Instance) {
  const presenter = deps.presenters.ballots;
  const people = await deps.governance.listPeople(ballot.centraleId);
  const shared = presenter.shared(ballot, people, []);
  const tenantId = people.find((p) => p.key === ballot.openedBy)?.tenantId ?? people[0]?.tenantId ?? '';
  await enqueueNotice(deps, {
    noticeId: ballotNoticeId(ballot.id),
    centraleId: ballot.centraleId,
    senderKey: ballot.openedBy,
    title: `Scrutin : ${ballot.subject}`,
    payload: shared,
    serviceUrl: ballot.serviceUrl,
    recipients: [
      ...memberRecipients(people, ballot.voterKeys, (key) => presenter.personal(ballot, key, people)),
      ...channelRecipient(instance, tenantId, shared),
    ],
    mail: await ballotMailNotice(deps, 'opening', ballot),
  });
}

export const ballotNoticeId = (ballotId: string) => `scrutin-${ballotId}`;

/** The opening job of a ballot planned for later. */
export async function openPlannedBallot(deps: Deps, ballotId: string): Promise<void> {
  const ballot = await deps.ballots.update(ballotId, (b) =>
    b.status === 'programme' ? { ...b, status: 'ouvert' } : b,
  );
  const instance = await deps.governance.getInstance(ballot.centraleId, ballot.instanceId);
  // Publishing is idempotent (one notice id): a job retried after a crash publishes once.
  if (ballot.status === 'ouvert' && instance) await publishBallot(deps, ballot, instance);
}
