import { expect } from '@jest/globals';
import { Browser } from 'playwright-core';
import { PHONE_SCREEN, launch, measureForms } from './phone-fit';

/**
 * « Prix et volumes » on a phone (h64): rendered by the official renderer at 320 px with its
 * sample, « Enregistrer » is within one phone screen, and pressing it sends every input, those
 * of the folded sections (member rows, renewals) included.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

test('the contract economics form fits a phone and sends everything typed', async () => {
  const [m] = await measureForms(browser, ['contract.economics']);
  console.log(`contract.economics: ${m!.height} px, « ${m!.submit} » à ${m!.toSubmit} px`);
  expect(m!.submit).toBe('Enregistrer');
  expect(m!.toSubmit).toBeGreaterThan(0);
  expect(m!.toSubmit).toBeLessThanOrEqual(PHONE_SCREEN);
  expect(m!.notSent).toEqual([]);
});
