import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { DEMO_TENANT, NEW_CHANNEL, USERS, cardAction, message } from '../support/activities';
import { personKey } from '../../src/domain/identity';
import { press } from '../support/card-client';

let h: Harness;
const CENTRALE = 'metropole-de-lyon';
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const newcomer = {
  id: '29:paul',
  name: 'Paul Girard',
  aadObjectId: 'b2e0c6e8-0000-4000-8000-000000000031',
  email: 'paul.girard@bron.example',
};

beforeAll(async () => {
  h = await startHarness();
  h.connector.roster = [USERS.claire, USERS.sophie, USERS.amina, newcomer].map((u) => ({
    ...u,
    tenantId: DEMO_TENANT,
  }));
});
afterAll(() => h.stop());
beforeEach(() => h.connector.reset());

const lastCard = async (conversationId: string) =>
  cardOf(await h.connector.waitFor(() => h.connector.sent(conversationId).at(-1)));

describe('an administrator sets up the governance from Teams', () => {
  it('links a channel to an instance from the form and remembers where to post', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'lier', NEW_CHANNEL));
    const form = await lastCard(NEW_CHANNEL.conversationId);
    expect(textOf(form)).toContain('Lier ce canal à une instance');
    expect(JSON.stringify(form)).toContain('comite-de-dg');

    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'channel.link', { instanceId: 'comite-de-dg' }, NEW_CHANNEL),
    );
    expect(textOf(res.body.value)).toContain('Canal lié');
    // No dead end: the confirmation leads on to the governance map.
    expect(res.body.value.actions).toContainEqual(expect.objectContaining({ verb: 'governance.show' }));
    const instance = await h.bot.store.governance.getInstance(CENTRALE, 'comite-de-dg');
    // The thread id is dropped and the name comes from the Teams API (messages carry none).
    expect(instance?.channel).toMatchObject({
      conversationId: NEW_CHANNEL.conversationId,
      name: 'Centrale d’achat › Comité de DG',
      linkedBy: key(USERS.claire),
    });
    expect(await h.bot.store.directory.instanceOfConversation(NEW_CHANNEL.conversationId)).toEqual({
      centraleId: CENTRALE,
      instanceId: 'comite-de-dg',
    });
    expect(await h.bot.store.conversations.getForConversation(NEW_CHANNEL.conversationId)).not.toBeNull();
  });

  it('moves a channel to another instance and unlinks the first one', async () => {
    // A sentence only prefills the form: nothing moves before its button.
    await h.post(message(h.connector.url, USERS.claire, 'lier ce canal au comité méthodes', NEW_CHANNEL));
    const form = await lastCard(NEW_CHANNEL.conversationId);
    expect(textOf(form)).toContain('J’ai compris : Comité Méthodes (Équipe Projet)');
    expect(JSON.stringify(form)).toMatch(/"id":"instanceId"[^}]*"value":"comite-methodes"/);
    expect((await h.bot.store.governance.getInstance(CENTRALE, 'comite-methodes'))?.channel).toBeNull();
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'channel.link', { instanceId: 'comite-methodes' }, NEW_CHANNEL),
    );
    expect((await h.bot.store.governance.getInstance(CENTRALE, 'comite-de-dg'))?.channel).toBeNull();
    await h.post(
      cardAction(h.connector.url, USERS.claire, 'channel.link', { instanceId: 'comite-de-dg' }, NEW_CHANNEL),
    );
    expect((await h.bot.store.governance.getInstance(CENTRALE, 'comite-methodes'))?.channel).toBeNull();
  });

  it('refuses a link by a non-administrator, in French, and changes nothing', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.amina, 'channel.link', { instanceId: 'comite-methodes' }, NEW_CHANNEL),
    );
    expect(textOf(res.body.value)).toContain('Seul un administrateur de la centrale peut lier un canal');
    expect((await h.bot.store.governance.getInstance(CENTRALE, 'comite-methodes'))?.channel).toBeNull();
    expect(await h.bot.store.directory.instanceOfConversation(NEW_CHANNEL.conversationId)).toMatchObject({
      instanceId: 'comite-de-dg',
    });
  });

  it('refuses to link a personal chat', async () => {
    const res = await h.post(cardAction(h.connector.url, USERS.claire, 'channel.link', { instanceId: 'comite-de-dg' }));
    expect(textOf(res.body.value)).toContain('canal d’équipe');
  });

  it('sets members and organisers from the team roster, adding newcomers to the centrale', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'membres', NEW_CHANNEL));
    const form = await lastCard(NEW_CHANNEL.conversationId);
    expect(textOf(form)).toContain('Membres — Comité de DG (validation)');
    expect(textOf(form)).toContain('Paul Girard (paul.girard@bron.example)');

    const members = [key(USERS.sophie), key(newcomer)].join(',');
    const res = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'members.save',
        { instanceId: 'comite-de-dg', members, organisers: key(USERS.sophie) },
        NEW_CHANNEL,
      ),
    );
    expect(textOf(res.body.value)).toContain('compte 2 membres');
    expect(res.body.value.actions).toContainEqual(expect.objectContaining({ verb: 'governance.show' }));
    expect(textOf(res.body.value)).toContain('Sophie Bernard\norganisateur·rice');
    const instance = await h.bot.store.governance.getInstance(CENTRALE, 'comite-de-dg');
    expect(instance?.members).toEqual([
      { personKey: key(USERS.sophie), organiser: true },
      { personKey: key(newcomer), organiser: false },
    ]);
    expect(await h.bot.store.governance.getPerson(CENTRALE, key(newcomer))).toMatchObject({
      displayName: 'Paul Girard',
      roles: [],
    });
    expect(await h.bot.store.directory.centralesOf(key(newcomer))).toEqual([CENTRALE]);
    const logged = (await h.bot.store.adminAudit.list(CENTRALE)).filter((e) => e.action === 'membres').at(-1);
    expect(logged?.detail).toBe('« Comité de DG (validation) » : 2 membres, dont 1 organisateur·rice');
  });

  it('keeps what was ticked when an organiser is not a member, and saves nothing', async () => {
    const before = await h.bot.store.governance.getInstance(CENTRALE, 'comite-de-dg');
    const res = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'members.save',
        { instanceId: 'comite-de-dg', members: key(USERS.sophie), organisers: key(USERS.amina) },
        NEW_CHANNEL,
      ),
    );
    const card = res.body.value;
    expect(textOf(card)).toContain('Un organisateur doit aussi être membre');
    expect(JSON.stringify(card)).toContain(`"value":"${key(USERS.amina)}"`);
    expect(await h.bot.store.governance.getInstance(CENTRALE, 'comite-de-dg')).toEqual(before);
  });

  it('gives roles; a référent must have a commune, and the form keeps the choices', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'rôles'));
    const form = await lastCard(`a:personal-${USERS.claire.aadObjectId}`);
    expect(textOf(form)).toContain('Rôles dans la centrale');

    const missing = await h.post(
      cardAction(h.connector.url, USERS.claire, 'roles.save', { personKey: key(newcomer), roles: 'referent,elu' }),
    );
    expect(textOf(missing.body.value)).toContain('Un référent doit être rattaché à un adhérent');
    expect(JSON.stringify(missing.body.value)).toContain('"value":"referent,elu"');
    expect((await h.bot.store.governance.getPerson(CENTRALE, key(newcomer)))?.roles).toEqual([]);

    const ok = await h.post(
      cardAction(h.connector.url, USERS.claire, 'roles.save', {
        personKey: key(newcomer),
        roles: 'referent,elu',
        memberId: 'bron',
      }),
    );
    expect(textOf(ok.body.value)).toContain('Paul Girard : Référent·e de commune, Élu·e');
    expect(await h.bot.store.governance.getPerson(CENTRALE, key(newcomer))).toMatchObject({
      roles: ['referent', 'elu'],
      memberId: 'bron',
    });
  });

  it('shows the chosen person’s roles and commune ticked, so that adding a role keeps the others', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'rôles'));
    const picker = await lastCard(`a:personal-${USERS.claire.aadObjectId}`);
    const chosen = press(picker, 'Afficher ses rôles', { personKey: key(USERS.jean) });
    if (!chosen.sent) throw new Error(JSON.stringify(chosen.refused));
    const form = (await h.post(cardAction(h.connector.url, USERS.claire, chosen.verb, chosen.data))).body.value;
    expect(textOf(form)).toContain('Rôles de Jean Dupont');
    const shown = press(form, 'Enregistrer');
    if (!shown.sent) throw new Error(JSON.stringify(shown.refused));
    expect(shown.data).toMatchObject({ personKey: key(USERS.jean), memberId: 'bron' });
    expect(shown.data.roles!.split(',').sort()).toEqual(['elu', 'referent']);

    // Claire ticks « Coordinateur » besides what the form shows ticked.
    const save = press(form, 'Enregistrer', { roles: `${shown.data.roles},coordinateur` });
    if (!save.sent) throw new Error(JSON.stringify(save.refused));
    // Meanwhile, another administrator makes Jean an acheteur: saving the form keeps it, since Claire did not untick it.
    const jean = (await h.bot.store.governance.getPerson(CENTRALE, key(USERS.jean)))!;
    await h.bot.store.governance.upsertPerson(jean, (p) => ({ ...p, roles: [...p.roles, 'acheteur'] }));
    const saved = await h.post(cardAction(h.connector.url, USERS.claire, save.verb, save.data));
    expect(textOf(saved.body.value)).toContain('Rôles enregistrés');
    expect(saved.body.value.actions).toContainEqual(expect.objectContaining({ verb: 'roles.person' }));
    const after = (await h.bot.store.governance.getPerson(CENTRALE, key(USERS.jean)))!;
    expect([...after.roles].sort()).toEqual(['acheteur', 'coordinateur', 'elu', 'referent']);
    expect(after.memberId).toBe('bron');

    // Unticking one role removes that one only.
    const again = (await h.post(cardAction(h.connector.url, USERS.claire, chosen.verb, chosen.data))).body.value;
    const untick = press(again, 'Enregistrer', { roles: 'elu,referent,acheteur' });
    if (!untick.sent) throw new Error(JSON.stringify(untick.refused));
    await h.post(cardAction(h.connector.url, USERS.claire, untick.verb, untick.data));
    const last = (await h.bot.store.governance.getPerson(CENTRALE, key(USERS.jean)))!;
    expect([...last.roles].sort()).toEqual(['acheteur', 'elu', 'referent']);
    expect(last.memberId).toBe('bron');
  });

  it('lets an organiser, but not a plain member, compose the instance', async () => {
    const bySophie = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'members.edit', { instanceId: 'comite-de-dg' }, NEW_CHANNEL),
    );
    expect(textOf(bySophie.body.value)).toContain('Membres — Comité de DG');
    const byAmina = await h.post(
      cardAction(
        h.connector.url,
        USERS.amina,
        'members.save',
        { instanceId: 'comite-de-dg', members: key(USERS.amina) },
        NEW_CHANNEL,
      ),
    );
    expect(textOf(byAmina.body.value)).toContain('Seul un administrateur ou un organisateur');
    expect(
      (await h.bot.store.governance.getInstance(CENTRALE, 'comite-de-dg'))?.members.map((m) => m.personKey),
    ).not.toContain(key(USERS.amina));
  });

  it('shows names Teams gives as plain text, even with formatting or template syntax in them', async () => {
    const prankster = {
      id: '29:x',
      name: '${secret} **Gras** <at>Maire</at>',
      aadObjectId: 'c3e0c6e8-0000-4000-8000-000000000041',
      tenantId: DEMO_TENANT,
    };
    h.connector.roster.push(prankster);
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'members.edit', { instanceId: 'comite-de-dg' }, NEW_CHANNEL),
    );
    expect(textOf(res.body.value)).toContain('Gras');
    const saved = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'members.save',
        {
          instanceId: 'comite-de-dg',
          members: [key(USERS.sophie), key(newcomer), key(prankster)].join(','),
          organisers: key(USERS.sophie),
        },
        NEW_CHANNEL,
      ),
    );
    const shown = JSON.stringify(saved.body.value);
    expect(textOf(saved.body.value)).toContain('compte 3 membres');
    expect(shown).not.toContain('${');
    expect(shown).not.toContain('<at>');
    h.connector.roster.pop();
  });

  it('never lets an administrator remove their own administrator role', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.claire, 'roles.save', { personKey: key(USERS.claire), roles: 'acheteur' }),
    );
    expect(textOf(res.body.value)).toContain('Vous ne pouvez pas retirer votre propre rôle d’administrateur');
    expect((await h.bot.store.governance.getPerson(CENTRALE, key(USERS.claire)))?.roles).toEqual([
      'administrateur',
      'acheteur',
    ]);
  });

  it('refuses roles to a non-administrator', async () => {
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'roles.save', {
        personKey: key(USERS.sophie),
        roles: 'administrateur',
      }),
    );
    expect(textOf(res.body.value)).toContain('Seul un administrateur de la centrale peut attribuer des rôles');
    expect((await h.bot.store.governance.getPerson(CENTRALE, key(USERS.sophie)))?.roles).toEqual(['coordinateur']);
  });
});
