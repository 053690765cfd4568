import { expect } from '@jest/globals';
import { Locator } from 'playwright-core';
import { Session, openPlayground } from './playground';

/**
 * Flows clicked as Claire Martin (the Playground's user: administrator, Direction Achats,
 * organiser of the COPIL RReT) in her personal chat with the bot. Each step asserts on the text
 * of the card rendered after the click, and saves a screenshot in build/journeys/.
 */
let s: Session;

beforeAll(async () => {
  s = await openPlayground();
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

beforeEach(async () => {
  // Each journey starts from Claire's personal chat, whatever the previous one left open.
  await s.page.getByRole('treeitem', { name: 'Personal Chat' }).click();
});

const text = async (card: Locator) => (await card.innerText()).replace(/\s+/g, ' ');
const visible = async (text: string, timeout = 15_000) => {
  await s.card(text).waitFor({ state: 'visible', timeout });
  return (await s.card(text).innerText()).replace(/\s+/g, ' ');
};

test('install in the team: the bot greets the General channel; link it to an instance', async () => {
  await s.page.getByRole('treeitem', { name: 'Centrale d’achat - General' }).click();
  expect(await visible('Bienvenue dans « Centrale d’achat › Général »')).toContain('assistant de gouvernance');
  const box = s.page.getByRole('textbox').first();
  await box.click();
  await box.pressSequentially('@Cen');
  await s.page.getByRole('menuitem', { name: 'Centrale d’achat' }).click();
  await box.pressSequentially(' lier');
  await s.page.getByRole('button', { name: 'Post' }).click(); // a channel post, not a reply
  const form = s.card('Lier le canal');
  await form.waitFor({ timeout: 15_000 });
  await form.getByRole('combobox').click();
  await s.page.getByRole('option', { name: /Comité de DG/ }).click();
  await s.shot('00-lier-formulaire');
  await form.getByRole('button', { name: 'Lier le canal' }).click();
  expect(await visible('Canal lié')).toContain('Comité de DG');
  await s.shot('00-canal-lie');
});

test('help shows what Claire can do', async () => {
  await s.send('aide');
  const help = await visible('Ce que je peux faire pour vous');
  expect(help).toContain('convoquer');
  expect(help).toContain('scrutin');
  await s.shot('01-aide');
});

test('convene the COPIL RReT, then answer the convocation', async () => {
  await s.send('convoquer copil');
  const form = s.card('Convoquer une séance');
  await form.waitFor({ timeout: 15_000 });
  await form
    .locator('textarea')
    .first()
    .fill('Programmation 2027 ; Direction Achats\nBilan des marchés ; Coordinatrice RReT');
  await form
    .getByPlaceholder('Hôtel de la Métropole, salle du conseil')
    .fill('Hôtel de la Métropole, salle du conseil');
  await form.getByRole('button', { name: 'Convoquer' }).click();
  const forecast = await visible('Prévision du quorum — COPIL RReT');
  expect(forecast).toContain('Sans réponse : Claire Martin');
  await s.shot('02-convocation-prevision');
  const mine = s.card('Convocation — COPIL RReT');
  await mine.waitFor({ timeout: 15_000 });
  await mine.getByRole('button', { name: 'Présent·e' }).click();
  expect(await visible('Votre réponse : Présent·e')).toContain('Programmation 2027');
  await s.shot('03-convocation-reponse');
});

test('the organiser’s way back: « mes séances » → the forecast; « Modifier la séance » then « Annuler »', async () => {
  const list = await s.after('Mes séances', () => s.send('mes séances'));
  expect(await text(list)).toContain('COPIL RReT');
  await s.shot('20-mes-seances');
  const forecast = await s.after('Prévision du quorum — COPIL RReT', () =>
    list.getByRole('button', { name: 'Prévision du quorum' }).first().click(),
  );
  await s.shot('21-mes-seances-prevision');
  // Before the sitting, the forecast offers no « Relevé de décisions » (it would only be refused);
  // the ways on are to change or cancel it.
  await forecast.getByRole('button', { name: 'Modifier la séance' }).waitFor();
  await forecast.getByRole('button', { name: 'Annuler la séance' }).waitFor();
  expect(await forecast.getByRole('button', { name: 'Relevé de décisions' }).count()).toBe(0);
  const back = forecast;
  const form = await s.after('Enregistrer et prévenir les membres', () =>
    back.getByRole('button', { name: 'Modifier la séance' }).click(),
  );
  expect(await text(form)).toMatch(/^Modifier la séance/);
  await s.shot('24-modifier-seance');
  const restored = await s.after('Prévision du quorum — COPIL RReT', () =>
    form.getByRole('button', { name: 'Annuler', exact: true }).click(),
  );
  // The forecast as it stands: nothing changed, nothing sent to the members.
  expect(await text(restored)).toContain('Sans réponse');
  expect(await text(restored)).not.toContain('Modification');
  await restored.getByRole('button', { name: 'Modifier la séance' }).waitFor();
  await s.shot('25-modifier-annule');
});

test('open a ballot, vote, close it and read the result', async () => {
  await s.send('scrutin copil');
  const form = s.card('Ouvrir un scrutin');
  await form.waitFor({ timeout: 15_000 });
  await form.getByLabel('Objet').fill('Programmation 2027');
  await form.getByLabel('Question soumise au vote').fill('Le COPIL RReT valide-t-il la programmation 2027 ?');
  await form.getByRole('button', { name: 'Ouvrir le scrutin' }).click();
  expect(await visible('Suivi du scrutin — Programmation 2027')).toContain('0 votant sur 4');
  const ballot = s.page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: 'valide-t-il' })
    .filter({ hasText: 'Vous n’avez pas encore voté' })
    .last();
  await ballot.waitFor({ timeout: 15_000 });
  await ballot.getByRole('button', { name: 'Pour', exact: true }).click();
  expect(await visible('Votre vote : Pour')).toContain('1 votant sur 4');
  await s.shot('04-scrutin-vote');
  const manage = s.card('Suivi du scrutin — Programmation 2027');
  await manage.getByRole('button', { name: 'Clore maintenant' }).click();
  await manage.getByRole('button', { name: 'Confirmer la clôture' }).click();
  expect(await visible('Résultat du scrutin — Programmation 2027')).toContain('Votes nominatifs Claire Martin : Pour');
  await s.shot('05-scrutin-resultat');
});

