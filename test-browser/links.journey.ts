import { expect } from '@jest/globals';
import { Locator, Request } from 'playwright-core';
import { Session, openPlayground } from './playground';

/**
 * Links on cards, clicked as Claire Martin: a sitting held in person and online — her convocation
 * has « Rejoindre la réunion Teams », which opens the meeting's link, and the agenda's document
 * link opens the document. (Chromium here reaches nothing but 127.0.0.1: the opened page is
 * checked by its address, not loaded.)
 */
let s: Session;
const JOIN = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_copil%40thread.v2/0';
const DOC = 'https://intranet.example/copil/programmation-2027.pdf';

beforeAll(async () => {
  s = await openPlayground();
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

const text = async (card: Locator) => (await card.innerText()).replace(/\s+/g, ' ');

/**
 * The address a click opens in a new tab: the tab's first navigation, as Chromium requests it
 * (the request itself is aborted, like every one leaving 127.0.0.1, so the tab shows an error).
 */
async function opened(click: () => Promise<void>): Promise<string> {
  const asked: string[] = [];
  const onRequest = (r: Request) => {
    if (r.isNavigationRequest() && r.url().startsWith('https:')) asked.push(r.url());
  };
  s.page.context().on('request', onRequest);
  try {
    const popup = s.page.context().waitForEvent('page', { timeout: 15_000 });
    await click();
    const tab = await popup;
    for (let i = 0; i < 100 && asked.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await tab.close();
    return asked[0] ?? '';
  } finally {
    s.page.context().off('request', onRequest);
  }
}

test('a sitting in person and online: the convocation joins the Teams meeting and opens the agenda’s document', async () => {
  const form = await s.after('Convoquer une séance', () => s.send('convoquer copil'));
  await form.getByRole('combobox', { name: 'Modalité' }).click();
  await s.page.getByRole('option', { name: 'Mixte (sur place et à distance)' }).click();
  await form.getByLabel('Lieu').fill('Hôtel de la Métropole, salle du conseil');
  await form.getByLabel('Lien de la réunion en ligne').fill(JOIN);
  await form.locator('textarea').first().fill(`Programmation 2027 ; Direction Achats ; ${DOC}`);
  await s.shot('30-liens-convoquer');
  const mine = await s.after('Convocation — COPIL RReT', () => form.getByRole('button', { name: 'Convoquer' }).click());
  expect(await text(mine)).toContain('Programmation 2027');
  await s.shot('31-liens-convocation');
  // The renderer gives an Action.OpenUrl the role of a link.
  const join = mine.getByRole('link', { name: 'Rejoindre la réunion Teams' });
  expect(await join.count()).toBe(1);
  expect(await opened(() => join.click())).toBe(JOIN);
  // Named by its file, not by its address.
  const doc = mine.getByRole('link', { name: 'programmation-2027.pdf' });
  expect(await opened(() => doc.click())).toBe(DOC);
  await s.shot('32-liens-ouverts');
});
