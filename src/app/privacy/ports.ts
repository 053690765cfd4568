/** One administrative action, kept for the record: who, when, what. */
export interface AdminAuditEntry {
  at: string;
  by: string;
  action: 'roles' | 'membres' | 'import' | 'canal' | 'export' | 'effacement';
  detail: string;
}

export interface AdminAuditLog {
  record(centraleId: string, entry: AdminAuditEntry): Promise<void>;
  list(centraleId: string): Promise<AdminAuditEntry[]>;
}

/** What identifies a person in the stored documents (their 1:1 conversations are found from their key). */
export interface PersonIdentifiers {
  key: string;
  aadObjectId: string;
  teamsUserId: string | null;
  email: string | null;
  displayName: string;
}

/** A stored document as the export shows it: where it is (container, partition, id) and its content. */
export interface StoredDocument {
  container: string;
  /** The partition: for a vote, its ballot's id. */
  partition: string;
  id: string;
  type: string;
  data: unknown;
}

/** Everything one centrale stores about a person, and its pseudonymisation. */
export interface PersonalDataStore {
  /**
   * Every document of the centrale naming the person, and what serves the person themself
   * (container, partition, id, content).
   */
  find(centraleId: string, who: PersonIdentifiers): Promise<StoredDocument[]>;
  /**
   * In the centrale's documents, replaces every identifier of the person (key, ids, conversation
   * ids by `alias`; name and e-mail by neutral words), deletes messages still waiting for them, and
   * drops what only served to reach them (turn state; their 1:1 reference unless `elsewhere`,
   * i.e. another centrale still holds them); removes the centrale from their index.
   */
  pseudonymise(centraleId: string, who: PersonIdentifiers, alias: string, elsewhere: boolean): Promise<number>;
}
