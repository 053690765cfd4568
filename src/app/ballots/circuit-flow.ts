import { ErrorCode } from '../../domain/error-codes';
import { DEFAULT_CHOICES } from '../../domain/ballots/ballot';
import {
  Circuit,
  STAGE_KIND_LABELS,
  Stage,
  StageKind,
  attemptOf,
  blockedStage,
  currentStage,
  endStage,
  newCircuit,
  relaunchStage,
  relaunchTerms,
  startNextStage,
  stopCircuit,
} from '../../domain/ballots/circuit';
import { ordinal } from '../../domain/french-text';
import { InstanceRules } from '../../domain/rules';
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

/** The ids of a stage's run: its first keeps the ids it always had, a relaunched one adds its number. */
const runSuffix = (stage: Stage) => (stage.attempts.length ? `-${attemptOf(stage)}` : '');

/** A relaunched stage's run follows the terms its previous run's ending set (fixed: a retried start gets the same). */
function termsOfRun(stage: Stage, rules: InstanceRules, c: Circuit, now: Date) {
  const previous = stage.attempts.at(-1);
  if (!previous) return { quorum: rules.quorum, opensAt: null };
  const started = stage.startedAt ? new Date(stage.startedAt) : now;
  return relaunchTerms(
    { ...stage, status: previous.status, endedAt: previous.endedAt },
    rules.quorum,
    c.timeZone,
    started,
  );
}

