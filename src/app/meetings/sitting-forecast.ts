import { sittingDocuments } from './sitting-documents';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { Person } from '../../domain/governance';
import { Answer, QuorumForecast, forecastQuorum } from '../../domain/meetings/attendance';
import { Sitting, SittingActions, sittingActions } from '../../domain/meetings/sitting';
import { authorize, can } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { sittingOfCentrale } from './organised-sitting';
import { DeliverySummary, byRecipient, summarize } from '../../domain/delivery/delivery';
import { channelStatuses } from '../delivery/delivery-report';
import { OutboxStore } from '../delivery/ports';
import { convocationNoticeId } from './convene-sitting';
import { OwnedDocumentRef } from '../documents/ports';

/** The organiser's card: the quorum forecast, who has not answered (by name), the history. */
export interface SittingForecast {
  sitting: Sitting;
  people: Person[];
  forecast: QuorumForecast;
  /** The answers given so far (the suppléant·es named, by whom). */
  answers: Answer[];
  /** The buttons the card may offer now. */
  actions: SittingActions;
  /** How the members' convocation (this version's) went out, by channel; null when not read. */
  delivery?: DeliverySummary | null;
  /** The sitting's kept documents (its convocations' PDFs…), oldest first. */
  documents?: OwnedDocumentRef[];
}

/**
 * The forecast of a sitting already checked (by the caller) against the actor's rights; with
 * `outbox`, how its convocation went out (not right after sending it: it is under way).
 */
export async function forecastFor(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  sitting: Sitting,
  answers?: Answer[],
  outbox?: OutboxStore,
): Promise<SittingForecast> {
  const documents = sittingDocuments(sitting);
  const [people, given, delivery] = await Promise.all([
    deps.governance.listPeople(sitting.centraleId),
    answers ?? deps.meetings.answersOf(sitting.id),
    outbox ? convocationDelivery(outbox, sitting) : null,
  ]);
  return {
    sitting,
    people,
    forecast: forecastQuorum(sitting.quorum, sitting.memberKeys, given),
    answers: given,
    actions: sittingActions(sitting, deps.clock.now()),
    delivery,
    documents,
  };
}

/** The members' convocation of the sitting's current version, one status per member (the channel's post left out). */
async function convocationDelivery(outbox: OutboxStore, sitting: Sitting): Promise<DeliverySummary | null> {
  const items = (await channelStatuses(outbox, convocationNoticeId(sitting))).filter((i) =>
    i.recipientKey.startsWith('p:'),
  );
  return items.length ? summarize(byRecipient(items)) : null;
}

/** « Prévision du quorum »: for the instance's organisers and the administrators. */
export async function sittingForecast(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock' | 'outbox'>,
  actor: Actor,
  sittingId: string,
): Promise<SittingForecast> {
  const person = requirePerson(actor);
  const sitting = await sittingOfCentrale(deps, person, sittingId);
  const instance = await deps.governance.getInstance(sitting.centraleId, sitting.instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownSitting, 'Cette séance est introuvable dans votre centrale.');
  authorize(person, 'meeting.forecast.view', { instance });
  return forecastFor(deps, sitting, undefined, deps.outbox);
}

/**
 * The forecast as a channel shows it: each organiser sees their own card there, the others the
 * members' view. `forecast` is null for a person of the centrale who may not see it;
 * `managerKeys` are those who may (the instance's organisers, and the actor if an administrator).
 */
export interface ChannelForecast {
  sitting: Sitting;
  people: Person[];
  forecast: SittingForecast | null;
  managerKeys: string[];
}

export async function channelForecast(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock' | 'outbox'>,
  actor: Actor,
  sittingId: string,
): Promise<ChannelForecast> {
  const person = requirePerson(actor);
  const sitting = await sittingOfCentrale(deps, person, sittingId);
  const instance = await deps.governance.getInstance(sitting.centraleId, sitting.instanceId);
  if (!instance) throw new DomainError(ErrorCode.UnknownSitting, 'Cette séance est introuvable dans votre centrale.');
  const mayView = can(person, 'meeting.forecast.view', { instance });
  const forecast = mayView ? await forecastFor(deps, sitting, undefined, deps.outbox) : null;
  const people = forecast?.people ?? (await deps.governance.listPeople(sitting.centraleId));
  const organisers = instance.members.filter((m) => m.organiser).map((m) => m.personKey);
  return {
    sitting,
    people,
    forecast,
    managerKeys: mayView && !organisers.includes(person.key) ? [...organisers, person.key] : organisers,
  };
}
