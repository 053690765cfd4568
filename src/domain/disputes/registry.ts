import { ContractEconomics } from '../bilan/economics';
import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { parseLocalDate } from '../meetings/zoned-time';

/** A purchasing file (dossier d'achat): its Comité Opérationnel handles its contracts' disputes. */
export interface PurchaseFile {
  id: string;
  centraleId: string;
  title: string;
  segment: string;
  coordinatorKey: string;
  committeeInstanceId: string;
  createdAt: string;
}

export interface Contract {
  id: string;
  centraleId: string;
  number: string;
  title: string;
  supplier: string;
  lots: string[];
  startDate: string;
  endDate: string;
  /** The adhérents that order on it (and may report on it). */
  memberIds: string[];
  fileId: string;
  /** Prices, baseline, forecasts, renewals and clauses: the bilan des marchés (absent on older contracts). */
  economics?: ContractEconomics;
}

export const fileIdOf = (title: string) =>
  title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

export function checkFile(input: { title: string; segment: string; coordinatorKey: string }): void {
  if (!input.title.trim()) throw new DomainError(ErrorCode.FileTitle, 'Donnez un titre au dossier d’achat.');
  if (!fileIdOf(input.title))
    throw new DomainError(ErrorCode.FileTitle, 'Le titre du dossier doit contenir des lettres ou des chiffres.');
  if (!input.coordinatorKey) throw new DomainError(ErrorCode.FileCoordinator, 'Choisissez le coordinateur du dossier.');
}

export function checkContract(c: Omit<Contract, 'id' | 'centraleId'>): void {
  const errors: string[] = [];
  if (!c.number.trim()) errors.push('Indiquez le numéro du marché.');
  if (!c.title.trim()) errors.push('Indiquez l’objet du marché.');
  if (!c.supplier.trim()) errors.push('Indiquez le titulaire (fournisseur).');
  const start = parseLocalDate(c.startDate);
  const end = parseLocalDate(c.endDate);
  if (!start || !end) errors.push('Indiquez des dates de début et de fin valides.');
  else if (c.endDate < c.startDate) errors.push('La fin du marché précède son début.');
  if (c.memberIds.length === 0) errors.push('Choisissez au moins un adhérent utilisateur du marché.');
  if (errors.length) throw new DomainError(ErrorCode.ContractInvalid, errors.join(' '));
}
