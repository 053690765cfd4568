import { expect } from '@jest/globals';
import { Browser } from 'playwright-core';
import { PHONE_SCREEN, PHONE_WIDTH, formNames, launch, measureForms } from './phone-fit';

/**
 * Forms fit a phone: every form of cards/ rendered by the official renderer at 320 px, as Teams
 * first shows it, has its send button within one phone screen (900 px) from its top.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

test(`every form's send button is within ${PHONE_SCREEN} px of its top at ${PHONE_WIDTH} px wide`, async () => {
  const heights = await measureForms(browser);
  expect(heights.map((h) => h.name)).toEqual(formNames());
  const tooTall = heights.filter((h) => h.toSubmit < 0 || h.toSubmit > PHONE_SCREEN);
  expect(tooTall.map((h) => `${h.name}: « ${h.submit} » à ${h.toSubmit} px`)).toEqual([]);
});

test('pressed with its optional sections closed, every form sends all its inputs (nothing typed left behind)', async () => {
  const heights = await measureForms(browser);
  expect(heights.filter((h) => h.notSent.length).map((h) => `${h.name}: ${h.notSent.join(', ')}`)).toEqual([]);
});
