import { Harness, cardOf, startHarness, textOf } from '../support/bot-harness';
import { DEMO_TENANT, NEW_CHANNEL, USERS, cardAction, message } from '../support/activities';
import { personKey } from '../../src/domain/identity';
import { press } from '../support/card-client';

let h: Harness;
const CENTRALE = 'metropole-de-lyon';
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const personal = (u: { aadObjectId: string }) => `a:personal-${u.aadObjectId}`;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.connector.reset());

const lastCard = async (conversationId: string) =>
  cardOf(await h.connector.waitFor(() => h.connector.sent(conversationId).at(-1)));

/** Claire opens the roles form of `who`, as she would: `rôles`, the picker, « Afficher ses rôles ». */
async function rolesFormOf(who: { aadObjectId: string }) {
  await h.post(message(h.connector.url, USERS.claire, 'rôles'));
  const picker = await lastCard(personal(USERS.claire));
  const chosen = press(picker, 'Afficher ses rôles', { personKey: key(who) });
  if (!chosen.sent) throw new Error(JSON.stringify(chosen.refused));
  return (await h.post(cardAction(h.connector.url, USERS.claire, chosen.verb, chosen.data))).body.value;
}

describe('an administrator sets a person’s e-mail address and how notices reach them', () => {
  it('shows the address and the preference stored, and saves « Toujours par e-mail » with a new address', async () => {
    const form = await rolesFormOf(USERS.luc);
    expect(textOf(form)).toContain('Rôles de Luc Moreau');
    const shown = press(form, 'Enregistrer');
    if (!shown.sent) throw new Error(JSON.stringify(shown.refused));
    expect(shown.data).toMatchObject({ email: 'luc.moreau@grandlyon.example', delivery: 'teams' });
    expect(JSON.stringify(form)).toContain('Teams d’abord, e-mail si Teams ne peut pas remettre');

    const save = press(form, 'Enregistrer', { email: '  Luc.Moreau@Mairie-Bron.Example ', delivery: 'email' });
    if (!save.sent) throw new Error(JSON.stringify(save.refused));
    const saved = await h.post(cardAction(h.connector.url, USERS.claire, save.verb, save.data));
    expect(textOf(saved.body.value)).toContain('Rôles enregistrés');
    expect(textOf(saved.body.value)).toContain('Luc.Moreau@mairie-bron.example');
    expect(textOf(saved.body.value)).toContain('Toujours par e-mail');
    const luc = (await h.bot.store.governance.getPerson(CENTRALE, key(USERS.luc)))!;
    expect(luc).toMatchObject({ email: 'Luc.Moreau@mairie-bron.example', delivery: 'email', roles: ['elu'] });

    const logged = (await h.bot.store.adminAudit.list(CENTRALE)).filter((e) => e.action === 'roles').at(-1);
    expect(logged?.detail).toContain('e-mail : luc.moreau@grandlyon.example → Luc.Moreau@mairie-bron.example');
    expect(logged?.detail).toContain('envoi : Teams d’abord → toujours par e-mail');
  });

  it('keeps an address another administrator set meanwhile when this form did not change it', async () => {
    const form = await rolesFormOf(USERS.sophie);
    await h.bot.store.governance.upsertPerson(
      (await h.bot.store.governance.getPerson(CENTRALE, key(USERS.sophie)))!,
      (p) => ({
        ...p,
        email: 'sophie@nouvelle.example',
      }),
    );
    const save = press(form, 'Enregistrer', { delivery: 'email' });
    if (!save.sent) throw new Error(JSON.stringify(save.refused));
    await h.post(cardAction(h.connector.url, USERS.claire, save.verb, save.data));
    expect(await h.bot.store.governance.getPerson(CENTRALE, key(USERS.sophie))).toMatchObject({
      email: 'sophie@nouvelle.example',
      delivery: 'email',
    });
  });

  it('refuses a bad address in French, keeps what was typed, and changes nothing', async () => {
    const before = (await h.bot.store.governance.getPerson(CENTRALE, key(USERS.jean)))!;
    const form = await rolesFormOf(USERS.jean);
    // The client lets this one through (it has an @ and a dot); the domain does not.
    const save = press(form, 'Enregistrer', { email: 'jean@bron..fr', delivery: 'email', roles: 'elu' });
    if (!save.sent) throw new Error(JSON.stringify(save.refused));
    const res = await h.post(cardAction(h.connector.url, USERS.claire, save.verb, save.data));
    expect(textOf(res.body.value)).toContain('Adresse e-mail invalide : « jean@bron..fr »');
    expect(JSON.stringify(res.body.value)).toContain('"value":"jean@bron..fr"');
    expect(await h.bot.store.governance.getPerson(CENTRALE, key(USERS.jean))).toEqual(before);

    // An address without a domain is refused by the client itself, with the input's message.
    const typo = press(form, 'Enregistrer', { email: 'jean.bron' });
    expect(typo.sent).toBe(false);
    if (!typo.sent) expect(typo.refused[0].errorMessage).toContain('Adresse e-mail invalide');
  });

  it('refuses the address to a non-administrator', async () => {
    const before = (await h.bot.store.governance.getPerson(CENTRALE, key(USERS.sophie)))!;
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'roles.save', {
        personKey: key(USERS.sophie),
        roles: 'coordinateur',
        email: 'moi@ailleurs.example',
        delivery: 'email',
      }),
    );
    expect(textOf(res.body.value)).toContain('Seul un administrateur de la centrale peut attribuer des rôles');
    expect(await h.bot.store.governance.getPerson(CENTRALE, key(USERS.sophie))).toEqual(before);
  });
});

