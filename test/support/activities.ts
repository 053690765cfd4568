import { randomUUID } from 'crypto';

/** Teams-shaped activities, as the Teams service posts them to /api/messages. */
export const DEMO_TENANT = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
export const BOT = { id: '28:centrale-bot', name: 'Centrale' };
export const TEAM_ID = '19:team@thread.tacv2';
/** What the Teams API answers about the demo team (fake connector: /v3/teams/…). */
export const TEAM = {
  id: TEAM_ID,
  name: 'Centrale d’achat',
  channels: [
    { id: TEAM_ID, name: '' },
    { id: '19:copil-rret@thread.tacv2', name: 'COPIL RReT' },
    { id: '19:nouveau@thread.tacv2', name: 'Comité de DG' },
  ],
};

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
  jean: demoUser(22, 'Jean Dupont'), // élu and référent of Bron
  amina: demoUser(23, 'Amina Haddad'), // référente Villeurbanne
  luc: demoUser(24, 'Luc Moreau'), // élu, no commune in the demo data
  stranger: { id: '29:stranger', name: 'Personne Inconnue', aadObjectId: 'ffffffff-0000-4000-8000-000000000099' },
};

export type Where =
  | { kind: 'personal'; conversationId?: string }
  | { kind: 'channel'; conversationId: string; channelName?: string; teamId?: string }
  | { kind: 'groupChat'; conversationId: string };

export const COPIL_CHANNEL = {
  kind: 'channel',
  conversationId: '19:copil-rret@thread.tacv2',
  channelName: 'COPIL RReT',
  teamId: '19:team@thread.tacv2',
} as const;
export const NEW_CHANNEL = {
  kind: 'channel',
  conversationId: '19:nouveau@thread.tacv2',
  channelName: 'Comité de DG',
  teamId: '19:team@thread.tacv2',
} as const;

let threads = 0;

/**
 * As Teams sends them: in a channel, each message or card action belongs to a thread whose
 * conversation id is `<channel id>;messageid=<n>`, and channelData carries ids, not names
 * (names come with conversationUpdate only).
 */
function base(serviceUrl: string, user: TestUser, where: Where, withNames = false) {
  const tenantId = user.tenantId ?? DEMO_TENANT;
  let conversationId = where.conversationId ?? `a:personal-${user.aadObjectId}`;
  const channelData: Record<string, unknown> = { tenant: { id: tenantId } };
  if (where.kind === 'channel') {
    conversationId = `${where.conversationId};messageid=${1700000000000 + ++threads}`;
    channelData.channel = withNames
      ? { id: where.conversationId, name: where.channelName }
      : { id: where.conversationId };
    channelData.team = withNames
      ? { id: where.teamId ?? TEAM_ID, name: 'Centrale d’achat' }
      : { id: where.teamId ?? TEAM_ID };
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

export function cardAction(
  serviceUrl: string,
  user: TestUser,
  verb: unknown,
  data: unknown,
  where: Where = { kind: 'personal' },
) {
  return {
    ...base(serviceUrl, user, where),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: 'activity-card',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export function botAdded(serviceUrl: string, user: TestUser, where: Where = { kind: 'personal' }) {
  const activity = base(serviceUrl, user, where, true);
  // A bot added to a team is told so on the team's General channel, without a thread.
  if (where.kind === 'channel') activity.conversation.id = where.conversationId;
  return { ...activity, type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
}

export function installationUpdate(serviceUrl: string, user: TestUser, where: Where = { kind: 'personal' }) {
  return { ...base(serviceUrl, user, where), type: 'installationUpdate', action: 'add' };
}
