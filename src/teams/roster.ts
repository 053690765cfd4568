import { TeamsChannelAccount, TeamsInfo, TurnContext } from 'botbuilder';
import { Candidate } from '../app/set-instance-members';
import { Person } from '../domain/governance';
import { keyOf } from '../domain/identity';

/**
 * People one can pick: the members of this team or group chat (Teams roster), and `known`
 * people of the centrale. Keyed by tenant + Entra object id.
 */
export async function candidatesFor(context: TurnContext, known: Person[]): Promise<Candidate[]> {
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
  if (context.activity.conversation?.conversationType !== 'personal') {
    // The conversation's tenant, as for the person acting (turn.ts): one key per person.
    const tenantId = context.activity.conversation?.tenantId;
    for (const m of await rosterOf(context)) {
      if (!m.aadObjectId || !tenantId) continue;
      const known = byKey.get(keyOf({ tenantId, aadObjectId: m.aadObjectId }));
      const c: Candidate = {
        tenantId,
        aadObjectId: m.aadObjectId,
        teamsUserId: m.id,
        displayName: m.name || known?.displayName || 'Sans nom',
        email: m.email ?? known?.email,
      };
      byKey.set(keyOf(c), c);
    }
  }
  return [...byKey.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
}

async function rosterOf(context: TurnContext): Promise<TeamsChannelAccount[]> {
  const members: TeamsChannelAccount[] = [];
  let token: string | undefined;
  do {
    const page = await TeamsInfo.getPagedMembers(context, 500, token);
    members.push(...page.members);
    token = page.continuationToken || undefined;
  } while (token);
  return members;
}