test('open a needs campaign and follow it', async () => {
  await s.send('campagne');
  const form = s.card('Ouvrir une campagne de recensement des besoins');
  await form.waitFor({ timeout: 15_000 });
  await form.getByRole('button', { name: 'Ouvrir la campagne' }).click();
  expect(await visible('Donnez un titre à la campagne.')).toContain('Indiquez au moins un segment');
  const again = s.card('Ouvrir une campagne de recensement des besoins');
  await again.getByLabel('Titre').fill('Besoins 2027');
  await again.getByLabel('Segments concernés').fill('Fournitures de bureau\nRestauration collective');
  await again.getByRole('button', { name: 'Ouvrir la campagne' }).click();
  expect(await visible('Suivi — Besoins 2027')).toContain('0 adhérent sur 5 a répondu');
  await s.shot('06-campagne-suivi');
});

test('create a purchasing file with its Comité Opérationnel', async () => {
  await s.send('dossiers');
  const registry = s.card('Dossiers d’achat et marchés');
  await registry.waitFor({ timeout: 15_000 });
  await registry.getByRole('button', { name: 'Nouveau dossier' }).click();
  await registry.getByLabel('Titre du dossier').fill('Fournitures scolaires');
  await registry.getByLabel('Segment').fill('Fournitures');
  await registry.getByRole('button', { name: 'Créer le dossier et son comité' }).click();
  expect(await visible('Dossier « Fournitures scolaires » créé')).toContain('Fournitures scolaires');
  await s.shot('07-dossier');
});

test('roles: the person’s roles are ticked; one added, the others kept', async () => {
  const picker = await s.after('Rôles dans la centrale', () => s.send('rôles'));
  await picker.getByRole('combobox').click();
  await s.page.getByRole('option', { name: /^Jean Dupont/ }).click();
  const form = await s.after('Rôles de Jean Dupont', () =>
    picker.getByRole('button', { name: 'Afficher ses rôles' }).click(),
  );
  expect(await form.getByRole('checkbox', { name: 'Élu·e' }).isChecked()).toBe(true);
  expect(await form.getByRole('checkbox', { name: 'Référent·e de commune' }).isChecked()).toBe(true);
  expect(await form.getByRole('checkbox', { name: 'Direction Achats' }).isChecked()).toBe(false);
  await form.getByRole('checkbox', { name: 'Direction Achats' }).check();
  await s.shot('26-roles-formulaire');
  const saved = await s.after('Rôles enregistrés', () => form.getByRole('button', { name: 'Enregistrer' }).click());
  const said = await text(saved);
  expect(said).toContain('Jean Dupont');
  for (const role of ['Élu·e', 'Référent·e de commune', 'Direction Achats']) expect(said).toContain(role);
  await s.shot('27-roles-enregistres');
  // Opened again, the form ticks the three.
  const again = await s.after('Rôles dans la centrale', () => s.send('rôles'));
  await again.getByRole('combobox').click();
  await s.page.getByRole('option', { name: /^Jean Dupont/ }).click();
  const reopened = await s.after('Rôles de Jean Dupont', () =>
    again.getByRole('button', { name: 'Afficher ses rôles' }).click(),
  );
  for (const role of ['Élu·e', 'Référent·e de commune', 'Direction Achats'])
    expect(await reopened.getByRole('checkbox', { name: role }).isChecked()).toBe(true);
});
