import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { Harness } from './bot-harness';
import { DEMO_TENANT, TestUser, USERS, Where, cardAction } from './activities';
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

/** A need for « Fournitures de bureau », sent (not a draft), with `over` changed. */
export const needForm = (over: Record<string, string> = {}) => ({
  segment: 'Fournitures de bureau',
  description: 'Papier A4 recyclé 80 g',
  quantity: '1 500',
  unit: 'ramettes',
  annual: '12 345,67',
  total: '37 037,01',
  wishedStart: '2028-01-01',
  duration: '36',
  commitment: 'ferme',
  submit: 'true',
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

/**
 * `n` more members of the COPIL RReT of Lyon (elected officials of the demo tenant), stored as
 * an administrator's roster import would: they can then be convened and answer.
 */
export async function addCopilMembers(
  h: Harness,
  n: number,
  prefix = 'membre',
  /** Each member's address, and how they asked to be sent notices (none: no address, Teams). */
  mail?: (i: number) => { email: string; delivery?: 'teams' | 'email' },
): Promise<TestUser[]> {
  const users: TestUser[] = Array.from({ length: n }, (_, i) => ({
    id: `29:${prefix}-${i}`,
    name: `Membre ${prefix} ${i + 1}`,
    aadObjectId: `${prefix.slice(0, 8).padEnd(8, '0')}-${String(i).padStart(4, '0')}-4000-8000-000000000000`,
  }));
  for (let i = 0; i < users.length; i += 50)
    await Promise.all(
      users.slice(i, i + 50).map((u, j) =>
        h.bot.store.governance.upsertPerson({
          key: personKey(DEMO_TENANT, u.aadObjectId),
          centraleId: 'metropole-de-lyon',
          tenantId: DEMO_TENANT,
          aadObjectId: u.aadObjectId,
          teamsUserId: u.id,
          displayName: u.name,
          email: null,
          ...mail?.(i + j),
          roles: ['elu'],
          memberId: null,
        }),
      ),
    );
  await h.bot.store.governance.updateInstance('metropole-de-lyon', 'copil-reseau', (i) =>
    withMembers(
      i,
      [...i.members.map((m) => m.personKey), ...users.map((u) => personKey(DEMO_TENANT, u.aadObjectId))],
      i.members.filter((m) => m.organiser).map((m) => m.personKey),
    ),
  );
  return users;
}
