import { dayFromNow } from '../test/support/forms';
import { expect } from '@jest/globals';
import { COPIL_CHANNEL, TEAM_ID, USERS, cardAction } from '../test/support/activities';
import { Locator } from 'playwright-core';
import { Session, openPlayground } from './playground';

/**
 * The member side, clicked as Amina Haddad (référente of Villeurbanne, member of the Comité
 * Opérationnel of « Fournitures scolaires », whose channel is the team's General channel). The
 * coordinators' set-up (a needs campaign, the file and its contract) is sent to the bot as their
 * own Teams activities, before Amina clicks.
 */
let s: Session;
const GENERAL = { kind: 'channel', conversationId: TEAM_ID, channelName: 'General', teamId: TEAM_ID } as const;
const day = dayFromNow;

async function asCoordinator(activity: unknown) {
  const res = await fetch(`http://127.0.0.1:${s.bot.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (res.status !== 200) throw new Error(`set-up failed: HTTP ${res.status}`);
  return res.json() as Promise<any>;
}

beforeAll(async () => {
  s = await openPlayground({ configDir: 'referente' });
  await asCoordinator(
    cardAction(s.connectorUrl, USERS.sophie, 'campaign.open', {
      title: 'Besoins 2027',
      segments: 'Fournitures de bureau\nRestauration collective',
      deadline: day(14),
      channelInstanceId: 'copil-reseau',
    }),
  );
  await asCoordinator(
    cardAction(s.connectorUrl, USERS.claire, 'registry.file.save', {
      title: 'Fournitures scolaires',
      segment: 'Fournitures',
      coordinatorKey: `6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b:${USERS.claire.aadObjectId}`,
      memberKeys: `6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b:${USERS.amina.aadObjectId}`,
    }),
  );
  await asCoordinator(
    cardAction(s.connectorUrl, USERS.claire, 'registry.contract.save', {
      fileId: 'fournitures-scolaires',
      number: '2026-014',
      title: 'Fournitures scolaires',
      supplier: 'Papeteries Réunies',
      startDate: day(-100),
      endDate: day(600),
      memberIds: 'villeurbanne',
    }),
  );
  const linked = await asCoordinator(
    cardAction(
      s.connectorUrl,
      USERS.claire,
      'channel.link',
      { instanceId: 'comite-operationnel-fournitures-scolaires' },
      GENERAL,
    ),
  );
  if (!JSON.stringify(linked).includes('Canal lié')) throw new Error('set-up: the General channel was not linked');
  void COPIL_CHANNEL;
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

const visible = async (text: string, timeout = 15_000) => {
  await s.card(text).waitFor({ state: 'visible', timeout });
  return (await s.card(text).innerText()).replace(/\s+/g, ' ');
};

test('submit a need to the campaign', async () => {
  await s.send('besoins');
  const mine = s.card('Recensement des besoins — Besoins 2027');
  await mine.waitFor({ timeout: 15_000 });
  await mine.getByRole('button', { name: 'Déclarer un besoin' }).click();
  const form = s.card('Déclarer un besoin — Besoins 2027');
  await form.waitFor({ timeout: 15_000 });
  await form.getByLabel('Description du besoin').fill('Papier A4 recyclé 80 g');
  await form.getByLabel('Quantité').fill('1 200');
  await form.getByLabel('Unité').fill('ramettes');
  await form.getByLabel('Montant annuel estimé (€ HT)').fill('-5');
  await form.getByLabel('Montant total, toute la durée (€ HT)').fill('37 037,01');
  await form.getByLabel('Durée (mois)').fill('36');
  await form.getByRole('button', { name: 'Envoyer à la coordination' }).click();
  await visible('Un montant ne peut pas être négatif.');
  const again = s.card('Déclarer un besoin — Besoins 2027');
  // Nothing typed is lost: the form comes back with the values in their fields.
  expect(await again.getByLabel('Description du besoin').inputValue()).toBe('Papier A4 recyclé 80 g');
  await again.getByLabel('Montant annuel estimé (€ HT)').fill('12 345,67');
  await again.getByRole('button', { name: 'Envoyer à la coordination' }).click();
  expect(await visible('Besoin envoyé à la coordination.')).toContain('12 345,67 € HT par an, 37 037,01 € HT au total');
  await s.shot('11-besoin-envoye');
});

test('report a dispute, see it arrive in the committee’s channel, take charge', async () => {
  await s.send('litige');
  const form = s.card('Signaler un problème sur un marché');
  await form.waitFor({ timeout: 15_000 }).catch(async (e) => {
    throw new Error(
      `${String(e)}\nlast card: ${(await s.page.locator('.ac-adaptiveCard').last().innerText()).replace(/\s+/g, ' ')}`,
    );
  });
  await form.getByLabel('Description').fill('Livraison attendue le 12 : rien reçu à ce jour.');
  await form.getByRole('button', { name: 'Signaler' }).click();
  const ack = await visible('votre signalement porte la référence');
  const ref = ack.match(/LIT-\d{4}-\d{4}/)![0];
  await s.shot('12-litige-accuse');
  await s.page.getByRole('treeitem', { name: 'Centrale d’achat - General' }).click();
  const posted = await visible(`Litige ${ref}`, 20_000);
  expect(posted).toContain('Nouveau');
  await s.card(`Litige ${ref}`).getByRole('button', { name: 'Prendre en charge' }).click();
  await s.page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: `Litige ${ref}` })
    .filter({ hasText: 'Pris en charge' })
    .last()
    .waitFor({ timeout: 15_000 });
  await s.shot('13-litige-pris-en-charge');
});

const text = async (card: Locator) => (await card.innerText()).replace(/\s+/g, ' ');
const CAMPAIGN = 'Recensement des besoins — Besoins 2027';
const FORM = 'Déclarer un besoin — Besoins 2027';

/** « Vos besoins (N) » on Amina's campaign card, after typing « besoins ». */
async function needsCount(): Promise<number> {
  await s.page.getByRole('treeitem', { name: 'Personal Chat' }).click();
  const card = await s.after(CAMPAIGN, () => s.send('besoins'));
  return Number(/Vos besoins \((\d+)\)/.exec(await text(card))?.[1] ?? 0);
}

const openNeedForm = () =>
  s.after(FORM, () => s.card(CAMPAIGN).getByRole('button', { name: 'Déclarer un besoin' }).click());

test('the need form’s defaults are sendable: « Durée (mois) » left at 12', async () => {
  const before = await needsCount();
  const form = await openNeedForm();
  expect(await form.getByLabel('Durée (mois)').inputValue()).toBe('12');
  await form.getByLabel('Description du besoin').fill('Enveloppes kraft C4');
  await form.getByLabel('Quantité').fill('5 000');
  await form.getByLabel('Unité').fill('enveloppes');
  await form.getByLabel('Montant annuel estimé (€ HT)').fill('900');
  await form.getByLabel('Montant total, toute la durée (€ HT)').fill('900');
  await s.shot('14-besoin-defauts-formulaire');
  const sent = await text(
    await s.after('Besoin envoyé à la coordination.', () =>
      form.getByRole('button', { name: 'Envoyer à la coordination' }).click(),
    ),
  );
  expect(sent).toContain('Enveloppes kraft C4');
  expect(sent).toContain(`Vos besoins (${before + 1})`);
  await s.shot('15-besoin-defauts-envoye');
});

test('« Envoyer à la coordination » clicked twice fast declares one need', async () => {
  const before = await needsCount();
  const form = await openNeedForm();
  await form.getByLabel('Description du besoin').fill('Agrafes 24/6');
  await form.getByLabel('Quantité').fill('300');
  await form.getByLabel('Unité').fill('boîtes');
  await form.getByLabel('Montant annuel estimé (€ HT)').fill('450');
  await form.getByLabel('Montant total, toute la durée (€ HT)').fill('450');
  const sent = await s.after('Besoin envoyé à la coordination.', () =>
    form.getByRole('button', { name: 'Envoyer à la coordination' }).dblclick(),
  );
  expect(await text(sent)).toContain('Agrafes 24/6');
  await s.shot('16-besoin-double-clic');
  // Whatever the second click answered, it is no refusal and no second need.
  expect(await needsCount()).toBe(before + 1);
  expect((await text(s.card(CAMPAIGN))).match(/Agrafes 24\/6/g)).toHaveLength(1);
  const all = (await s.page.locator('.ac-adaptiveCard').allInnerTexts()).join('\n');
  expect(all).not.toMatch(/Un problème est survenu|Action impossible|Données invalides/);
  await s.shot('17-besoin-un-seul');
});
