/** One administrative action, kept for the record: who, when, what. */
export interface AdminAuditEntry {
  at: string;
  by: string;
  action: 'roles' | 'membres' | 'canal' | 'export' | 'effacement';
  detail: string;
}

export interface AdminAuditLog {
  record(centraleId: string, entry: AdminAuditEntry): Promise<void>;
  list(centraleId: string): Promise<AdminAuditEntry[]>;
}

/** Everything stored about a person, wherever it is, and its pseudonymisation. */
export interface PersonalDataStore {
  /** Every stored document mentioning the person's key (container, id and content). */
  find(personKey: string): Promise<Array<{ container: string; id: string; type: string; data: unknown }>>;
  /**
   * Replaces the key by `alias` everywhere (ids included), and drops what only served to reach
   * the person (conversation references, turn state, the person → centrales index).
   */
  pseudonymise(personKey: string, alias: string): Promise<number>;
}
