import { Person } from '../../domain/governance';
import { personKey } from '../../domain/identity';
import { GovernanceSeed, fromSeed } from './governance-seed';
import { AppDeps } from '../ports';

export interface SeedAdmin {
  tenantId: string;
  aadObjectId: string;
}

/**
 * Loads a centrale's governance map at start. Idempotent: what exists is left as the
 * administrators changed it; only missing instances are added. Listed administrators get the
 * role if they lack it.
 */
export async function loadGovernance(
  deps: Pick<AppDeps, 'governance'>,
  seed: GovernanceSeed,
  admins: SeedAdmin[] = [],
): Promise<{ centraleId: string; instancesAdded: number }> {
  const { centrale, instances } = fromSeed(seed);
  await deps.governance.createCentraleIfAbsent(centrale);
  let instancesAdded = 0;
  for (const instance of instances) {
    if (await deps.governance.createInstanceIfAbsent(instance)) instancesAdded++;
  }
  for (const admin of admins) {
    const key = personKey(admin.tenantId, admin.aadObjectId);
    const fresh: Person = {
      key,
      centraleId: centrale.id,
      tenantId: admin.tenantId,
      aadObjectId: admin.aadObjectId,
      teamsUserId: null,
      displayName: 'Administrateur',
      email: null,
      roles: ['administrateur'],
      memberId: null,
    };
    await deps.governance.upsertPerson(fresh, (p) =>
      p.roles.includes('administrateur') ? p : { ...p, roles: [...p.roles, 'administrateur'] },
    );
  }
  return { centraleId: centrale.id, instancesAdded };
}
