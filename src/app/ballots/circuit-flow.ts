import { ErrorCode } from '../../domain/error-codes';
import { DEFAULT_CHOICES } from '../../domain/ballots/ballot';
import {
  Circuit,
  STAGE_KIND_LABELS,
  StageKind,
  currentStage,
  endStage,
  newCircuit,
  startNextStage,
} from '../../domain/ballots/circuit';
import { DomainError, isDomainError } from '../../domain/errors';
import { sameTimeDaysLater } from '../../domain/local-date';
import { authorize } from '../../domain/permissions';
import { enqueueNotice, updatePostedCard } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { channelRecipient, memberRecipients } from '../meetings/recipients';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { ballotFor, startBallot } from './open-ballot';
import { BallotPresenters } from './ports';

type BaseDeps = Pick<AppDeps, 'governance' | 'ballots' | 'circuits' | 'outbox' | 'clock' | 'wake' | 'timers'>;
export type CircuitDeps = BaseDeps & BallotPresenters;

export const circuitNoticeId = (c: Pick<Circuit, 'id'>) => `circuit-${c.id}`;

export interface CircuitLaunch {
  id: string;
  subjectKind: string;
  subject: string;
  links: string[];
  voteDays: number;
  stages: Array<{ instanceId: string; kind: StageKind }>;
  serviceUrl: string | null;
}

/** The owner launches a circuit; its first stage starts at once. */
export async function startCircuit(deps: CircuitDeps, actor: Actor, input: CircuitLaunch): Promise<Circuit> {
  const person = requirePerson(actor);
  authorize(person, 'circuit.start');
  const stages = [];
  for (const s of input.stages) {
    const instance = await deps.governance.getInstance(person.centraleId, s.instanceId);
    if (!instance)
      throw new DomainError(
        ErrorCode.UnknownInstance,
        'Une étape désigne une instance inconnue : rouvrez le formulaire.',
      );
    if (instance.members.length === 0)
      throw new DomainError(
        ErrorCode.NoMembers,
        `« ${instance.name} » n’a pas encore de membres : composez-la (« membres ») avant de lancer le circuit.`,
      );
    stages.push({ instanceId: instance.id, instanceName: instance.name, kind: s.kind });
  }
  if (!Number.isInteger(input.voteDays) || input.voteDays < 1 || input.voteDays > 60)
    throw new DomainError(
      ErrorCode.BadVoteDays,
      'Indiquez la durée de chaque vote : un nombre entier de jours, de 1 à 60.',
    );
  const now = deps.clock.now();
  const circuit = newCircuit(
    {
      id: input.id,
      centraleId: person.centraleId,
      subjectKind: input.subjectKind,
      subject: input.subject,
      links: input.links,
      ownerKey: person.key,
      voteDays: input.voteDays,
      serviceUrl: input.serviceUrl,
      timeZone: zoneOf(actor),
      stages,
    },
    now,
  );
  await deps.circuits.create(circuit);
  await deps.ballots.addEvent(
    circuit.id,
    {
      at: now.toISOString(),
      by: person.key,
      action: 'circuit',
      detail: `Circuit lancé : ${stages.map((s) => `${s.instanceName} (${STAGE_KIND_LABELS[s.kind]})`).join(' → ')}`,
    },
    'lancement',
  );
  const people = await deps.governance.listPeople(circuit.centraleId);
  await enqueueNotice(deps, {
    noticeId: circuitNoticeId(circuit),
    centraleId: circuit.centraleId,
    senderKey: person.key,
    title: `Circuit de validation : ${circuit.subject}`,
    payload: deps.presenters.ballots.circuitStatus(circuit, people),
    serviceUrl: input.serviceUrl,
    recipients: memberRecipients(people, [person.key], () => deps.presenters.ballots.circuitStatus(circuit, people)),
  });
  return proceed(deps, circuit.id);
}

/** Starts the next stage if none runs, and runs it (idempotent: fixed ballot and notice ids). */
async function proceed(deps: CircuitDeps, circuitId: string): Promise<Circuit> {
  const now = deps.clock.now();
  let started: number | null = null;
  const circuit = await deps.circuits.update(circuitId, (c) => {
    const next = startNextStage(c, now);
    started = next.started;
    if (next.started === null) return next.circuit;
    const stages = next.circuit.stages.map((s, i) =>
      i === next.started && s.kind === 'vote' ? { ...s, ballotId: `scrutin-${c.id}-${i}` } : s,
    );
    return { ...next.circuit, stages };
  });
  const running = started ?? currentStage(circuit);
  if (running >= 0) await runStage(deps, circuit, running);
  await refreshOwnerCard(deps, circuit);
  return circuit;
}

