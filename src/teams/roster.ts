import { Candidate } from '../app/governance/set-instance-members';
import { Turn } from './turn';

/** The members of this team or group chat as people one can pick (none in a personal chat). */
export async function rosterCandidates(turn: Turn): Promise<Candidate[]> {
  if (turn.scope === 'personal' || !turn.tenantId) return [];
  // The conversation's tenant, as for the person acting: one key per person.
  const tenantId = turn.tenantId;
  return (await turn.roster()).flatMap((m) =>
    m.aadObjectId
      ? [
          {
            tenantId,
            aadObjectId: m.aadObjectId,
            teamsUserId: m.teamsUserId,
            displayName: m.name ?? '',
            email: m.email,
          },
        ]
      : [],
  );
}