describe('the team roster gives the address', () => {
  const newcomer = {
    id: '29:ines',
    name: 'Inès Garnier',
    aadObjectId: 'b2e0c6e8-0000-4000-8000-000000000061',
    tenantId: DEMO_TENANT,
    // Teams often gives the UPN and no mail.
    upn: 'ines.garnier@grandlyon.example',
  };
  const known = {
    id: '29:nadia-lefevre',
    name: 'Nadia Lefèvre',
    aadObjectId: 'a1d0c6e8-0000-4000-8000-000000000025',
    tenantId: DEMO_TENANT,
    email: 'n.lefevre@roster.example',
  };

  it('fills the address of a newcomer from the UPN, and of a known person without one, never overwriting one', async () => {
    await h.bot.store.governance.upsertPerson((await h.bot.store.governance.getPerson(CENTRALE, key(known)))!, (p) => ({
      ...p,
      email: null,
    }));
    h.connector.roster = [USERS.claire, USERS.sophie, newcomer, known].map((u) => ({
      tenantId: DEMO_TENANT,
      ...u,
      ...(u === USERS.claire ? { email: 'autre.adresse@roster.example' } : {}),
    }));
    const res = await h.post(
      cardAction(
        h.connector.url,
        USERS.claire,
        'members.save',
        {
          instanceId: 'comite-de-dg',
          members: [key(USERS.claire), key(newcomer), key(known)].join(','),
          organisers: key(USERS.claire),
        },
        NEW_CHANNEL,
      ),
    );
    expect(textOf(res.body.value)).toContain('compte 3 membres');
    expect((await h.bot.store.governance.getPerson(CENTRALE, key(newcomer)))?.email).toBe(
      'ines.garnier@grandlyon.example',
    );
    expect((await h.bot.store.governance.getPerson(CENTRALE, key(known)))?.email).toBe('n.lefevre@roster.example');
    expect((await h.bot.store.governance.getPerson(CENTRALE, key(USERS.claire)))?.email).toBe(
      'claire.martin@grandlyon.example',
    );
  });
});

