import { Candidate } from '../app/set-instance-members';
import { Person } from '../domain/governance';
import { keyOf } from '../domain/identity';
import { Turn } from './turn';

/**
 * People one can pick: the members of this team or group chat (Teams roster), and `known`
 * people of the centrale. Keyed by tenant + Entra object id.
 */
export async function candidatesFor(turn: Turn, known: Person[]): Promise<Candidate[]> {
  const byKey = new Map<string, Candidate>();
  for (const p of known) {
    byKey.set(p.key, {
      tenantId: p.tenantId,
      aadObjectId: p.aadObjectId,
      teamsUserId: p.teamsUserId ?? undefined,
      displayName: p.displayName,
      email: p.email ?? undefined,
    });
  }
  if (turn.scope !== 'personal') {
    // The conversation's tenant, as for the person acting (turn.ts): one key per person.
    const tenantId = turn.tenantId;
    for (const m of await turn.roster()) {
      if (!m.aadObjectId || !tenantId) continue;
      const known = byKey.get(keyOf({ tenantId, aadObjectId: m.aadObjectId }));
      const c: Candidate = {
        tenantId,
        aadObjectId: m.aadObjectId,
        teamsUserId: m.teamsUserId,
        displayName: m.name || known?.displayName || 'Sans nom',
        email: m.email ?? known?.email,
      };
      byKey.set(keyOf(c), c);
    }
  }
  return [...byKey.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
}
