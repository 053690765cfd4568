import { mkdtempSync, readFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { personKey } from '../../src/domain/identity';
import { createCosmosClient } from '../../src/store/cosmos-client';
import { randomUUID } from 'crypto';
import { COPIL_CHANNEL, DEMO_TENANT, USERS, botAdded, cardAction } from '../support/activities';
import { cardOf, textOf } from '../support/bot-harness';
import { FakeConnector } from '../support/fake-connector';
import { FaultyCosmos, documentWrites } from '../support/faulty-cosmos';
import { spawnBot } from '../support/bot-process';

describe('the bot process', () => {
  it('stops on SIGTERM with exit code 0, after saving what the last turn wrote', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'centrale-sigterm-'));
    const bot = await spawnBot({ BOT_MODE: 'local', DEMO_DATA: 'true', DATA_DIR: dataDir });
    try {
      const url = bot.url;
      const amina = personKey(DEMO_TENANT, USERS.amina.aadObjectId);
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          cardAction('http://127.0.0.1:9/', USERS.claire, 'roles.save', {
            personKey: amina,
            roles: 'referent,coordinateur',
            memberId: 'villeurbanne',
          }),
        ),
      });
      expect(res.status).toBe(200);
      bot.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      const snapshot = readFileSync(path.join(dataDir, 'cosmos-snapshot.json'), 'utf8');
      const saved = JSON.parse(snapshot).containers.centrales.find((d: any) => d.id === `person:${amina}`);
      expect(saved.data.roles).toEqual(['referent', 'coordinateur']);
    } finally {
      if (bot.child.exitCode === null) bot.kill('SIGKILL');
    }
  }, 90_000);

  it('killed mid-turn (SIGKILL), loses nothing: the next process finishes the convocation, once per member', async () => {
    const cosmos = await new FaultyCosmos().start();
    const connector = await new FakeConnector().start();
    const env = {
      BOT_MODE: 'local',
      DEMO_DATA: 'true',
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_EMULATOR: 'true',
      COSMOS_DATABASE: 'killed',
    };
    const post = (url: string, activity: unknown) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
    const draftId = randomUUID();
    const form = {
      instanceId: 'copil-reseau',
      draftId,
      date: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      time: '09:30',
      mode: 'presentiel',
      place: 'Salle du conseil',
      agenda: 'Programmation 2027 ; Direction Achats',
    };
    const first = await spawnBot(env);
    let second: Awaited<ReturnType<typeof spawnBot>> | null = null;
    try {
      await post(first.url, botAdded(connector.url, USERS.claire, COPIL_CHANNEL));
      // The turn stores the sitting, then hangs on its first outbox write: the process dies there.
      cosmos.hold((r) => documentWrites(r) && r.path.includes('/colls/outbox/'));
      const cut = post(first.url, cardAction(connector.url, USERS.claire, 'meeting.create', form, COPIL_CHANNEL)).then(
        () => 'answered',
        () => 'cut',
      );
      for (let i = 0; i < 200 && cosmos.heldCount === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(cosmos.heldCount).toBeGreaterThan(0);
      first.kill('SIGKILL');
      await first.exited;
      expect(await cut).toBe('cut');
      cosmos.dropHeld();
      expect(connector.sent().filter(isConvocation)).toHaveLength(0);

      // Teams showed an error; Claire sends the form again, to the next process.
      second = await spawnBot(env);
      const res = await post(
        second.url,
        cardAction(connector.url, USERS.claire, 'meeting.create', form, COPIL_CHANNEL),
      );
      expect(textOf(((await res.json()) as any).value)).toContain('Séance convoquée — COPIL RReT');
      const sent = await connector.waitFor(
        () => (connector.sent().filter(isConvocation).length >= 5 ? connector.sent().filter(isConvocation) : undefined),
        15_000,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(connector.sent().filter(isConvocation)).toHaveLength(5);
      expect(new Set(sent.map((a) => a.conversation.id)).size).toBe(5);
      // One sitting: the one the killed turn had stored, finished rather than doubled.
      const client = createCosmosClient({ kind: 'embedded', endpoint: cosmos.endpoint });
      const { resources } = await client
        .database('killed')
        .container('meetings')
        .items.query("SELECT c.pk FROM c WHERE c.type = 'sitting'")
        .fetchAll();
      client.dispose();
      expect(resources.map((d) => d.pk)).toEqual([`seance-${draftId}`]);
    } finally {
      if (first.child.exitCode === null) first.kill('SIGKILL');
      if (second) {
        second.kill('SIGTERM');
        await second.exited;
      }
      cosmos.dropHeld();
      await connector.stop();
      await cosmos.stop();
    }
  }, 120_000);
});

const isConvocation = (a: any) => textOf(cardOf(a)).includes('Convocation — COPIL RReT');
