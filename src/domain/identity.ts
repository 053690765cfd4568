/**
 * A person is identified by the Microsoft Entra tenant they sign in from and their object id.
 * Belonging to a centrale is configuration: people of one centrale come from several tenants.
 */
export interface UserIdentity {
  tenantId: string;
  aadObjectId: string;
  /** Teams-specific user id (29:…), needed to open a 1:1 chat proactively. */
  teamsUserId?: string;
  displayName?: string;
}

export const personKey = (tenantId: string, aadObjectId: string): string =>
  `${tenantId.toLowerCase()}:${aadObjectId.toLowerCase()}`;

export const keyOf = (u: Pick<UserIdentity, 'tenantId' | 'aadObjectId'>): string =>
  personKey(u.tenantId, u.aadObjectId);
