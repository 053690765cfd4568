import { randomUUID } from 'crypto';

/** Teams-shaped activities, as the Teams service posts them to /api/messages. */
export const DEMO_TENANT = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
export const BOT = { id: '28:centrale-bot', name: 'Centrale' };

export interface TestUser {
  id: string;
  name: string;
  aadObjectId: string;
  tenantId?: string;
}

const demoUser = (n: number, name: string): TestUser => ({
  id: `29:${name.toLowerCase().replace(/\W+/g, '-')}`,
  name,
  aadObjectId: `a1d0c6e8-0000-4000-8000-0000000000${n}`,
});

/** The people of data/demo/demo.json. */
export const USERS = {
  claire: demoUser(20, 'Claire Martin'), // administrateur, acheteur; organiser of two instances
  sophie: demoUser(21, 'Sophie Bernard'), // coordinateur
  jean: demoUser(22, 'Jean Dupont'), // élu
  amina: demoUser(23, 'Amina Haddad'), // référente Villeurbanne
  stranger: { id: '29:stranger', name: 'Personne Inconnue', aadObjectId: 'ffffffff-0000-4000-8000-000000000099' },
};

export type Where =
  | { kind: 'personal'; conversationId?: string }
  | { kind: 'channel'; conversationId: string; channelName?: string; teamId?: string }
  | { kind: 'groupChat'; conversationId: string };

export const COPIL_CHANNEL = { kind: 'channel', conversationId: '19:copil-rret@thread.tacv2', channelName: 'COPIL RReT', teamId: '19:team@thread.tacv2' } as const;
export const NEW_CHANNEL = { kind: 'channel', conversationId: '19:nouveau@thread.tacv2', channelName: 'Comité de DG', teamId: '19:team@thread.tacv2' } as const;

function base(serviceUrl: string, user: TestUser, where: Where) {
  const tenantId = user.tenantId ?? DEMO_TENANT;
  const conversationId = where.conversationId ?? `a:personal-${user.aadObjectId}`;
  const channelData: Record<string, unknown> = { tenant: { id: tenantId } };
  if (where.kind === 'channel') {
    channelData.channel = { id: where.conversationId, name: where.channelName ?? 'Général' };
    channelData.team = { id: where.teamId ?? '19:team@thread.tacv2', name: 'Centrale d’achat' };
  }
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: BOT,
    conversation: { id: conversationId, conversationType: where.kind, tenantId, isGroup: where.kind !== 'personal' },
    channelData,
    locale: 'fr-FR',
  };
}

export function message(serviceUrl: string, user: TestUser, text: string, where: Where = { kind: 'personal' }) {
  const mention = where.kind === 'personal' ? '' : `<at>${BOT.name}</at> `;
  return {
    ...base(serviceUrl, user, where),
    type: 'message',
    text: `${mention}${text}`,
    entities: mention ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] : [],
  };
}

export function cardAction(serviceUrl: string, user: TestUser, verb: unknown, data: unknown, where: Where = { kind: 'personal' }) {
  return {
    ...base(serviceUrl, user, where),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: 'activity-card',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export function botAdded(serviceUrl: string, user: TestUser, where: Where = { kind: 'personal' }) {
  return { ...base(serviceUrl, user, where), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
}

export function installationUpdate(serviceUrl: string, user: TestUser, where: Where = { kind: 'personal' }) {
  return { ...base(serviceUrl, user, where), type: 'installationUpdate', action: 'add' };
}
