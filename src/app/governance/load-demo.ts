import { z } from 'zod';
import { Person, withChannel, withMembers } from '../../domain/governance';
import { personKey } from '../../domain/identity';
import { ROLES } from '../../domain/roles';
import { AppDeps } from '../ports';

/** `data/demo/demo.json`: communes, people and links for a local click-through. */
export const demoSchema = z.object({
  centraleId: z.string(),
  tenantId: z.string(),
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['commune', 'ccas', 'etablissement', 'service-etat', 'autre']),
      /** INSEE municipal population, for the Conférence des Maires' double majority. */
      population: z.number().int().positive().optional(),
    }),
  ),
  people: z.array(
    z.object({
      aadObjectId: z.string(),
      teamsUserId: z.string(),
      displayName: z.string(),
      email: z.string(),
      roles: z.array(z.enum(ROLES)),
      memberId: z.string().optional(),
    }),
  ),
  instances: z.record(
    z.string(),
    z.object({
      organisers: z.array(z.string()),
      members: z.array(z.string()),
      channel: z.object({ conversationId: z.string(), name: z.string() }).optional(),
    }),
  ),
});

/**
 * Idempotent like the governance seed: what was changed since is left as it is. With the
 * Agents Playground's connector address (`demoServiceUrl`), the demo channels get the address
 * the bot would have learnt when installed in the team, so notices can reach them at once.
 */
export async function loadDemo(
  deps: Pick<AppDeps, 'governance' | 'directory' | 'conversations' | 'clock'>,
  demo: z.infer<typeof demoSchema>,
  demoServiceUrl: string | null = null,
  botId = '28:centrale-bot',
) {
  const { centraleId, tenantId } = demo;
  for (const m of demo.members) await deps.governance.createMemberIfAbsent({ ...m, centraleId });
  for (const p of demo.people) {
    const person: Person = {
      key: personKey(tenantId, p.aadObjectId),
      centraleId,
      tenantId,
      aadObjectId: p.aadObjectId,
      teamsUserId: p.teamsUserId,
      displayName: p.displayName,
      email: p.email,
      roles: p.roles,
      memberId: p.memberId ?? null,
    };
    await deps.governance.upsertPerson(person, (existing) => existing);
  }
  for (const setup of Object.values(demo.instances)) {
    if (
      !demoServiceUrl ||
      !setup.channel ||
      (await deps.conversations.getForConversation(setup.channel.conversationId))
    )
      continue;
    await deps.conversations.saveForConversation(setup.channel.conversationId, {
      serviceUrl: demoServiceUrl,
      channelId: 'msteams',
      bot: { id: botId, name: 'Centrale d’achat' },
      conversation: { id: setup.channel.conversationId, conversationType: 'channel', tenantId, isGroup: true },
    });
  }
  for (const [instanceId, setup] of Object.entries(demo.instances)) {
    const instance = await deps.governance.getInstance(centraleId, instanceId);
    if (!instance || instance.members.length > 0 || instance.channel) continue;
    const key = (id: string) => personKey(tenantId, id);
    const all = [...setup.organisers, ...setup.members].map(key);
    let next = withMembers(instance, all, setup.organisers.map(key));
    if (setup.channel) {
      next = withChannel(next, { ...setup.channel, linkedBy: 'démo', linkedAt: deps.clock.now().toISOString() });
      await deps.directory.bindConversation(setup.channel.conversationId, { centraleId, instanceId });
    }
    await deps.governance.updateInstance(centraleId, instanceId, () => next);
  }
}
