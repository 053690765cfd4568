import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import { DomainError } from '../../domain/errors';
import { newOperationalCommittee } from '../../domain/governance';
import { Contract, PurchaseFile, checkContract, checkFile, fileIdOf } from '../../domain/disputes/registry';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'clock'>;

/** A purchasing file, and with it its Comité Opérationnel (the coordinator organises it). */
export async function createPurchaseFile(
  deps: Deps,
  actor: Actor,
  input: { title: string; segment: string; coordinatorKey: string; memberKeys: string[] },
): Promise<PurchaseFile> {
  const person = requirePerson(actor);
  authorize(person, 'registry.manage');
  checkFile(input);
  const centrale = await deps.governance.getCentrale(person.centraleId);
  if (!centrale) throw new DomainError(ErrorCode.UnknownCentrale, 'Centrale introuvable.');
  const people = await deps.governance.listPeople(person.centraleId);
  const keys = [...new Set([input.coordinatorKey, ...input.memberKeys])];
  if (keys.some((k) => !people.some((p) => p.key === k)))
    throw new DomainError(ErrorCode.UnknownPerson, 'Une personne choisie est inconnue : rouvrez le formulaire.');
  const id = fileIdOf(input.title);
  if (await deps.disputes.getFile(person.centraleId, id))
    throw new DomainError(ErrorCode.FileExists, `Un dossier « ${input.title.trim()} » existe déjà.`);
  const committee = newOperationalCommittee(
    centrale,
    { id, title: input.title.trim() },
    keys.map((k) => ({ personKey: k, organiser: k === input.coordinatorKey })),
  );
  await deps.governance.createInstanceIfAbsent(committee);
  const file: PurchaseFile = {
    id,
    centraleId: person.centraleId,
    title: input.title.trim(),
    segment: input.segment.trim(),
    coordinatorKey: input.coordinatorKey,
    committeeInstanceId: committee.id,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.disputes.createFile(file);
  return file;
}

export async function saveContract(
  deps: Deps,
  actor: Actor,
  input: Omit<Contract, 'id' | 'centraleId'> & { id?: string },
): Promise<Contract> {
  const person = requirePerson(actor);
  authorize(person, 'registry.manage');
  checkContract(input);
  if (!(await deps.disputes.getFile(person.centraleId, input.fileId)))
    throw new DomainError(ErrorCode.UnknownFile, 'Choisissez le dossier d’achat du marché.');
  const members = await deps.governance.listMembers(person.centraleId);
  if (input.memberIds.some((m) => !members.some((x) => x.id === m)))
    throw new DomainError(ErrorCode.UnknownMember, 'Un adhérent choisi est inconnu : rouvrez le formulaire.');
  const contract: Contract = {
    ...input,
    id: input.id ?? `marche-${randomUUID().slice(0, 8)}`,
    centraleId: person.centraleId,
    number: input.number.trim(),
    title: input.title.trim(),
    supplier: input.supplier.trim(),
  };
  await deps.disputes.saveContract(contract);
  return contract;
}