async function runStage(deps: CircuitDeps, c: Circuit, index: number) {
  const stage = c.stages[index]!;
  const instance = await deps.governance.getInstance(c.centraleId, stage.instanceId);
  if (!instance) return;
  const now = deps.clock.now();
  const suffix = runSuffix(stage);
  if (stage.kind === 'vote') {
    const terms = termsOfRun(stage, instance.rules, c, now);
    const opensAt = terms.opensAt ?? (stage.startedAt ? new Date(stage.startedAt) : now);
    const ballot = ballotFor({
      instance,
      draft: {
        subjectKind:
          (['programme', 'objectifs', 'strategie', 'bilan'] as const).find((k) => k === c.subjectKind) ?? 'libre',
        subject: c.subject,
        question: `Validez-vous « ${c.subject} » ?`,
        links: c.links,
        choices: DEFAULT_CHOICES,
        opensAt: terms.opensAt,
        // voteDays calendar days, to the same local time (not voteDays × 24 h across a clock change).
        closesAt: sameTimeDaysLater(opensAt, c.voteDays, c.timeZone),
        secret: false,
        visibility: 'apres-vote',
        quorum: terms.quorum,
        majority: 'absolue',
        chairKey: instance.members.find((m) => m.organiser)?.personKey ?? null,
        reasonForContre: true,
      },
      openedBy: c.ownerKey,
      sittingId: null,
      circuitId: c.id,
      id: stage.ballotId ?? `scrutin-${c.id}-${index}${suffix}`,
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
      noticeId: `etape-${c.id}-${index}${suffix}`,
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
      detail: `Étape ${index + 1} ouverte${suffix ? ` (${ordinal(attemptOf(stage), 'f')} tentative)` : ''} : ${stage.instanceName} (${STAGE_KIND_LABELS[stage.kind]})`,
    },
    `etape:${index}:ouverture${suffix}`,
  );
}

/**
 * A stage ended (its ballot closed, or its organiser closed it): favourable → the next stage
 * starts or the circuit is validated; unfavourable or without quorum → the circuit waits for its
 * owner, who is told why and what a relaunch would follow.
 */
export async function advanceCircuit(
  deps: CircuitDeps,
  input: {
    circuitId: string;
    /** its index, or its ballot's id */ stage: string | number;
    favourable: boolean;
    /** Its ballot missed the quorum: not an opinion. */
    quorumMissed?: boolean;
    outcome: string;
    by?: string;
  },
) {
  const { circuitId, stage: stageRef, favourable, outcome, by = 'systeme' } = input;
  const quorumMissed = !favourable && !!input.quorumMissed;
  const presenter = deps.presenters.ballots;
  const now = deps.clock.now();
  let ended = -1;
  let circuit: Circuit;
  try {
    circuit = await deps.circuits.update(circuitId, (c) => {
      ended = typeof stageRef === 'number' ? stageRef : c.stages.findIndex((s) => s.ballotId === stageRef);
      return endStage(c, { index: ended, favourable, outcome, quorumMissed }, now);
    });
  } catch (e) {
    if (isDomainError(e) && e.code === ErrorCode.StageNotRunning) return; // already advanced (a retried job)
    throw e;
  }
  const stage = circuit.stages[ended]!;
  const suffix = runSuffix(stage);
  await deps.ballots.addEvent(
    circuit.id,
    {
      at: now.toISOString(),
      by,
      action: 'etape',
      detail: `Étape ${ended + 1} (${stage.instanceName}) : ${favourable ? 'favorable' : quorumMissed ? 'quorum non atteint' : 'défavorable'}${suffix ? ` (${ordinal(attemptOf(stage), 'f')} tentative)` : ''} — ${outcome}`,
    },
    `etape:${ended}:fin${suffix}`,
  );
  if (circuit.status === 'en-cours') {
    await proceed(deps, circuit.id);
    return;
  }
  if (circuit.status === 'suspendu') {
    // What a relaunch would follow, on the owner's card next to its button.
    const instance = await deps.governance.getInstance(circuit.centraleId, stage.instanceId);
    if (instance) {
      const { offer } = relaunchTerms(stage, instance.rules.quorum, circuit.timeZone, now);
      circuit = await deps.circuits.update(circuit.id, (c) =>
        blockedStage(c) === ended
          ? { ...c, stages: c.stages.map((s, i) => (i === ended ? { ...s, rule: offer } : s)) }
          : c,
      );
    }
  }
  await refreshOwnerCard(deps, circuit);
  const people = await deps.governance.listPeople(circuit.centraleId);
  const shown = circuit;
  const suspended = shown.status === 'suspendu';
  await enqueueNotice(deps, {
    noticeId: suspended ? `circuit-attente-${shown.id}-${ended}${suffix}` : `circuit-fin-${shown.id}`,
    centraleId: shown.centraleId,
    senderKey: null,
    title: `${suspended ? (quorumMissed ? 'Quorum non atteint' : 'Étape défavorable') : shown.status === 'valide' ? 'Circuit validé' : 'Circuit arrêté'} : ${shown.subject}`,
    payload: presenter.circuitStatus(shown, people),
    serviceUrl: shown.serviceUrl,
    recipients: memberRecipients(people, [shown.ownerKey], () => presenter.circuitStatus(shown, people)),
  });
}

/** The circuit, for its owner: anyone else of the centrale is refused, another centrale's is unknown. */
async function ownedCircuit(deps: Pick<CircuitDeps, 'circuits'>, actor: Actor, circuitId: string) {
  const person = requirePerson(actor);
  const c = await deps.circuits.get(circuitId);
  if (!c || c.centraleId !== person.centraleId)
    throw new DomainError(ErrorCode.UnknownCircuit, 'Ce circuit de validation est introuvable dans votre centrale.');
  if (c.ownerKey !== person.key)
    throw new DomainError(ErrorCode.Forbidden, 'Seul le porteur du circuit le relance ou l’arrête.');
  return { person, c };
}

/**
 * The owner relaunches the stage the circuit waits on: a new run (a new ballot for a vote
 * stage, under the terms `relaunchTerms` gives), the earlier one kept. The card's `attempt`
 * makes a second press (a double click, an old card) change nothing.
 */
export async function relaunchCircuitStage(
  deps: CircuitDeps,
  actor: Actor,
  input: { circuitId: string; index: number; attempt: number },
): Promise<Circuit> {
  const { person, c } = await ownedCircuit(deps, actor, input.circuitId);
  const stage = c.stages[input.index];
  const instance = stage && (await deps.governance.getInstance(c.centraleId, stage.instanceId));
  if (!stage || !instance)
    throw new DomainError(ErrorCode.UnknownStage, 'Cette étape n’existe pas : rouvrez la carte.');
  const now = deps.clock.now();
  let relaunched = false;
  const circuit = await deps.circuits.update(c.id, (x) => {
    const current = x.stages[input.index]!;
    const terms = relaunchTerms(current, instance.rules.quorum, x.timeZone, now);
    const next = relaunchStage(
      x,
      {
        index: input.index,
        attempt: input.attempt,
        ballotId: current.kind === 'vote' ? `scrutin-${x.id}-${input.index}-${input.attempt}` : null,
        rule: terms.note,
      },
      now,
    );
    relaunched = next.relaunched;
    return next.circuit;
  });
  if (relaunched) {
    const run = circuit.stages[input.index]!;
    await deps.ballots.addEvent(
      circuit.id,
      {
        at: now.toISOString(),
        by: person.key,
        action: 'etape',
        detail: `Étape ${input.index + 1} relancée (${ordinal(attemptOf(run), 'f')} tentative) : ${run.instanceName}${run.rule ? ` — ${run.rule}` : ''}`,
      },
      `etape:${input.index}:relance${runSuffix(run)}`,
    );
    await runStage(deps, circuit, input.index);
    await refreshOwnerCard(deps, circuit);
  }
  return circuit;
}

/** The owner stops the circuit waiting on a stage: the stages to come will not open. Twice: once. */
export async function stopCircuitByOwner(deps: CircuitDeps, actor: Actor, circuitId: string): Promise<Circuit> {
  const { person, c } = await ownedCircuit(deps, actor, circuitId);
  let stopped = false;
  const circuit = await deps.circuits.update(c.id, (x) => {
    const next = stopCircuit(x);
    stopped = next.stopped;
    return next.circuit;
  });
  if (stopped) {
    const now = deps.clock.now();
    const blocked = circuit.stages.findIndex((s) => s.status === 'defavorable' || s.status === 'sans-quorum');
    await deps.ballots.addEvent(
      circuit.id,
      {
        at: now.toISOString(),
        by: person.key,
        action: 'circuit',
        detail: `Circuit arrêté par son porteur après l’étape ${blocked + 1} (${circuit.stages[blocked]?.instanceName ?? ''})`,
      },
      'arret',
    );
    await refreshOwnerCard(deps, circuit);
  }
  return circuit;
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
