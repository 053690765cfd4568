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

/** Everything one centrale stores about a person, and its pseudonymisation; never another centrale's. */
export interface PersonalDataStore {
  /**
   * Every document of the centrale mentioning the person's key (container, id and content), and
   * what serves to reach them; the person → centrales index lists this centrale only.
   */
  find(
    personKey: string,
    centraleId: string,
  ): Promise<Array<{ container: string; id: string; type: string; data: unknown }>>;
  /**
   * Replaces the key by `alias` everywhere in the centrale (ids included). What only served to
   * reach the person (conversation references, turn state, the index) is dropped, unless they
   * still belong to another centrale: then the index only forgets this one.
   */
  pseudonymise(personKey: string, alias: string, centraleId: string): Promise<number>;
}
