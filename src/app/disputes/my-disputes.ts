import { ErrorCode } from '../../domain/error-codes';
import { Dispute } from '../../domain/disputes/dispute';
import { DomainError } from '../../domain/errors';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { committeeSide } from './disputes';
import { CommitteeCardData } from './ports';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'clock'>;

/** How long a resolved dispute stays in « mes litiges ». */
const RECENT_MS = 90 * 86_400_000;

export interface MyDispute {
  dispute: Dispute;
  /** The person reported it (their card), or handles it (the committee's card). */
  reporter: boolean;
  handler: boolean;
}

/** Committee members of the dispute's Comité Opérationnel handle it. */
async function handlersOf(deps: Pick<AppDeps, 'governance'>, d: Dispute): Promise<string[]> {
  const committee = await deps.governance.getInstance(d.centraleId, d.committeeInstanceId);
  return committee?.members.map((m) => m.personKey) ?? [];
}

/** « Mes litiges »: those the actor reported or handles, open ones and those resolved lately, newest first. */
export async function myDisputes(deps: Deps, actor: Actor): Promise<MyDispute[]> {
  const person = requirePerson(actor);
  const since = deps.clock.now().getTime() - RECENT_MS;
  const instances = await deps.governance.listInstances(person.centraleId);
  const handles = (d: Dispute) =>
    instances.some((i) => i.id === d.committeeInstanceId && i.members.some((m) => m.personKey === person.key));
  return (await deps.disputes.listByCentrale(person.centraleId))
    .filter((d) => d.status !== 'resolu' || Date.parse(d.history.at(-1)?.at ?? d.createdAt) >= since)
    .map((d) => ({ dispute: d, reporter: d.reporterKey === person.key, handler: handles(d) }))
    .filter((m) => m.reporter || m.handler)
    .sort((a, b) => b.dispute.createdAt.localeCompare(a.dispute.createdAt));
}

/** A dispute's card as the actor sees it: the committee's for its members, the reporter's for them. */
export async function viewDispute(
  deps: Deps,
  actor: Actor,
  input: { fileId: string; disputeId: string },
): Promise<{ as: 'committee' | 'reporter'; dispute: Dispute; committee: CommitteeCardData }> {
  const person = requirePerson(actor);
  const d = await deps.disputes.get(input.fileId, input.disputeId);
  if (!d || d.centraleId !== person.centraleId)
    throw new DomainError(ErrorCode.UnknownDispute, 'Ce litige est introuvable dans votre centrale.');
  const handler = (await handlersOf(deps, d)).includes(person.key);
  if (!handler && d.reporterKey !== person.key)
    throw new DomainError(
      ErrorCode.NotCommittee,
      'Seuls le déclarant et les membres du Comité Opérationnel du dossier voient ce litige.',
    );
  return { as: handler ? 'committee' : 'reporter', dispute: d, committee: (await committeeSide(deps, d)).card };
}
