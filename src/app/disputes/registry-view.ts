import { ErrorCode } from '../../domain/error-codes';
import { Contract, PurchaseFile } from '../../domain/disputes/registry';
import { isDomainError } from '../../domain/errors';
import { Member, Person } from '../../domain/governance';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { createPurchaseFile, saveContract } from './registry';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'clock'>;

export interface RegistryView {
  files: PurchaseFile[];
  contracts: Contract[];
  members: Member[];
  people: Person[];
  /** Who the new file's coordinator defaults to: the person at the keyboard. */
  coordinatorDefault: string;
}

/** The registry of purchasing files and contracts, for those who keep it. */
export async function registryView(deps: Deps, actor: Actor): Promise<RegistryView> {
  const person = requirePerson(actor);
  authorize(person, 'registry.manage');
  const [files, contracts, members, people] = await Promise.all([
    deps.disputes.listFiles(person.centraleId),
    deps.disputes.listContracts(person.centraleId),
    deps.governance.listMembers(person.centraleId),
    deps.governance.listPeople(person.centraleId),
  ]);
  return { files, contracts, members, people, coordinatorDefault: person.key };
}

/** After a change, the registry again: with what was saved, or with why it was refused. */
export type RegistryScreen<T> =
  { view: RegistryView; saved: T; error: '' } | { view: RegistryView; saved: null; error: string };

/** A refusal of the person (not registered, not allowed) is thrown; a refused input is shown on the registry. */
async function afterChange<T>(deps: Deps, actor: Actor, change: () => Promise<T>): Promise<RegistryScreen<T>> {
  let saved: T;
  try {
    saved = await change();
  } catch (e) {
    if (!isDomainError(e) || e.code === ErrorCode.Forbidden || e.code === ErrorCode.NotRegistered) throw e;
    return { view: await registryView(deps, actor), saved: null, error: e.userMessage };
  }
  return { view: await registryView(deps, actor), saved, error: '' };
}

export const addPurchaseFile = (
  deps: Deps,
  actor: Actor,
  input: Parameters<typeof createPurchaseFile>[2],
): Promise<RegistryScreen<PurchaseFile>> => afterChange(deps, actor, () => createPurchaseFile(deps, actor, input));

export const addContract = (
  deps: Deps,
  actor: Actor,
  input: Parameters<typeof saveContract>[2],
): Promise<RegistryScreen<Contract>> => afterChange(deps, actor, () => saveContract(deps, actor, input));
