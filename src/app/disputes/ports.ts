import { DocumentRecord } from '../documents/ports';
import { Dispute, SimilarReport } from '../../domain/disputes/dispute';
import { Contract, PurchaseFile } from '../../domain/disputes/registry';
import { Member, Person } from '../../domain/governance';
import { DEFAULT_DELAYS_H } from '../../domain/disputes/dispute';
import { FileTotals } from '../../domain/disputes/totals';

export interface DisputesRepository {
  createFile(f: PurchaseFile): Promise<boolean>;
  listFiles(centraleId: string): Promise<PurchaseFile[]>;
  getFile(centraleId: string, fileId: string): Promise<PurchaseFile | null>;
  saveContract(c: Contract): Promise<void>;
  /** Every contract ever (the registry view): never on a hot path. */
  listContracts(centraleId: string): Promise<Contract[]>;
  /** The contracts whose last day is `from` (a local date, YYYY-MM-DD) or later. */
  listContractsEndingFrom(centraleId: string, from: string): Promise<Contract[]>;
  /** One contract (a point read). */
  getContract(centraleId: string, contractId: string): Promise<Contract | null>;
  /** A file and a contract, one request. */
  fileAndContract(
    centraleId: string,
    fileId: string,
    contractId: string,
  ): Promise<{ file: PurchaseFile | null; contract: Contract | null }>;
  /** A dispute and its file's totals with their etags, one request (null where absent). */
  readWithTotals(
    fileId: string,
    disputeId: string,
    centraleId: string,
  ): Promise<{
    seen: { value: Dispute; etag: string } | null;
    totals: { value: FileTotals; etag: string } | null;
  }>;
  /** The next reference of the year (LIT-2026-0042), one conditional increment. */
  nextRef(centraleId: string, year: number): Promise<string>;
  create(d: Dispute): Promise<boolean>;
  get(fileId: string, disputeId: string): Promise<Dispute | null>;
  update(fileId: string, disputeId: string, change: (d: Dispute) => Dispute): Promise<Dispute>;
  /** The dispute with its etag (for `updateSeen`). */
  read(fileId: string, disputeId: string): Promise<{ value: Dispute; etag: string } | null>;
  /** `change` applied to the dispute as read, under its etag; on a conflict, to the newest one. */
  updateSeen(seen: { value: Dispute; etag: string }, change: (d: Dispute) => Dispute): Promise<Dispute>;
  /** A file's running totals (rebuilt once from its partition when it has none yet). */
  fileTotals(
    fileId: string,
    centraleId: string,
    now: Date,
    delaysH?: Partial<typeof DEFAULT_DELAYS_H>,
  ): Promise<FileTotals>;
  /**
   * Counts a dispute just written in its file's totals, under their etag (`before`: null when
   * new; `contractEnd`: its contract's last day). Returns the totals as written.
   */
  recordInTotals(
    after: Dispute,
    before: Dispute | null,
    now: Date,
    delaysH?: Partial<typeof DEFAULT_DELAYS_H>,
    contractEnd?: string,
    read?: { value: FileTotals; etag: string } | null,
  ): Promise<FileTotals>;
  /** A file's disputes whose facts fall within [from, to] (local days; open ends when absent): the bilan des marchés. */
  listDisputes(fileId: string, window?: { from: string; to: string }): Promise<Dispute[]>;
  /** The reports on a contract and category created between `from` and `to` (ISO), in the file's partition. */
  similarCandidates(
    fileId: string,
    contractId: string,
    category: Dispute['category'],
    from: string,
    to: string,
  ): Promise<Dispute[]>;
}

/**
 * What a committee card names beside the dispute. The use case reads it (once, with the
 * recipients) and hands it over: the presenter only turns it into a card, it reads nothing.
 */
export interface CommitteeCardData {
  /** The dispute's contract (null if it left the registry). */
  contract: Contract | null;
  /** Similar reports (same contract and category, 30 days), grouped on the card. */
  similar: SimilarReport[];
  /** The adhérents, to name the reporters' communes. */
  members: Member[];
  /** The centrale's people, to name who did what in the history. */
  people: Person[];
  /** The file's coordinator, mentioned on the card (null if unknown). */
  coordinator: Person | null;
  /** The centrale's time zone: the card's dates and times are local there. */
  timeZone: string;
  /** The dispute's kept documents (its mise en demeure, PDF and DOCX), for the card's buttons. */
  documents?: DocumentRecord[];
}

/** The cards of disputes, built by the Teams layer from the data the use cases pass. */
export interface DisputePresenter {
  /** The committee's card (channel, or coordinator): the dispute, its status, the handling buttons. */
  committee(d: Dispute, data: CommitteeCardData): Record<string, unknown>;
  /** To the reporter: acknowledgement or a status change (with the question to answer, if any). */
  reporter(d: Dispute, contract: Contract | null, timeZone: string): Record<string, unknown>;
  /** To the Direction Achats and the coordinator: an overdue dispute. */
  overdue(
    d: Dispute,
    what: 'takeCharge' | 'resolve',
    contract: Contract | null,
    timeZone: string,
  ): Record<string, unknown>;
}

export interface DisputeMailContext {
  centraleName: string;
  contract: Contract | null;
  timeZone: string;
}

/** A dispute's news to its reporter as an e-mail (src/mail), when Teams cannot reach them or they asked for e-mail. */
export interface DisputeMailPresenter {
  disputeMail(d: Dispute, context: DisputeMailContext): { subject: string; text: string; html: string };
}
