import { needForm } from '../support/scenarios';
import { personKey } from '../../src/domain/identity';
import { CosmosRequest } from '../../src/store/embedded-cosmos';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction, message } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';

/**
 * No user action queries across partitions (issue 18): each query names its partition, and the
 * lists of « mes … » read an index. The main actions go through /api/messages while the embedded
 * database counts every request; a query without a partition key (Cosmos then runs it on every
 * partition, after a query plan request) fails the test, naming the action and the container.
 * The delivery worker's own scans of the outbox and the timers run beside the actions and are
 * not theirs (their backoff is measured by bench:requests).
 */
let h: Harness;
const seen: CosmosRequest[] = [];
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const WORKER = /\/colls\/(outbox|jobs|deliveries|leases)\//;
const crossPartition: string[] = [];

/** Runs one action and records the queries it made without naming a partition. */
async function action(name: string, run: () => Promise<unknown>) {
  const from = seen.length;
  const result = await run();
  for (const r of seen.slice(from))
    if (r.query && !r.queryPlan && r.partitionKey === null && !WORKER.test(r.path))
      crossPartition.push(`${name}: ${r.path.replace(/^\/dbs\/[^/]+\/colls\//, '')}`);
  return result as { body: { value: unknown } };
}
const idIn = (res: { body: { value: unknown } }, field: string) =>
  JSON.stringify(res.body.value).match(new RegExp(`"${field}":"([^"]+)"`))![1]!;

beforeAll(async () => {
  // In memory: the snapshot of local mode (its dump reads every container) is not an action's.
  h = await startHarness({}, { store: { kind: 'embedded', databaseId: 'partition-queries', snapshotFile: null } });
  h.bot.store.embedded!.onRequest((r) => seen.push(r));
  await h.post(botAdded(h.connector.url, USERS.claire, COPIL_CHANNEL));
});
afterAll(() => h.stop());

it('makes no query across partitions in the main user actions', async () => {
  const url = h.connector.url;
  const post = (user: typeof USERS.claire, verb: string, data: Record<string, unknown>) =>
    h.post(cardAction(url, user, verb, data));
  const say = (user: typeof USERS.claire, text: string) => h.post(message(url, user, text));

  const convened = await action('meeting.create', () =>
    post(USERS.claire, 'meeting.create', {
      instanceId: 'copil-reseau',
      date: day(10),
      time: '09:30',
      mode: 'presentiel',
      place: 'Salle du conseil',
      agenda: 'Programmation 2027',
      proxiesAllowed: 'true',
    }),
  );
  const sittingId = idIn(convened, 'sittingId');
  await action('meeting.answer', () => post(USERS.amina, 'meeting.answer', { sittingId, choice: 'present' }));
  await action('mes convocations', () => say(USERS.amina, 'mes convocations'));
  await action('quorum ?', () => say(USERS.claire, 'quorum ?'));
  await action('quorum ? (membre)', () => say(USERS.amina, 'quorum ?'));
  await action('circuit.start', () =>
    post(USERS.claire, 'circuit.start', {
      circuitId: 'circuit-partitions',
      subjectKind: 'programme',
      subject: 'Programmation 2027',
      voteDays: '5',
      stage0: 'copil-reseau',
      kind0: 'avis',
    }),
  );
  await action('où en est le circuit ?', () => say(USERS.amina, 'où en est le circuit ?'));

  const opened = await action('ballot.open', () =>
    post(USERS.claire, 'ballot.open', {
      instanceId: 'copil-reseau',
      subject: 'Programmation 2027',
      question: 'Le COPIL RReT valide-t-il la programmation 2027 ?',
      choices: 'Pour\nContre\nAbstention',
      closeDate: day(2),
      closeTime: '18:00',
      chairKey: key(USERS.claire),
    }),
  );
  const ballotId = idIn(opened, 'ballotId');
  await action('ballot.vote', () => post(USERS.amina, 'ballot.vote', { ballotId, choice: 'Pour' }));
  await action('mes scrutins', () => say(USERS.amina, 'mes scrutins'));

  const campaign = await action('campaign.open', () =>
    post(USERS.sophie, 'campaign.open', {
      title: 'Besoins 2028',
      segments: 'Fournitures de bureau',
      deadline: day(30),
      channelInstanceId: 'copil-reseau',
    }),
  );
  const campaignId = JSON.stringify(campaign.body.value).match(/"(campagne-[^"]+)"/)![1]!;
  await action('need.save', () => post(USERS.amina, 'need.save', { campaignId, ...needForm() }));
  await action('besoins', () => say(USERS.amina, 'besoins'));
  await action('mes campagnes', () => say(USERS.sophie, 'mes campagnes'));

  await post(USERS.claire, 'registry.file.save', {
    title: 'Fournitures scolaires',
    segment: 'Fournitures',
    coordinatorKey: key(USERS.sophie),
    memberKeys: key(USERS.claire),
  });
  await post(USERS.claire, 'registry.contract.save', {
    fileId: 'fournitures-scolaires',
    number: '2026-014',
    title: 'Fournitures scolaires',
    supplier: 'Papeteries Réunies',
    lots: 'Lot 1',
    startDate: day(-100),
    endDate: day(600),
    memberIds: 'villeurbanne',
  });
  const contractId = (await h.bot.store.disputes.listContracts('metropole-de-lyon'))[0]!.id;
  const reported = await action('dispute.report', () =>
    post(USERS.amina, 'dispute.report', {
      contractId,
      category: 'retard',
      factsDate: day(-2),
      reference: 'BC-2026-118',
      description: 'Livraison attendue le 12, rien reçu à ce jour.',
      severity: 'haute',
    }),
  );
  expect(textOf(reported.body.value)).toMatch(/LIT-\d{4}-0001/);
  const [dispute] = await h.bot.store.disputes.listByCentrale('metropole-de-lyon');
  await action('dispute.act', () =>
    post(USERS.sophie, 'dispute.act', { fileId: dispute!.fileId, disputeId: dispute!.id, kind: 'prendre', text: '' }),
  );
  await action('mes litiges', () => say(USERS.amina, 'mes litiges'));
  const bilan = await action('disputes.bilan', () => post(USERS.claire, 'disputes.bilan', {}));
  expect(textOf(bilan.body.value)).toContain('1 litige, 0 résolu.');

  expect(crossPartition).toEqual([]);
});