describe('an administrator imports members from a pasted table', () => {
  const FILE = [
    'Nom;E-mail;Adhérent;Rôles;Envoi',
    'Hélène Vidal;helene.vidal@caluire.example;Ville de Caluire-et-Cuire;Élu·e;',
    '"Gauthier, Rémi";remi.gauthier@saint-priest.example;CCAS de Saint-Priest;Référent·e de commune | Élu·e;E-mail',
    'Amina Haddad;AMINA.HADDAD@Villeurbanne.example;Ville de Villeurbanne;Référente, Élu·e;E-mail',
  ].join('\n');

  it('refuses a table with errors line by line, keeps what was pasted, and imports nothing', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'importer'));
    const form = await lastCard(personal(USERS.claire));
    expect(textOf(form)).toContain('Importer des membres');
    const before = await h.bot.store.governance.listPeople(CENTRALE);
    const wrong = [
      'Nom;E-mail;Adhérent;Rôles;Envoi',
      'Hélène Vidal;helene.vidal@caluire.example;Ville de Caluire-et-Cuire;Élu·e;',
      'Rémi Gauthier;remi.gauthier@saint-priest;;;',
      'Marc Petit;marc.petit@villeneuve.example;Villeneuve;;',
    ].join('\n');
    const pressed = press(form, 'Importer', { text: wrong });
    if (!pressed.sent) throw new Error(JSON.stringify(pressed.refused));
    const res = (await h.post(cardAction(h.connector.url, USERS.claire, pressed.verb, pressed.data))).body.value;
    expect(textOf(res)).toContain('Rien n’a été importé : 2 erreurs à corriger.');
    expect(textOf(res)).toContain('Ligne 3 : adresse e-mail invalide : « remi.gauthier@saint-priest ».');
    expect(textOf(res)).toContain('Ligne 4 : adhérent inconnu « Villeneuve ».');
    expect(JSON.stringify(res)).toContain(JSON.stringify(wrong));
    expect(await h.bot.store.governance.listPeople(CENTRALE)).toEqual(before);
    // « Annuler » leads back out.
    const cancel = press(res, 'Annuler');
    if (!cancel.sent) throw new Error(JSON.stringify(cancel.refused));
    expect(
      textOf((await h.post(cardAction(h.connector.url, USERS.claire, cancel.verb, cancel.data))).body.value),
    ).toContain('Formulaire fermé');
  });

  it('creates the new people with an external identity, updates the one known by its address, and says so', async () => {
    await h.post(message(h.connector.url, USERS.claire, 'importer'));
    const form = await lastCard(personal(USERS.claire));
    const pressed = press(form, 'Importer', { text: FILE });
    if (!pressed.sent) throw new Error(JSON.stringify(pressed.refused));
    const res = (await h.post(cardAction(h.connector.url, USERS.claire, pressed.verb, pressed.data))).body.value;
    expect(textOf(res)).toContain('3 membres importés : 2 créés, 1 mis à jour.');
    expect(res.actions).toContainEqual(expect.objectContaining({ verb: 'members.import' }));

    const people = await h.bot.store.governance.listPeople(CENTRALE);
    const remi = people.find((p) => p.email === 'remi.gauthier@saint-priest.example')!;
    expect(remi).toMatchObject({
      displayName: 'Gauthier, Rémi',
      tenantId: 'externe',
      teamsUserId: null,
      delivery: 'email',
      roles: ['referent', 'elu'],
      memberId: 'ccas-saint-priest',
    });
    expect(remi.aadObjectId).toMatch(/^mail-[0-9a-f-]{36}$/);
    expect(remi.key).toBe(personKey('externe', remi.aadObjectId));
    expect(remi.key).not.toContain('saint-priest');
    // Envoi left empty: still by e-mail, since someone new has no Teams account.
    expect(people.find((p) => p.email === 'helene.vidal@caluire.example')).toMatchObject({
      delivery: 'email',
      roles: ['elu'],
      memberId: 'caluire-et-cuire',
    });
    expect(await h.bot.store.governance.getPerson(CENTRALE, key(USERS.amina))).toMatchObject({
      displayName: 'Amina Haddad',
      email: 'amina.haddad@villeurbanne.example',
      roles: ['referent', 'elu'],
      memberId: 'villeurbanne',
      delivery: 'email',
    });
    const logged = (await h.bot.store.adminAudit.list(CENTRALE)).filter((e) => e.action === 'import').at(-1);
    expect(logged?.detail).toBe('3 membres importés : 2 créés, 1 mis à jour');

    // The same table again finds everyone by address: nobody is created twice.
    const again = (await h.post(cardAction(h.connector.url, USERS.claire, pressed.verb, pressed.data))).body.value;
    expect(textOf(again)).toContain('3 membres mis à jour.');
    expect((await h.bot.store.governance.listPeople(CENTRALE)).length).toBe(people.length);
  });

  it('refuses the import to a non-administrator', async () => {
    const before = await h.bot.store.governance.listPeople(CENTRALE);
    const res = await h.post(
      cardAction(h.connector.url, USERS.sophie, 'members.import', {
        text: 'Nom;E-mail\nMarc Petit;marc.petit@bron.example',
      }),
    );
    expect(textOf(res.body.value)).toContain('Seul un administrateur de la centrale');
    expect(await h.bot.store.governance.listPeople(CENTRALE)).toEqual(before);
  });
});
