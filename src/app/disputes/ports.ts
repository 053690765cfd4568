import { Dispute } from '../../domain/disputes/dispute';
import { Contract, PurchaseFile } from '../../domain/disputes/registry';

export interface DisputesRepository {
  createFile(f: PurchaseFile): Promise<boolean>;
  listFiles(centraleId: string): Promise<PurchaseFile[]>;
  getFile(centraleId: string, fileId: string): Promise<PurchaseFile | null>;
  saveContract(c: Contract): Promise<void>;
  listContracts(centraleId: string): Promise<Contract[]>;
  /** The next reference of the year (LIT-2026-0042), one conditional increment. */
  nextRef(centraleId: string, year: number): Promise<string>;
  create(d: Dispute): Promise<boolean>;
  get(fileId: string, disputeId: string): Promise<Dispute | null>;
  update(fileId: string, disputeId: string, change: (d: Dispute) => Dispute): Promise<Dispute>;
  listByCentrale(centraleId: string): Promise<Dispute[]>;
}

/** The cards of disputes, built by the Teams layer. */
export interface DisputePresenter {
  /** The committee's card (channel, or coordinator): the dispute, its status, the handling buttons. */
  committee(d: Dispute, similar: Dispute[]): Record<string, unknown>;
  /** To the reporter: acknowledgement or a status change (with the question to answer, if any). */
  reporter(d: Dispute): Record<string, unknown>;
  /** To the Direction Achats and the coordinator: an overdue dispute. */
  overdue(d: Dispute, what: 'takeCharge' | 'resolve'): Record<string, unknown>;
}
