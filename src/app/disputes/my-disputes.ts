import { ErrorCode } from '../../domain/error-codes';
import { Dispute } from '../../domain/disputes/dispute';
import { DisputeEntry, RECENT_MS } from '../../domain/disputes/totals';
import { DomainError } from '../../domain/errors';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { committeeSide } from './disputes';
import { CommitteeCardData } from './ports';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'clock'>;

export interface MyDispute {
  /** The dispute as its file's totals list it (enough for the row; its card is read when opened). */
  dispute: DisputeEntry & { fileId: string };
  /** The person reported it (their card), or handles it (the committee's card). */
  reporter: boolean;
  handler: boolean;
}

/** Committee members of the dispute's Comité Opérationnel handle it. */
async function handlersOf(deps: Pick<AppDeps, 'governance'>, d: Dispute): Promise<string[]> {
  const committee = await deps.governance.getInstance(d.centraleId, d.committeeInstanceId);
  return committee?.members.map((m) => m.personKey) ?? [];
}

/**
 * « Mes litiges »: those the actor reported or handles, open ones and those resolved lately,
 * newest first — from each file's totals (which keep exactly those one by one), not from every
 * dispute ever.
 */
export async function myDisputes(deps: Deps & Pick<AppDeps, 'disputeDelaysH'>, actor: Actor): Promise<MyDispute[]> {
  const person = requirePerson(actor);
  const now = deps.clock.now();
  const since = now.getTime() - RECENT_MS;
  const [instances, files] = await Promise.all([
    deps.governance.listInstances(person.centraleId),
    deps.disputes.listFiles(person.centraleId),
  ]);
  const handles = (committeeInstanceId: string) =>
    instances.some((i) => i.id === committeeInstanceId && i.members.some((m) => m.personKey === person.key));
  const perFile = await Promise.all(
    files.map(async (f) => {
      const handler = handles(f.committeeInstanceId);
      const t = await deps.disputes.fileTotals(f.id, person.centraleId, now, deps.disputeDelaysH);
      return t.entries
        .filter((e) => e.status !== 'resolu' || Date.parse(e.lastAt) >= since)
        .map((e) => ({ dispute: { ...e, fileId: f.id }, reporter: e.reporterKey === person.key, handler }));
    }),
  );
  return perFile
    .flat()
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
