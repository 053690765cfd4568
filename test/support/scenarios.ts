import { Harness } from './bot-harness';
import { TestUser, USERS, Where, cardAction } from './activities';
import { dayFromNow } from './forms';

/**
 * The steps many end-to-end tests begin with, done once here: a sitting convened, a ballot
 * opened, through the bot's real endpoint as the organiser's card would send them.
 */

/** The value of `"field":"…"` in a card (the first one): the id a later button carries. */
export const idIn = (card: unknown, field: string): string => {
  const found = JSON.stringify(card).match(new RegExp(`"${field}":"([^"]+)"`))?.[1];
  if (!found) throw new Error(`no ${field} in ${JSON.stringify(card).slice(0, 300)}`);
  return found;
};

/** The short convocation of the COPIL RReT in ten days, with `over` changed. */
export const sittingForm = (over: Record<string, string> = {}) => ({
  instanceId: 'copil-reseau',
  date: dayFromNow(10),
  time: '09:30',
  mode: 'presentiel',
  place: 'Salle du conseil',
  agenda: 'Programmation 2027',
  ...over,
});

/** A ballot of the COPIL RReT closing in three days at 18:00, with `over` changed. */
export const ballotForm = (over: Record<string, string> = {}) => ({
  instanceId: 'copil-reseau',
  subject: 'Programmation 2027',
  question: 'Validez-vous ?',
  closeDate: dayFromNow(3),
  closeTime: '18:00',
  ...over,
});

/** Claire (or `by`) convenes a sitting; gives its id and the card she got back. */
export async function convene(
  h: Harness,
  form: Record<string, string> = sittingForm(),
  by: TestUser = USERS.claire,
  where?: Where,
): Promise<{ sittingId: string; card: unknown }> {
  const res = await h.post(cardAction(h.connector.url, by, 'meeting.create', form, where));
  return { sittingId: idIn(res.body.value, 'sittingId'), card: res.body.value };
}

/** Claire (or `by`) opens a ballot; gives its id and the card she got back. */
export async function openBallot(
  h: Harness,
  form: Record<string, string> = ballotForm(),
  by: TestUser = USERS.claire,
  where?: Where,
): Promise<{ ballotId: string; card: unknown }> {
  const res = await h.post(cardAction(h.connector.url, by, 'ballot.open', form, where));
  return { ballotId: idIn(res.body.value, 'ballotId'), card: res.body.value };
}
