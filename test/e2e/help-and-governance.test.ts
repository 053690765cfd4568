import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { COPIL_CHANNEL, USERS, botAdded, cardAction, installationUpdate, message } from '../support/activities';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.connector.reset());

const lastCardText = async (conversationId?: string) => {
  const sent = await h.connector.waitFor(() => h.connector.sent(conversationId).at(-1));
  return textOf(cardOf(sent));
};

describe('help, governance map and conversations', () => {
  it('answers "aide" in a personal chat with a card of what this administrator can do', async () => {
    const res = await h.post(message(h.connector.url, USERS.claire, 'aide'));
    expect(res.status).toBe(200);
    const text = await lastCardText();
    expect(text).toContain('Bonjour Claire Martin');
    expect(text).toContain('rôles');
    expect(text).toContain('membres');
    expect(text).not.toContain('lier'); // only offered where it can be done: a channel
  });

  it('shows a référente only what her roles allow', async () => {
    await h.post(message(h.connector.url, USERS.amina, 'Aide'));
    const text = await lastCardText();
    expect(text).toContain('comités');
    expect(text).not.toContain('rôles');
    expect(text).not.toContain('membres');
  });

  it('offers an organiser of an instance to compose it, without administrator commands', async () => {
    await h.post(message(h.connector.url, USERS.sophie, 'aide'));
    const text = await lastCardText();
    expect(text).toContain('membres');
    expect(text).not.toContain('rôles');
  });

  const helpButtons = async (conversationId?: string): Promise<string[]> => {
    const sent = await h.connector.waitFor(() => h.connector.sent(conversationId).at(-1));
    const found: string[] = [];
    const walk = (node: any): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      if (node.type === 'Action.Submit' && node.data?.msteams?.type === 'imBack') found.push(node.data.msteams.value);
      Object.values(node).forEach(walk);
    };
    walk(cardOf(sent));
    return found;
  };

  it('gives an élu without a commune only what he can do, as buttons: no needs, no dispute report', async () => {
    await h.post(message(h.connector.url, USERS.luc, 'aide'));
    const buttons = await helpButtons();
    expect(buttons).toEqual(expect.arrayContaining(['comités', 'mes convocations', 'bilan']));
    expect(buttons).not.toContain('besoins');
    expect(buttons).not.toContain('litige');
    expect(buttons).not.toContain('aide');
    const text = await lastCardText();
    expect(text).not.toContain('besoins');
    expect(text).not.toContain('signaler un problème');
  });

  it('gives a référente of a commune her needs and dispute report as buttons, and no administration', async () => {
    await h.post(message(h.connector.url, USERS.amina, 'aide'));
    const buttons = await helpButtons();
    expect(buttons).toEqual(expect.arrayContaining(['comités', 'besoins', 'litige', 'mes convocations']));
    expect(buttons).not.toContain('rôles');
    expect(buttons).not.toContain('campagne');
  });

  it('gives the coordination the needs follow-up but not the dispute report', async () => {
    await h.post(message(h.connector.url, USERS.sophie, 'aide'));
    const buttons = await helpButtons();
    expect(buttons).toEqual(expect.arrayContaining(['besoins', 'campagne', 'membres']));
    expect(buttons).not.toContain('litige');
  });

  it('offers « mes séances », « mes scrutins », « mes campagnes », « mes litiges » to those who have something there', async () => {
    const mine = async (user: (typeof USERS)[keyof typeof USERS]) => {
      h.connector.reset();
      await h.post(message(h.connector.url, user, 'aide'));
      return (await helpButtons()).filter((b) => b.startsWith('mes '));
    };
    // Sophie organises the COPIL RReT and coordinates the campaigns.
    expect(await mine(USERS.sophie)).toEqual(['mes convocations', 'mes séances', 'mes scrutins', 'mes campagnes']);
    // Amina, référente of Villeurbanne and member of the COPIL RReT: she votes, answers, reports.
    expect(await mine(USERS.amina)).toEqual(['mes convocations', 'mes scrutins', 'mes campagnes', 'mes litiges']);
    // Luc, an élu without a commune, member of an instance: he votes, nothing more.
    expect(await mine(USERS.luc)).toEqual(['mes convocations', 'mes scrutins']);
    // Each button is a command the bot answers with its list.
    h.connector.reset();
    await h.post(message(h.connector.url, USERS.sophie, 'mes séances'));
    expect(await lastCardText()).toContain('Mes séances');
  });

  it('tells an unregistered person of the centrale’s tenant who its administrators are and how to reach them', async () => {
    await h.post(message(h.connector.url, USERS.stranger, 'aide'));
    const text = await lastCardText();
    expect(text).toContain('pas encore enregistré');
    expect(text).toContain('Claire Martin');
    expect(text).toContain('claire.martin@grandlyon.example');
    expect(text).not.toContain('Sophie Bernard');
    expect(await helpButtons()).toEqual([]);
  });

  it('tells an unregistered person in a linked channel who the administrators are, whatever their tenant', async () => {
    const outsider = { ...USERS.stranger, tenantId: '0a0a0a0a-1111-4222-8333-444444444444' };
    await h.post(message(h.connector.url, outsider, 'aide', COPIL_CHANNEL));
    const text = await lastCardText(COPIL_CHANNEL.conversationId);
    expect(text).toContain('Claire Martin');
  });

  it('tells an unregistered person no centrale knows that it cannot say whom to ask, plainly', async () => {
    const outsider = { ...USERS.stranger, tenantId: '0a0a0a0a-1111-4222-8333-444444444444' };
    await h.post(message(h.connector.url, outsider, 'aide'));
    const text = await lastCardText();
    expect(text).toContain('pas encore enregistré');
    expect(text).toContain('Aucune centrale d’achat n’est rattachée à votre organisation');
    expect(text).not.toContain('Claire Martin');
  });

  it('tells someone no centrale lists that they must be added, and nothing more', async () => {
    await h.post(message(h.connector.url, USERS.stranger, 'comités'));
    const text = await lastCardText();
    expect(text).toContain('pas encore enregistré');
    expect(text).toContain('tapez « aide » pour savoir qui l’administre');
    expect(text).not.toContain('Comité de pilotage');
  });

  it('shows the governance map with objectives, participants, rules and the linked channel', async () => {
    await h.post(message(h.connector.url, USERS.jean, 'comités'));
    const text = await lastCardText();
    for (const expected of [
      'Gouvernance politique',
      'Comité de pilotage',
      'Validation des objectifs et de la programmation',
      'Conférence métropolitaine des Maires',
      'COPIL RReT',
      'Centrale d’achat › COPIL RReT',
      'Comité de DG (validation)',
      'Comité opérationnel',
      'jours francs',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('answers text it does not understand with a short help card, never silence', async () => {
    await h.post(message(h.connector.url, USERS.amina, 'le chat mange la souris'));
    const text = await lastCardText();
    expect(text).toContain('Je n’ai pas compris « le chat mange la souris »');
  });

  it('answers in a channel when mentioned, and in a group chat', async () => {
    await h.post(message(h.connector.url, USERS.sophie, 'aide', COPIL_CHANNEL));
    expect(await lastCardText(COPIL_CHANNEL.conversationId)).toContain('Bonjour Sophie Bernard');
    const group = { kind: 'groupChat' as const, conversationId: '19:groupe@thread.v2' };
    await h.post(message(h.connector.url, USERS.sophie, 'comités', group));
    expect(await lastCardText(group.conversationId)).toContain('Comité de pilotage');
  });

  it('welcomes on installation once and keeps the conversation reference', async () => {
    const where = { kind: 'personal' as const, conversationId: 'a:install-claire' };
    await h.post(botAdded(h.connector.url, USERS.claire, where));
    expect(await lastCardText(where.conversationId)).toContain('Bienvenue');
    expect(await h.bot.store.conversations.getForConversation(where.conversationId)).toMatchObject({
      conversation: { id: where.conversationId },
    });
    await h.post(installationUpdate(h.connector.url, USERS.claire, where));
    expect(h.connector.sent(where.conversationId)).toHaveLength(1);
  });

  it('says hello once when Teams sends both installation events at the same time', async () => {
    const where = { kind: 'personal' as const, conversationId: 'a:install-jean' };
    const [a, b] = await Promise.all([
      h.post(botAdded(h.connector.url, USERS.jean, where)),
      h.post(installationUpdate(h.connector.url, USERS.jean, where)),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.connector.waitFor(() => h.connector.sent(where.conversationId).length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.connector.sent(where.conversationId)).toHaveLength(1);
  });

  it('welcomes a team on installation and tells an administrator how to link the channel', async () => {
    const channel = { kind: 'channel' as const, conversationId: '19:installe@thread.tacv2', channelName: 'Général' };
    await h.post(botAdded(h.connector.url, USERS.claire, channel));
    const text = await lastCardText(channel.conversationId);
    expect(text).toContain('Bienvenue dans « Centrale d’achat › Général »');
    expect(text).toContain('« lier »');
    expect(await h.bot.store.conversations.getForConversation(channel.conversationId)).not.toBeNull();
  });

  it('rejects a malformed body with 400 and keeps serving', async () => {
    const bad = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(bad.status).toBe(400);
    const noType = await h.post({ hello: 'world' });
    expect(noType.status).toBe(400);
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    // Strangers learn whether it serves, nothing of its database (endpoint, name, errors).
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('answers an unknown card verb with a French error card and stores nothing', async () => {
    const before = await h.bot.store.governance.listInstances('metropole-de-lyon');
    expect(before.length).toBe(8);
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'instance.delete', { instanceId: 'comite-de-pilotage' }),
    );
    expect(res.status).toBe(200);
    expect(textOf(res.body.value)).toContain('Cette action n’est pas reconnue');
    const bad = await h.post(
      cardAction(h.connector.url, USERS.claire, 'channel.link', { instanceId: 42 }, COPIL_CHANNEL),
    );
    expect(textOf(bad.body.value)).toContain('Données invalides');
    expect(await h.bot.store.governance.listInstances('metropole-de-lyon')).toEqual(before);
  });
});