async function runStage(deps: CircuitDeps, c: Circuit, index: number) {
  const stage = c.stages[index]!;
  const instance = await deps.governance.getInstance(c.centraleId, stage.instanceId);
  if (!instance) return;
  const now = deps.clock.now();
  if (stage.kind === 'vote') {
    const ballot = ballotFor({
      instance,
      draft: {
        subjectKind:
          (['programme', 'objectifs', 'strategie', 'bilan'] as const).find((k) => k === c.subjectKind) ?? 'libre',
        subject: c.subject,
        question: `Validez-vous « ${c.subject} » ?`,
        links: c.links,
        choices: DEFAULT_CHOICES,
        opensAt: null,
        // voteDays calendar days, to the same local time (not voteDays × 24 h across a clock change).
        closesAt: sameTimeDaysLater(stage.startedAt ? new Date(stage.startedAt) : now, c.voteDays, c.timeZone),
        secret: false,
        visibility: 'apres-vote',
        quorum: instance.rules.quorum,
        majority: 'absolue',
        chairKey: instance.members.find((m) => m.organiser)?.personKey ?? null,
        reasonForContre: true,
      },
      openedBy: c.ownerKey,
      sittingId: null,
      circuitId: c.id,
      id: stage.ballotId ?? `scrutin-${c.id}-${index}`,
      serviceUrl: c.serviceUrl,
      timeZone: c.timeZone,
      now,
    });
    await startBallot(deps, ballot, instance);
  } else {
    const people = await deps.governance.listPeople(c.centraleId);
    const card = deps.presenters.ballots.stage(c, index, people);
    const tenantId = people.find((p) => p.key === c.ownerKey)?.tenantId ?? '';
    await enqueueNotice(deps, {
      noticeId: `etape-${c.id}-${index}`,
      centraleId: c.centraleId,
      senderKey: c.ownerKey,
      title: `${stage.kind === 'avis' ? 'Avis demandé' : 'Pour information'} : ${c.subject}`,
      payload: card,
      serviceUrl: c.serviceUrl,
      recipients: [
        ...memberRecipients(
          people,
          instance.members.map((m) => m.personKey),
          () => card,
        ),
        ...channelRecipient(instance, tenantId, card),
      ],
    });
  }
  await deps.ballots.addEvent(
    c.id,
    {
      at: now.toISOString(),
      by: c.ownerKey,
      action: 'etape',
      detail: `Étape ${index + 1} ouverte : ${stage.instanceName} (${STAGE_KIND_LABELS[stage.kind]})`,
    },
    `etape:${index}:ouverture`,
  );
}

/**
 * A stage ended (its ballot closed, or its organiser closed it): favourable → the next stage
 * starts or the circuit is validated; unfavourable → the circuit stops and the owner is told why.
 */
export async function advanceCircuit(
  deps: CircuitDeps,
  input: {
    circuitId: string;
    /** its index, or its ballot's id */ stage: string | number;
    favourable: boolean;
    outcome: string;
    by?: string;
  },
) {
  const { circuitId, stage: stageRef, favourable, outcome, by = 'systeme' } = input;
  const presenter = deps.presenters.ballots;
  const now = deps.clock.now();
  let ended = -1;
  let circuit: Circuit;
  try {
    circuit = await deps.circuits.update(circuitId, (c) => {
      ended = typeof stageRef === 'number' ? stageRef : c.stages.findIndex((s) => s.ballotId === stageRef);
      return endStage(c, { index: ended, favourable, outcome }, now);
    });
  } catch (e) {
    if (isDomainError(e) && e.code === ErrorCode.StageNotRunning) return; // already advanced (a retried job)
    throw e;
  }
  const stage = circuit.stages[ended]!;
  await deps.ballots.addEvent(
    circuit.id,
    {
      at: now.toISOString(),
      by,
      action: 'etape',
      detail: `Étape ${ended + 1} (${stage.instanceName}) : ${favourable ? 'favorable' : 'défavorable'} — ${outcome}`,
    },
    `etape:${ended}:fin`,
  );
  if (circuit.status === 'en-cours') {
    await proceed(deps, circuit.id);
    return;
  }
  await refreshOwnerCard(deps, circuit);
  const people = await deps.governance.listPeople(circuit.centraleId);
  await enqueueNotice(deps, {
    noticeId: `circuit-fin-${circuit.id}`,
    centraleId: circuit.centraleId,
    senderKey: null,
    title: `${circuit.status === 'valide' ? 'Circuit validé' : 'Circuit arrêté'} : ${circuit.subject}`,
    payload: presenter.circuitStatus(circuit, people),
    serviceUrl: circuit.serviceUrl,
    recipients: memberRecipients(people, [circuit.ownerKey], () => presenter.circuitStatus(circuit, people)),
  });
}

/** The owner's card shows the new state (coalesced card update). */
async function refreshOwnerCard(deps: CircuitDeps, c: Circuit) {
  const people = await deps.governance.listPeople(c.centraleId);
  const owner = memberRecipients(people, [c.ownerKey])[0];
  if (!owner) return;
  await updatePostedCard(deps, {
    noticeId: circuitNoticeId(c),
    recipient: owner.recipient,
    cardId: c.id,
    payload: deps.presenters.ballots.circuitStatus(c, people),
  });
}
