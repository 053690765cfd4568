import { existsSync, mkdtempSync, readFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { seedYears } from '../../bench/seed-years';
import { openStore } from '../../src/store/open-store';
import { USERS, cardAction, message } from '../support/activities';
import { cardOf, textOf } from '../support/bot-harness';
import { spawnBot } from '../support/bot-process';
import { FakeConnector } from '../support/fake-connector';

/**
 * Years of history in local mode: seeded into an embedded store with a snapshot file (as the bot
 * keeps it), the bot process started again on that file serves them, and stops with exit code 0
 * keeping the file whole. E2E_YEARS sets how many: 5 by default, so that the test stays near a
 * minute on 2 busy cores (E2E_YEARS=20 passes too, in about two minutes there: seeding 160,000
 * documents, two whole snapshot writes and a restore in a ts-node process); bench:restore
 * measures the restore of 20 years (never a timed assertion here).
 */
const YEARS = Number(process.env.E2E_YEARS ?? 5);
const post = (url: string, activity: unknown) =>
  fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });

it(`restarts on ${YEARS} years of a large centrale, serves them, and stops keeping them`, async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'centrale-years-'));
  const file = path.join(dataDir, 'cosmos-snapshot.json');
  const store = await openStore({ kind: 'embedded', databaseId: 'centrale', snapshotFile: file });
  const seeded = await seedYears(store, { years: YEARS });
  const someone = (await store.governance.getPerson(seeded.centraleId, seeded.people.at(-4)!))!;
  await store.close();
  expect(existsSync(file)).toBe(true);

  const connector = await new FakeConnector().start();
  const bot = await spawnBot({ BOT_MODE: 'local', DEMO_DATA: 'true', DATA_DIR: dataDir });
  try {
    // A seeded référent is known: the help greets them by name.
    const user = { id: someone.teamsUserId!, name: someone.displayName, aadObjectId: someone.aadObjectId };
    expect((await post(bot.url, message(connector.url, user, 'aide'))).status).toBe(200);
    const help = await connector.waitFor(() => connector.sent().find((a) => a.recipient?.id === user.id), 30_000);
    expect(textOf(cardOf(help))).toContain(`Bonjour ${someone.displayName}`);

    expect((await post(bot.url, message(connector.url, USERS.amina, 'mes convocations'))).status).toBe(200);
    await connector.waitFor(() => connector.sent().find((a) => a.recipient?.id === USERS.amina.id), 30_000);

    const bilan = await post(bot.url, cardAction(connector.url, USERS.claire, 'disputes.bilan', {}));
    expect(bilan.status).toBe(200);
    expect(textOf(((await bilan.json()) as any).value)).toContain('litiges');
  } finally {
    bot.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    await connector.stop();
  }
  // Written whole at shutdown: every seeded document is in the file, no journal left beside it.
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { containers: Record<string, unknown[]> };
  expect(Object.values(saved.containers).reduce((n, docs) => n + docs.length, 0)).toBeGreaterThanOrEqual(seeded.docs);
  expect(existsSync(`${file}.journal`)).toBe(false);
}, 300_000);
